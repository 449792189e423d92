"""Serving MEDIA_ROOT (public uploads) with the headers that keep it inert.

In production the proxy serves MEDIA_ROOT and must send the same headers (see the README);
this view does it for `make run` and tests (settings.SERVE_MEDIA). Even a file that is not
what it claims could never run script from the site's origin: the browser must not guess its
type (nosniff), and a sandboxed, resource-less document has no origin, cookies or scripts."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

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
