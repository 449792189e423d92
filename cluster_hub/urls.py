import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.views import api
from cluster_hub.media import serve_media
from cluster_hub.pages import serve_page
from home import views as home_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", home_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
]

if settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media)
    )

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("translations.urls")),
    path("", include("clusters.urls")),
    path("", include("collaboration.urls")),
    path("", include("equipment.urls")),
    path("", include("notifications.urls")),
    path("", include("forums.urls")),
    path("", include("events.urls")),
    path("", include("matchmaking.urls")),
    path("", include("outcomes.urls")),
    path("", include("search.urls")),
    # Wagtail's pages, through the cached route (cluster_hub/pages.py); its other URLs as usual.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler403 = "home.views.permission_denied"
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
