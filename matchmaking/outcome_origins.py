"""B2B meetings and inquiries are origins of outcomes (contracts, MOUs) in the ledger."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from matchmaking import permissions
from outcomes.origins import OriginKind, register_origin


def _meeting_title(meeting):
    request = meeting.request
    return f"{request.exhibitor.company} · {request.buyer.company} · {meeting.matchmaking}"


def _buyer_company(inquiry):
    profile = permissions.buyer_profile_of(inquiry.buyer)
    return profile.company if profile is not None else inquiry.buyer.email


def register():
    register_origin(
        OriginKind(
            key="meeting",
            model="matchmaking.Meeting",
            label=_("B2B meeting"),
            title=_meeting_title,
            url=lambda meeting: reverse("matchmaking:meeting", args=[meeting.pk]),
            may_cite=lambda user, meeting: permissions.can_see_meeting(user, meeting),
        )
    )
    register_origin(
        OriginKind(
            key="inquiry",
            model="matchmaking.Inquiry",
            label=_("Inquiry"),
            title=lambda inquiry: (
                f"{_buyer_company(inquiry)} → {inquiry.organisation.display_name}"
            ),
            url=lambda inquiry: inquiry.get_absolute_url(),
            may_cite=lambda user, inquiry: permissions.is_inquiry_party(user, inquiry),
        )
    )
