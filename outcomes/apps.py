from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "outcomes"
    verbose_name = _("Outcomes")
    # The ledger is private to the organisations in it and their coordinators, shown only on
    # personal pages that are never cached.
    page_cache_ignores = (
        "outcomes.Outcome",
        "outcomes.OutcomeEvidence",
        "outcomes.OutcomeChange",
    )

    def ready(self):
        from outcomes import panels  # noqa: F401
