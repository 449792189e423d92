from datetime import datetime, time, timedelta

from django.utils import timezone

from cluster_hub.text import keyword_condition
from equipment.models import Equipment, EquipmentBooking


def equipment_catalogue(*, category=None, query=None):
    queryset = Equipment.objects.filter(is_active=True).select_related("owner")
    if category:
        queryset = queryset.filter(category=category)
    matches = keyword_condition(query, ["name", "name_en", "specs", "owner__name", "location"])
    if matches is not None:
        queryset = queryset.filter(matches).distinct()
    return queryset.order_by("category", "name", "pk")


def bookings_in_week(equipment, monday):
    """Slot-holding bookings of the week that starts on `monday` (local time)."""
    start = timezone.make_aware(datetime.combine(monday, time.min))
    end = start + timedelta(days=7)
    return (
        EquipmentBooking.objects.filter(
            equipment=equipment,
            status__in=EquipmentBooking.HOLDING_STATUSES,
            starts_at__lt=end,
            ends_at__gt=start,
        )
        .select_related("booker", "booker__profile", "organisation")
        .order_by("starts_at")
    )


def bookings_of(user):
    return (
        EquipmentBooking.objects.filter(booker=user)
        .select_related("equipment", "equipment__owner")
        .order_by("-starts_at")
    )


def pending_for_managers(equipment):
    return (
        equipment.bookings.filter(status=EquipmentBooking.Status.REQUESTED)
        .select_related("booker", "booker__profile", "organisation")
        .order_by("starts_at")
    )
