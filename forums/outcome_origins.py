"""A forum pitch is an origin of outcomes (investment above all) in the ledger."""

from django.utils.translation import gettext_lazy as _

from forums import permissions
from outcomes.origins import OriginKind, register_origin


def register():
    register_origin(
        OriginKind(
            key="pitch",
            model="forums.Pitch",
            label=_("Forum pitch"),
            title=lambda pitch: pitch.title,
            url=lambda pitch: pitch.get_absolute_url(),
            may_cite=lambda user, pitch: (
                permissions.is_pitcher(user, pitch)
                or permissions.can_manage_edition(user, pitch.edition)
            ),
        )
    )
