from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

from cluster_hub import page_cache
from cluster_hub.pages import page_context
from clusters.queries import cluster_pages_with_counts, directory_totals
from events.queries import upcoming_in
from home.models import HomePage


@page_context(HomePage)
def home_page_context(request, page):
    # The same for every reader of the language: built once per content change.
    return page_cache.shared(
        "home",
        lambda: {
            "clusters": list(cluster_pages_with_counts(page.locale)),
            "totals": directory_totals(),
            "upcoming_events": list(upcoming_in(page.locale, limit=3)),
        },
        page.pk,
    )


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request context: the page must not depend on anything that can fail.
    return HttpResponseServerError(loader.render_to_string("500.html"))
