import hashlib
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def source_digest(values):
    """A fingerprint of the source texts a translation was made from: when the source
    changes, its translations read "needs update"."""
    return hashlib.sha256(
        json.dumps(values, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


class TranslationStatus(models.TextChoices):
    SOURCE = "source", _("source")
    TRANSLATED = "translated", _("translated")
    MACHINE = "machine", _("machine-translated")
    NEEDS_UPDATE = "needs_update", _("needs update")
    MISSING = "missing", _("not translated")


class ContentTranslation(models.Model):
    """One object's translatable fields in one language."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    fields = models.JSONField(_("translated fields"), default=dict)
    # The source texts' fingerprint when the translation was made or last confirmed.
    source_digest = models.CharField(max_length=64)
    machine_translated = models.BooleanField(_("machine-translated"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("content translation")
        verbose_name_plural = _("content translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                name="one_translation_per_language",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id} [{self.language}]"

    def text(self, name):
        return self.fields.get(name, "")
