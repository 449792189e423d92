"""Django's locale middleware, except that API responses are never redirected.

With `prefix_default_language`, Django answers a 404 outside the language prefixes by
redirecting to `/ko/...` when that path resolves, and Wagtail's catch-all makes every path
resolve: an API client asking for a missing organisation would get a redirect to an HTML page
instead of its JSON 404.
"""

from django.middleware.locale import LocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

UNPREFIXED_PATHS = ("/api/",)


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED_PATHS):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)
