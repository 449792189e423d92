"""Reads of matchmaking: the people to meet, requests, agendas, the schedule grid and its
figures. Every list reads its rows with their relations in a fixed number of queries."""

import hashlib

from django.db.models import Count, Q
from django.utils import timezone

from clusters import permissions as cluster_permissions
from clusters.models import Organisation
from clusters.queries import coordinated_organisation_ids
from events.models import EventPage
from matchmaking import permissions
from matchmaking.models import (
    BuyerProfile,
    FollowUp,
    Inquiry,
    Matchmaking,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    MeetingSeat,
    Participant,
    TimeSlot,
)

RequestStatus = MeetingRequest.Status
MeetingStatus = Meeting.Status


def matchmaking_for_slug(slug):
    """The matchmaking of the event page with this slug (any of its translations)."""
    return (
        Matchmaking.objects.select_related("event")
        .filter(Q(event__slug=slug) | Q(event__translation_key__in=_keys_of(slug)))
        .first()
    )


def _keys_of(slug):
    return EventPage.objects.filter(slug=slug).values("translation_key")


def matchmaking_years():
    """The years that have fairs with 1:1 meetings, newest first."""
    dates = Matchmaking.objects.values_list("event__starts_at", flat=True)
    return sorted({timezone.localtime(when).year for when in dates}, reverse=True)


def matchmakings_in_year(year):
    return (
        Matchmaking.objects.filter(event__starts_at__year=year)
        .select_related("event")
        .prefetch_related("event__host_clusters")
        .order_by("event__starts_at")
    )


def slots_of(matchmaking, *, with_breaks=True):
    slots = TimeSlot.objects.filter(matchmaking=matchmaking)
    return slots if with_breaks else slots.filter(is_break=False)


def _meeting_relations(queryset):
    return queryset.select_related(
        "slot",
        "table",
        "interpreter",
        "request__sender__organisation",
        "request__recipient__organisation",
        "matchmaking__event",
    )


def _in_chapter(chapter):
    """Exhibitors with a product in the HS chapter, buyers who source from it."""
    stored = "user__buyer_profile__hs_chapters"
    return Q(organisation__products__hs_code__startswith=chapter) | (
        Q(**{stored: chapter})
        | Q(**{f"{stored}__startswith": f"{chapter} "})
        | Q(**{f"{stored}__endswith": f" {chapter}"})
        | Q(**{f"{stored}__contains": f" {chapter} "})
    )


def people_to_meet(participant, *, country="", language="", keyword="", chapter=""):
    """The other side's participants, with whether a live request already links them."""
    people = (
        Participant.objects.filter(
            matchmaking_id=participant.matchmaking_id,
            role=permissions.visible_role_for(participant),
        )
        .select_related("organisation", "user__buyer_profile")
        .prefetch_related("organisation__products")
    )
    if chapter:
        people = people.filter(_in_chapter(chapter)).distinct()
    if country:
        people = people.filter(country=country)
    if language:
        people = people.filter(languages__contains=language)
    if keyword:
        people = people.filter(
            Q(company__icontains=keyword)
            | Q(interests__icontains=keyword)
            | Q(organisation__summary__icontains=keyword)
            | Q(organisation__products__name__icontains=keyword)
        ).distinct()
    return people.order_by("company", "id")


def live_requests_between(participant):
    """{other participant id: request} for the live requests this participant is part of."""
    live = MeetingRequest.objects.filter(
        Q(sender=participant) | Q(recipient=participant),
        status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED],
    )
    return {
        (
            request.recipient_id if request.sender_id == participant.pk else request.sender_id
        ): request
        for request in live
    }


def requests_received(participant):
    return (
        MeetingRequest.objects.filter(recipient=participant)
        .select_related("sender__organisation", "recipient", "meeting__slot", "meeting__table")
        .order_by("status", "-created_at")
    )


def requests_sent(participant):
    return (
        MeetingRequest.objects.filter(sender=participant)
        .select_related("recipient__organisation", "sender", "meeting__slot", "meeting__table")
        .order_by("status", "-created_at")
    )


def agenda_of(participant):
    """The participant's published meetings, in time order."""
    return _meeting_relations(
        Meeting.objects.filter(seats__participant=participant).exclude(status=MeetingStatus.DRAFT)
    ).order_by("slot__starts_at")


