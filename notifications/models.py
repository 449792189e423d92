from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.kinds import NotificationKind
from notifications.texts import render_message


class Notification(models.Model):
    """Something that happened which one person should know about.

    The text is not stored: it is rendered from `kind` and `params` in the reader's language,
    so the same notification reads in Korean on the site and in English in an email if that is
    what the recipient chose."""

    Kind = NotificationKind

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    url_name = models.CharField(max_length=100, blank=True)
    url_args = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.recipient} · {self.kind}"

    @property
    def is_unread(self):
        return self.read_at is None

    @property
    def target_url(self):
        """The page the notification is about, in the active language."""
        return reverse(self.url_name, args=self.url_args) if self.url_name else ""

    @property
    def message(self):
        return render_message(self)
