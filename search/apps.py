from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"
    verbose_name = _("Search")
    # The index follows content changes, which invalidate cached pages themselves; a rebuild
    # deletes it row by row, which must stay one fast delete (cluster_hub/page_cache.py).
    page_cache_ignores = ("site_search.SearchEntry",)

    def ready(self):
        from clusters.services import grant_to_coordinators
        from search import signals

        signals.connect()
        # Coordinators extend the search glossary in the admin (search/wagtail_hooks.py).
        grant_to_coordinators(
            "site_search",
            ["add_glossaryterm", "change_glossaryterm", "delete_glossaryterm", "view_glossaryterm"],
        )