def meetings_of_user(user):
    """The person's published meetings at every fair, in time order."""
    return (
        _meeting_relations(
            Meeting.objects.filter(seats__participant__user=user).exclude(
                status=MeetingStatus.DRAFT
            )
        )
        .select_related("request__sender", "request__recipient")
        .order_by("slot__starts_at")
    )


def participation_ids(user):
    return set(Participant.objects.filter(user=user).values_list("pk", flat=True))


def busy_slot_ids(participant):
    return set(
        MeetingSeat.objects.filter(participant=participant).values_list("slot_id", flat=True)
    )


def free_slots_for(meeting_request):
    """Slots where both people are available and neither has a meeting (tables are checked
    when the slot is taken, under the database's constraints)."""
    sender, recipient = meeting_request.sender, meeting_request.recipient
    taken = MeetingSeat.objects.filter(participant__in=[sender, recipient]).values("slot_id")
    away = TimeSlot.objects.filter(
        Q(pk__in=sender.unavailable_slots.values("pk"))
        | Q(pk__in=recipient.unavailable_slots.values("pk"))
    ).values("pk")
    return (
        slots_of(meeting_request.matchmaking, with_breaks=False)
        .exclude(pk__in=taken)
        .exclude(pk__in=away)
    )


def _fingerprint(rows):
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()[:16]


def agenda_version(participant):
    """Changes whenever anything on the participant's agenda or request lists changes (a live
    page compares it with the one it was drawn from)."""
    meetings = Meeting.objects.filter(seats__participant=participant).exclude(
        status=MeetingStatus.DRAFT
    )
    rows = [
        ("m", *row)
        for row in meetings.values_list("pk", "slot_id", "table_id", "interpreter_id", "status")
    ]
    requests = MeetingRequest.objects.filter(Q(sender=participant) | Q(recipient=participant))
    rows += [("r", *row) for row in requests.values_list("pk", "status")]
    return _fingerprint(rows)


def schedule_version(matchmaking):
    """Changes whenever the coordinator's grid would look different."""
    meetings = Meeting.objects.filter(matchmaking=matchmaking)
    fields = ("pk", "slot_id", "table_id", "interpreter_id", "status", "matchmaking__published_at")
    return _fingerprint([tuple(map(str, row)) for row in meetings.values_list(*fields)])


def schedule_grid(matchmaking):
    """Every meeting (drafts included) for the coordinator's grid: slots × tables."""
    return list(_meeting_relations(Meeting.objects.filter(matchmaking=matchmaking)))


def meetings_for_event(matchmaking):
    return _meeting_relations(Meeting.objects.filter(matchmaking=matchmaking))


def feedback_of(meeting):
    return MeetingFeedback.objects.filter(meeting=meeting).select_related("participant")


def requests_for_scheduling(matchmaking):
    """Accepted requests without a meeting, and — if the coordinator allows — pending
    requests answered by a pending request the other way (a mutual wish)."""
    base = MeetingRequest.objects.filter(matchmaking=matchmaking, meeting__isnull=True)
    accepted = list(
        base.filter(status=RequestStatus.ACCEPTED).select_related("sender", "recipient")
    )
    if not matchmaking.include_mutual_wishes:
        return accepted
    pending = list(base.filter(status=RequestStatus.PENDING).select_related("sender", "recipient"))
    directions = {(request.sender_id, request.recipient_id) for request in pending}
    mutual, seen_pairs = [], set()
    accepted_pairs = {frozenset((r.sender_id, r.recipient_id)) for r in accepted}
    for request in sorted(pending, key=lambda r: r.pk):
        pair = frozenset((request.sender_id, request.recipient_id))
        if (request.recipient_id, request.sender_id) not in directions:
            continue
        if pair in seen_pairs or pair in accepted_pairs:
            continue
        seen_pairs.add(pair)
        mutual.append(request)
    return accepted + mutual


