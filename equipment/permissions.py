"""Who may book shared equipment and who decides on bookings."""

from cluster_hub.permissions import rule
from clusters import permissions as cluster_permissions


@rule("equipment.book")
def can_book(user, equipment):
    return equipment.is_active and cluster_permissions.is_member(user)


def manages_equipment(user, equipment):
    """The owner's organisation admins and the coordinators of the owner's clusters."""
    return cluster_permissions.can_edit_organisation(user, equipment.owner)


def can_decide_booking(user, booking):
    return booking.status == booking.Status.REQUESTED and manages_equipment(user, booking.equipment)


def can_cancel_booking(user, booking):
    if not booking.holds_slot:
        return False
    return booking.booker_id == getattr(user, "pk", None) or manages_equipment(
        user, booking.equipment
    )


@rule("equipment.is_booker")
def is_booker(user, booking):
    return booking.booker_id is not None and booking.booker_id == getattr(user, "pk", None)


def can_see_booking_details(user, booking):
    """Who booked and why: the booker and the managers. Others see only that a slot is taken."""
    return booking.booker_id == getattr(user, "pk", None) or manages_equipment(
        user, booking.equipment
    )
