"""Booking shared equipment. The database itself refuses overlapping bookings; these functions
check the rules first so people get a clear message, and turn a lost race into the same one."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters import permissions as cluster_permissions
from clusters.models import MemberProfile
from equipment import permissions
from equipment.models import CalendarSubscription, Equipment, EquipmentBooking
from notifications.models import Notification
from notifications.services import notify, notify_many

Status = EquipmentBooking.Status


# How far ahead a booking may start.
BOOKING_HORIZON = timedelta(days=365)


def slot_taken_error():
    return ValidationError(_("This time overlaps another booking of the same equipment."))


def _params(booking, actor=None):
    # The time is kept as data and written out when the notification is read, in the
    # reader's language (notifications.texts), not in the actor's.
    params = {
        "equipment": booking.equipment.name,
        "starts_at": booking.starts_at.isoformat(),
        "ends_at": booking.ends_at.isoformat(),
    }
    if actor is not None:
        profile = getattr(actor, "profile", None)
        params["actor"] = (profile and profile.full_name) or actor.email
    return params


def managers_of(equipment):
    """People told about new bookings: the owner organisation's confirmed admins."""
    return [
        profile.user
        for profile in MemberProfile.objects.filter(
            organisation=equipment.owner, membership_confirmed=True, is_organisation_admin=True
        ).select_related("user")
    ]


def check_booking_rules(equipment, starts_at, ends_at, *, now=None):
    now = now or timezone.now()
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    if starts_at < now:
        raise ValidationError({"starts_at": _("Bookings must start in the future.")})
    if starts_at > now + BOOKING_HORIZON:
        raise ValidationError({"starts_at": _("Bookings can be made at most one year ahead.")})
    hours = (ends_at - starts_at).total_seconds() / 3600
    if hours > equipment.max_hours:
        raise ValidationError(
            {
                "ends_at": _("This equipment can be booked for at most %(hours)s hours at a time.")
                % {"hours": equipment.max_hours}
            }
        )
    start_local, end_local = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if (
        start_local.date() != end_local.date()
        or start_local.time() < equipment.opens_at
        or end_local.time() > equipment.closes_at
    ):
        raise ValidationError(
            _("Bookings must fall within opening hours, %(opens)s–%(closes)s, on one day.")
            % {
                "opens": equipment.opens_at.strftime("%H:%M"),
                "closes": equipment.closes_at.strftime("%H:%M"),
            }
        )


def request_booking(equipment, *, actor, starts_at, ends_at, purpose, now=None):
    """Book a slot (approved at once unless the equipment needs approval). `now` is the
    service's clock: an import of past bookings gives the time each was made."""
    now = now or timezone.now()
    if not permissions.can_book(actor, equipment):
        raise PermissionDenied
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("Please say what you will use it for.")})
    check_booking_rules(equipment, starts_at, ends_at, now=now)
    auto_approved = not equipment.requires_approval
    try:
        with transaction.atomic():
            # Serialise bookings of one piece of equipment (a row lock on PostgreSQL); the
            # database constraint below is what guarantees it, this just keeps it polite.
            Equipment.objects.select_for_update().get(pk=equipment.pk)
            if _overlapping(equipment, starts_at, ends_at).exists():
                raise slot_taken_error()
            booking = EquipmentBooking.objects.create(
                equipment=equipment,
                booker=actor,
                organisation=actor.profile.organisation,
                starts_at=starts_at,
                ends_at=ends_at,
                purpose=purpose,
                status=Status.APPROVED if auto_approved else Status.REQUESTED,
                decided_at=now if auto_approved else None,
            )
            if not auto_approved:
                notify_many(
                    recipients=managers_of(equipment),
                    actor=actor,
                    kind=Notification.Kind.BOOKING_REQUESTED,
                    params=_params(booking, actor),
                    url_name="equipment:detail",
                    url_args=[equipment.pk],
                )
    except IntegrityError as error:
        # Another booking won the race between our check and our insert.
        raise slot_taken_error() from error
    return booking


def _overlapping(equipment, starts_at, ends_at):
    return EquipmentBooking.objects.filter(
        equipment=equipment,
        status__in=EquipmentBooking.HOLDING_STATUSES,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )


def _decide(booking, *, actor, status, kind):
    if not permissions.can_decide_booking(actor, booking):
        raise PermissionDenied
    with transaction.atomic():
        locked = EquipmentBooking.objects.select_for_update().get(pk=booking.pk)
        if locked.status != Status.REQUESTED:
            raise ValidationError(_("This booking has already been decided."))
        locked.status = status
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        notify(
            recipient=locked.booker,
            actor=actor,
            kind=kind,
            params=_params(locked),
            url_name="equipment:my_bookings",
        )
    return locked


def approve_booking(booking, *, actor):
    return _decide(
        booking, actor=actor, status=Status.APPROVED, kind=Notification.Kind.BOOKING_APPROVED
    )


def decline_booking(booking, *, actor):
    return _decide(
        booking, actor=actor, status=Status.DECLINED, kind=Notification.Kind.BOOKING_DECLINED
    )


def cancel_booking(booking, *, actor):
    if not permissions.can_cancel_booking(actor, booking):
        raise PermissionDenied
    with transaction.atomic():
        locked = EquipmentBooking.objects.select_for_update().get(pk=booking.pk)
        locked.status = Status.CANCELLED
        locked.save(update_fields=["status"])
        by_booker = actor.pk == locked.booker_id
        recipients = managers_of(locked.equipment) if by_booker else [locked.booker]
        notify_many(
            recipients=recipients,
            actor=actor,
            kind=Notification.Kind.BOOKING_CANCELLED,
            params=_params(locked, actor),
            url_name="equipment:detail" if by_booker else "equipment:my_bookings",
            url_args=[locked.equipment_id] if by_booker else [],
        )
    return locked


def update_equipment(equipment, *, actor, **fields):
    if actor is not None and not permissions.manages_equipment(actor, equipment):
        raise PermissionDenied
    with transaction.atomic():
        for name, value in fields.items():
            setattr(equipment, name, value)
        equipment.full_clean()
        equipment.save()
    return equipment


def create_equipment(*, actor, owner, **fields):
    # actor=None is the system itself (demo data, data imports).
    if actor is not None and not cluster_permissions.can_edit_organisation(actor, owner):
        raise PermissionDenied
    with transaction.atomic():
        equipment = Equipment(owner=owner, **fields)
        equipment.full_clean()
        equipment.save()
    return equipment


def calendar_subscription(*, actor):
    """The person's calendar address, made on first use."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    with transaction.atomic():
        subscription, _created = CalendarSubscription.objects.get_or_create(
            user=actor, defaults={"token": secrets.token_urlsafe(32)}
        )
    return subscription


def renew_calendar_subscription(*, actor):
    """A new calendar address for the person; the old one stops working at once (shared by
    mistake, a lost phone)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    with transaction.atomic():
        subscription, _created = CalendarSubscription.objects.update_or_create(
            user=actor, defaults={"token": secrets.token_urlsafe(32)}
        )
    return subscription