def dashboard(matchmaking):
    """The coordinator's figures: requests by state, acceptance, meetings per participant,
    the share kept, feedback's next steps."""
    requests = MeetingRequest.objects.filter(matchmaking=matchmaking)
    by_status = dict(requests.values_list("status").annotate(n=Count("id")))
    counts = {status: by_status.get(status, 0) for status in RequestStatus.values}
    answered = counts[RequestStatus.ACCEPTED] + counts[RequestStatus.DECLINED]
    meetings = Meeting.objects.filter(matchmaking=matchmaking)
    by_meeting = dict(meetings.values_list("status").annotate(n=Count("id")))
    meeting_counts = {status: by_meeting.get(status, 0) for status in MeetingStatus.values}
    participants = Participant.objects.filter(matchmaking=matchmaking).count()
    published = sum(
        meeting_counts[status]
        for status in (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)
    )
    checked = meeting_counts[MeetingStatus.HELD] + meeting_counts[MeetingStatus.NO_SHOW]
    next_steps = dict(
        MeetingFeedback.objects.filter(meeting__matchmaking=matchmaking)
        .values_list("next_step")
        .annotate(n=Count("id"))
    )
    follow_ups = FollowUp.objects.filter(
        meeting__matchmaking=matchmaking, answered_at__isnull=False
    )
    outcomes = follow_ups.aggregate(
        answered=Count("id"),
        negotiating=Count("id", filter=Q(negotiating=True)),
        agreements=Count("id", filter=Q(agreement=True)),
    )
    # Both sides may report the same contract: the buyer's figure counts (it is what they
    # bought); the exhibitor's only where the buyer did not answer.
    contract_values = {}
    reported = {}
    rows = ()
    if outcomes["answered"]:  # most fairs have none yet: no query for them
        rows = follow_ups.filter(contract_value__isnull=False).select_related("participant")
    for row in rows:
        key = (row.meeting_id, row.currency)
        is_buyer = row.participant.role == Participant.Role.BUYER
        if key not in reported or is_buyer:
            reported[key] = row.contract_value
    for (_meeting, currency), value in reported.items():
        contract_values[currency] = contract_values.get(currency, 0) + value
    outcomes["contract_values"] = dict(sorted(contract_values.items()))
    return {
        "requests": counts,
        "requests_total": sum(counts.values()),
        "acceptance_rate": (counts[RequestStatus.ACCEPTED] / answered) if answered else None,
        "meetings": meeting_counts,
        "meetings_published": published,
        "participants": participants,
        "meetings_per_participant": (2 * published / participants) if participants else None,
        "kept_rate": (meeting_counts[MeetingStatus.HELD] / checked) if checked else None,
        "next_steps": next_steps,
        "outcomes": outcomes,
    }


# --- buyers and inquiries ----------------------------------------------------------------------


def buyers_to_verify():
    return BuyerProfile.objects.filter(verified_at__isnull=True).select_related("user__profile")


def recently_verified_buyers(limit=20):
    return (
        BuyerProfile.objects.filter(verified_at__isnull=False)
        .select_related("user__profile", "verified_by")
        .order_by("-verified_at")[:limit]
    )


def _inquiry_relations(queryset):
    return queryset.select_related(
        "organisation", "product", "buyer__buyer_profile", "buyer__profile"
    )


def inquiries_sent(user):
    return _inquiry_relations(Inquiry.objects.filter(buyer=user))


def inquiries_received(organisation_id):
    if organisation_id is None:
        return Inquiry.objects.none()
    return _inquiry_relations(Inquiry.objects.filter(organisation_id=organisation_id))


def inquiries_asking_help(user):
    """The inquiries whose parties asked the agency for help that `user` coordinates (the
    firm is in one of their clusters), oldest request first."""
    if not (
        cluster_permissions.is_coordinator(user) and cluster_permissions.passes_two_factor(user)
    ):
        return Inquiry.objects.none()
    asking = Inquiry.objects.filter(help_requested_at__isnull=False)
    coordinated = coordinated_organisation_ids(user)
    if coordinated is not None:
        asking = asking.filter(organisation_id__in=coordinated)
    return _inquiry_relations(asking).order_by("help_requested_at", "pk")


def inquiry_thread(inquiry):
    messages = list(
        inquiry.messages.select_related("author__profile").prefetch_related("attachments")
    )
    opening = [a for a in inquiry.attachments.all() if a.message_id is None]
    return messages, opening


def inquiry_counts_per_firm():
    """{organisation: {status: n}} for coordinators: how many, never what."""
    rows = (
        Inquiry.objects.values("organisation", "status")
        .annotate(n=Count("id"))
        .order_by("organisation")
    )
    counts = {}
    for row in rows:
        counts.setdefault(row["organisation"], {})[row["status"]] = row["n"]
    organisations = Organisation.objects.in_bulk(list(counts))
    return sorted(
        (
            {
                "organisation": organisations[pk],
                "counts": {status: by_status.get(status, 0) for status in Inquiry.Status.values},
                "total": sum(by_status.values()),
            }
            for pk, by_status in counts.items()
        ),
        key=lambda row: -row["total"],
    )
