"""CSV exports that open safely in Excel, LibreOffice and Google Sheets.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by spreadsheet
programs as a formula (a profile named `=HYPERLINK(...)` becomes a live link that leaks the
sheet's data). Such text cells get a leading apostrophe, which the programs show as plain text.
Numbers stay numbers."""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename, header, rows):
    """An attachment with a UTF-8 BOM (so Excel reads Korean text right) and safe cells."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in (header, *rows):
        writer.writerow([safe_cell(value) for value in row])
    return response
