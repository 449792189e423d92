from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cluster_hub.uploads import public_image_storage
from clusters.models import Organisation


class Equipment(models.Model):
    """A piece of shared equipment members can book: a CMM, a 3D scanner, a climate chamber."""

    class Category(models.TextChoices):
        MEASUREMENT = "measurement", _("Measurement")
        SCANNING = "scanning", _("3D scanning")
        PRINTING = "printing", _("3D printing")
        TESTING = "testing", _("Testing chambers")
        ELECTRONICS = "electronics", _("Electronics test")
        MACHINING = "machining", _("Machining and tools")
        SOFTWARE = "software", _("Design software")

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="equipment",
        verbose_name=_("owner organisation or support centre"),
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    location = models.CharField(_("location"), max_length=255)
    fee_per_hour = models.PositiveIntegerField(
        _("fee per hour (KRW)"), default=0, help_text=_("0 means free of charge.")
    )
    specs = models.TextField(_("specifications"), blank=True)
    photo = models.ImageField(
        _("photo"), upload_to="equipment/", storage=public_image_storage, blank=True
    )
    requires_approval = models.BooleanField(_("bookings need the owner's approval"), default=True)
    max_hours = models.PositiveSmallIntegerField(_("longest booking (hours)"), default=8)
    opens_at = models.TimeField(_("bookable from"), default=time(9, 0))
    closes_at = models.TimeField(_("bookable until"), default=time(18, 0))
    is_active = models.BooleanField(_("available for booking"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_hours__gte=1), name="equipment_max_hours_positive"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__lt=F("closes_at")), name="equipment_opening_hours_ordered"
            ),
        ]
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("equipment:detail", args=[self.pk])

    @property
    def is_free(self):
        return self.fee_per_hour == 0

    @property
    def display_name(self):
        from django.utils.translation import get_language

        if self.name_en and (get_language() or "ko") != "ko":
            return self.name_en
        return self.name


class EquipmentBooking(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    # Bookings in these states hold their slot; the database refuses overlaps among them
    # (an exclusion constraint on PostgreSQL, triggers on SQLite: see the migrations).
    HOLDING_STATUSES = (Status.REQUESTED, Status.APPROVED)

    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="bookings")
    booker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="equipment_bookings"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    purpose = models.CharField(_("purpose"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["equipment", "starts_at"], name="booking_by_start")]
        verbose_name = _("equipment booking")
        verbose_name_plural = _("equipment bookings")

    def __str__(self):
        return f"{self.equipment} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def holds_slot(self):
        return self.status in self.HOLDING_STATUSES

    @property
    def hours(self):
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class CalendarSubscription(models.Model):
    """A secret address at which a person's calendar app reads their bookings without a
    session (calendar apps cannot sign in). Making a new one retires the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="booking_calendar"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("booking calendar subscription")

    def __str__(self):
        return f"calendar of {self.user_id}"
