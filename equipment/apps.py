from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "equipment"
    verbose_name = _("Shared equipment")

    def ready(self):
        from equipment import outcome_origins

        outcome_origins.register()
