from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cluster_hub import page_cache


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site pages")

    def ready(self):
        # Registers the home page's context.
        from home import views  # noqa: F401

        # Any content change invalidates the cached copies of the site's pages (every app's
        # models are loaded by the time a ready() runs).
        page_cache.connect_signals()
