from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("New Business Venture Forum")

    def ready(self):
        # Registers the edition page's context, its programme sub-page and the header's forum link.
        from forums import (
            outcome_origins,
            views,  # noqa: F401
        )

        outcome_origins.register()
