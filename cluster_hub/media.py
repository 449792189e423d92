"""Serving MEDIA_ROOT (public uploads) with the headers that keep it inert.

In production the proxy serves MEDIA_ROOT and must send the same headers (see the README);
this view does it for `make run` and tests (settings.SERVE_MEDIA). Even a file that is not
what it claims could never run script from the site's origin: the browser must not guess its
type (nosniff), and a sandboxed, resource-less document has no origin, cookies or scripts."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.views.static import serve

from cluster_hub.uploads import download_name

MEDIA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def serve_media(request, path):
    if not settings.SERVE_MEDIA:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    for header, value in MEDIA_HEADERS.items():
        response[header] = value
    return response


# Private files a browser may show inline: they run nothing.
INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/webp")


def private_file_response(stored):
    """A stored private file (an attachment: `file`, `name`, `content_type`) for a view that
    checked permission: inline only for types a browser shows without running anything,
    never HTML; under the client's name with the extension of the detected type."""
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=stored.content_type not in INLINE_TYPES,
        filename=download_name(stored.name, stored.content_type),
        content_type=stored.content_type,
    )
