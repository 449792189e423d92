"""A collaboration request is an origin of outcomes (joint R&D, supply contracts) in the
ledger."""

from django.utils.translation import gettext_lazy as _

from collaboration import permissions
from outcomes.origins import OriginKind, register_origin


def register():
    register_origin(
        OriginKind(
            key="collaboration",
            model="collaboration.CollaborationRequest",
            label=_("Collaboration request"),
            title=lambda request: request.title,
            url=lambda request: request.get_absolute_url(),
            may_cite=lambda user, request: (
                permissions.is_requester(user, request) or permissions.moderates(user, request)
            ),
        )
    )
