"""Who may do what in a buyer fair's matchmaking.

- Coordinators of the event's host clusters (or of all clusters) run it: slots, tables,
  interpreters, the scheduler, moves, publishing, check-in, the dashboard; they see every
  meeting, its messages and feedback.
- People registered for the event join as exhibitors (members of an organisation) or buyers.
- A buyer browses the exhibitors, an exhibitor the buyers; requests go between the two sides.
- Only the two parties (and coordinators) see a request's message, a meeting and its feedback.
- Participants see the schedule only once it is published (drafts are the coordinator's).
"""

from cluster_hub.permissions import rule
from clusters import permissions as cluster_permissions
from events import permissions as event_permissions
from matchmaking.models import BuyerProfile, Meeting, MeetingRequest, Participant


def _authenticated(user):
    return bool(getattr(user, "is_authenticated", False))


@rule("matchmaking.manage")
def can_manage(user, matchmaking):
    return _authenticated(user) and event_permissions.can_manage_event(user, matchmaking.event)


def participant_of(user, matchmaking):
    """The user's participation, or None. Cached on the user for the request."""
    if not _authenticated(user):
        return None
    cache = user.__dict__.setdefault("_matchmaking_participants", {})
    if matchmaking.pk not in cache:
        cache[matchmaking.pk] = (
            Participant.objects.filter(matchmaking=matchmaking, user=user)
            .select_related("organisation")
            .first()
        )
    return cache[matchmaking.pk]


def forget_participation(user, matchmaking):
    getattr(user, "__dict__", {}).get("_matchmaking_participants", {}).pop(matchmaking.pk, None)


@rule("matchmaking.join")
def can_join(user, matchmaking):
    """Registered attendees of the event may join while matchmaking is open."""
    return (
        _authenticated(user)
        and matchmaking.is_open
        and participant_of(user, matchmaking) is None
        and event_permissions.is_registered(user, matchmaking.event)
    )


def can_join_as_exhibitor(user):
    """Exhibitors speak for an organisation of the directory."""
    return cluster_permissions.member_organisation_id(user) is not None


@rule("matchmaking.take_part")
def takes_part(user, matchmaking):
    return participant_of(user, matchmaking) is not None


def visible_role_for(participant):
    """The other side: a buyer browses exhibitors, an exhibitor browses buyers."""
    if participant.role == Participant.Role.BUYER:
        return Participant.Role.EXHIBITOR
    return Participant.Role.BUYER


def can_see_participant(user, other):
    if can_manage(user, other.matchmaking):
        return True
    mine = participant_of(user, other.matchmaking)
    return mine is not None and (mine.pk == other.pk or other.role == visible_role_for(mine))


def can_send_request(user, recipient):
    matchmaking = recipient.matchmaking
    mine = participant_of(user, matchmaking)
    return (
        matchmaking.is_open
        and mine is not None
        and mine.pk != recipient.pk
        and recipient.role == visible_role_for(mine)
    )


def is_party(user, meeting_request):
    user_id = getattr(user, "pk", None)
    return user_id is not None and user_id in (
        meeting_request.sender.user_id,
        meeting_request.recipient.user_id,
    )


def can_see_request(user, meeting_request):
    return is_party(user, meeting_request) or can_manage(user, meeting_request.matchmaking)


def can_answer_request(user, meeting_request):
    return (
        meeting_request.status == MeetingRequest.Status.PENDING
        and meeting_request.recipient.user_id == getattr(user, "pk", None)
    )


def can_withdraw_request(user, meeting_request):
    """The sender, until a meeting is published for it."""
    if meeting_request.sender.user_id != getattr(user, "pk", None):
        return False
    if meeting_request.status == MeetingRequest.Status.PENDING:
        return True
    if meeting_request.status != MeetingRequest.Status.ACCEPTED:
        return False
    meeting = getattr(meeting_request, "meeting", None)
    return meeting is None or meeting.status in (Meeting.Status.DRAFT, Meeting.Status.SCHEDULED)


