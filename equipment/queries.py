from datetime import datetime, time, timedelta

from django.utils import timezone

from cluster_hub.text import keyword_condition
from clusters import permissions as cluster_permissions
from clusters.models import Organisation
from equipment.models import CalendarSubscription, Equipment, EquipmentBooking


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


def subscribed_user(token):
    """The person whose calendar address this is, or None."""
    subscription = (
        CalendarSubscription.objects.select_related("user").filter(token=token).first()
        if token
        else None
    )
    return subscription.user if subscription and subscription.user.is_active else None


def approvals_for(user):
    """Booking requests waiting for `user`'s decision: on every machine of every organisation
    they manage (their own as its admin, their clusters' as coordinator), oldest slot first."""
    pending = EquipmentBooking.objects.filter(status=EquipmentBooking.Status.REQUESTED)
    owners = Organisation.objects.filter(pk__in=pending.values("equipment__owner_id"))
    managed = [
        owner.pk for owner in owners if cluster_permissions.can_edit_organisation(user, owner)
    ]
    return (
        pending.filter(equipment__owner_id__in=managed)
        .select_related(
            "equipment", "equipment__owner", "booker", "booker__profile", "organisation"
        )
        .order_by("starts_at", "pk")
    )
