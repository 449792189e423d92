from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications")
    # A person's notifications are never on a shared page (cluster_hub/page_cache.py).
    page_cache_ignores = ("notifications.Notification",)

    def ready(self):
        # Tells people about what the apps below report through their signals.
        from notifications import receivers  # noqa: F401
