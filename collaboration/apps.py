from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "collaboration"
    verbose_name = _("Collaboration")

    def ready(self):
        # Registers the dashboard's "requests for you" panel.
        # And its requests' translatable fields.
        from collaboration import outcome_origins, panels, translatable  # noqa: F401

        outcome_origins.register()