def can_pick_slot(user, meeting_request):
    """Self-service scheduling: either party places an accepted request not yet placed."""
    matchmaking = meeting_request.matchmaking
    return (
        matchmaking.scheduling == matchmaking.Scheduling.SELF_SERVICE
        and meeting_request.status == MeetingRequest.Status.ACCEPTED
        and is_party(user, meeting_request)
        and not has_meeting(meeting_request)
    )


def has_meeting(meeting_request):
    try:
        return meeting_request.meeting is not None
    except Meeting.DoesNotExist:
        return False


def can_see_meeting(user, meeting):
    if can_manage(user, meeting.matchmaking):
        return True
    return meeting.status != Meeting.Status.DRAFT and is_party(user, meeting.request)


def can_give_feedback(user, meeting):
    return meeting.status != Meeting.Status.DRAFT and is_party(user, meeting.request)


def can_cancel_meeting(user, meeting):
    """Parties cancel a meeting they picked themselves; coordinators any meeting."""
    if can_manage(user, meeting.matchmaking):
        return meeting.status in (Meeting.Status.DRAFT, Meeting.Status.SCHEDULED)
    return (
        meeting.status == Meeting.Status.SCHEDULED
        and meeting.source == Meeting.Source.PICKED
        and is_party(user, meeting.request)
    )


def can_answer_follow_up(user, follow_up):
    return _authenticated(user) and follow_up.participant.user_id == user.pk


# --- buyers and inquiries ----------------------------------------------------------------------


def buyer_profile_of(user):
    if not _authenticated(user):
        return None
    if "_buyer_profile" not in user.__dict__:
        user.__dict__["_buyer_profile"] = BuyerProfile.objects.filter(user=user).first()
    return user.__dict__["_buyer_profile"]


def forget_buyer_profile(user):
    getattr(user, "__dict__", {}).pop("_buyer_profile", None)


@rule("matchmaking.is_verified_buyer")
def is_verified_buyer(user):
    profile = buyer_profile_of(user)
    return profile is not None and profile.is_verified


def can_become_buyer(user):
    return _authenticated(user) and buyer_profile_of(user) is None


@rule("matchmaking.verify_buyers")
def can_verify_buyers(user):
    """Any coordinator verifies buyers (they are the agency's contacts, not one cluster's)."""
    return _authenticated(user) and cluster_permissions.is_coordinator(user)


def speaks_for(user, organisation):
    """A confirmed member of the organisation (they answer its inquiries)."""
    return cluster_permissions.member_organisation_id(user) == organisation.pk


@rule("matchmaking.send_inquiry")
def can_send_inquiry(user, organisation):
    """Verified buyers write to companies, never to their own organisation."""
    return (
        is_verified_buyer(user)
        and organisation.kind == organisation.Kind.COMPANY
        and not speaks_for(user, organisation)
    )


def is_inquiry_party(user, inquiry):
    """The buyer and the firm's confirmed members. Coordinators see counts, never contents
    (unless a party asks them for help)."""
    if not _authenticated(user):
        return False
    return inquiry.buyer_id == user.pk or speaks_for(user, inquiry.organisation)


def helps_with_inquiry(user, inquiry):
    """A coordinator of the firm's clusters (past two-factor), while a party asks for help."""
    return (
        inquiry.asks_for_help
        and _authenticated(user)
        and not is_inquiry_party(user, inquiry)
        and cluster_permissions.passes_two_factor(user)
        and cluster_permissions.coordinates_organisation(user, inquiry.organisation)
    )


def can_read_inquiry(user, inquiry):
    return is_inquiry_party(user, inquiry) or helps_with_inquiry(user, inquiry)


def can_reply_to_inquiry(user, inquiry):
    return can_read_inquiry(user, inquiry) and not inquiry.is_closed


def can_ask_for_inquiry_help(user, inquiry):
    return is_inquiry_party(user, inquiry) and not inquiry.asks_for_help


def can_end_inquiry_help(user, inquiry):
    return inquiry.asks_for_help and can_read_inquiry(user, inquiry)


def can_set_inquiry_status(user, inquiry):
    """The firm marks an inquiry quoted, won or lost."""
    return _authenticated(user) and speaks_for(user, inquiry.organisation)


@rule("matchmaking.see_inquiry_counts")
def can_see_inquiry_counts(user):
    return _authenticated(user) and cluster_permissions.is_coordinator(user)
