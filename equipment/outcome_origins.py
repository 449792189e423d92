"""An equipment booking is an origin of outcomes (a certification passed on a shared test
rig, a prototype that won a contract) in the ledger."""

from django.utils.translation import gettext_lazy as _

from equipment import permissions
from outcomes.origins import OriginKind, register_origin


def register():
    register_origin(
        OriginKind(
            key="booking",
            model="equipment.EquipmentBooking",
            label=_("Equipment booking"),
            title=str,
            url=lambda booking: booking.equipment.get_absolute_url(),
            may_cite=lambda user, booking: permissions.can_see_booking_details(user, booking),
        )
    )
