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


def xlsx_response(filename, header, rows, *, title="Sheet"):
    """The same table as an Excel workbook. Text is stored as text, never as a formula
    (openpyxl would otherwise store "=..." as one); numbers stay numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row_number, row in enumerate((header, *rows), start=1):
        for column_number, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
            if row_number == 1:
                cell.font = Font(bold=True)
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    workbook.save(response)
    return response
