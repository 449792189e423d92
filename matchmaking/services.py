"""Every state change of matchmaking: setting it up, joining, requests and answers, slots
picked, the automatic scheduler, moves, publishing, check-in and feedback.

Each service checks permission and runs in one transaction; notifications go through
`notifications.services.notify` (in-app and a queued email in the recipient's language). Slots
are taken under the database's unique constraints (one seat per person per slot, one meeting
per table and per interpreter per slot): of two people racing for the same seat or table,
exactly one wins and the other is told, whatever the database.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusters.models import MemberProfile
from clusters.queries import coordinators_of_organisation, members_speaking_for
from events import permissions as event_permissions
from matchmaking import broadcast, permissions, queries, scheduler
from matchmaking.models import (
    BuyerProfile,
    FollowUp,
    Inquiry,
    InquiryAttachment,
    InquiryMessage,
    Interpreter,
    Matchmaking,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    MeetingSeat,
    MeetingTable,
    Participant,
    TimeSlot,
)
from notifications.models import Notification
from notifications.services import notify, recipient_language
from outcomes import permissions as outcome_permissions
from outcomes import queries as outcome_queries
from outcomes import services as outcome_services
from outcomes.models import Outcome

RequestStatus = MeetingRequest.Status
MeetingStatus = Meeting.Status
Kind = Notification.Kind
REMIND_BEFORE = timedelta(hours=24)


class _CommandLine:
    """The actor of a management command: whoever runs it has the server's shell."""

    pk = None
    is_authenticated = False

    def __str__(self):
        return "command line"


COMMAND_LINE = _CommandLine()


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _require_manager(actor, matchmaking):
    _require(actor is COMMAND_LINE or permissions.can_manage(actor, matchmaking))


# --- setting up --------------------------------------------------------------------------------


def open_matchmaking(event, *, actor, **settings):
    """Matchmaking for a buyer-fair event (one per event, on its source page)."""
    _require(event_permissions.can_manage_event(actor, event))
    if event.kind != event.Kind.BUYER_FAIR:
        raise ValidationError(_("Only a buyer fair has 1:1 meetings."))
    # Meetings belong to the event, not to one of its translations: keep them on the source.
    source = event.source
    with transaction.atomic():
        matchmaking, _created = Matchmaking.objects.get_or_create(event=source, defaults=settings)
    return matchmaking


def update_matchmaking(matchmaking, *, actor, **fields):
    _require(permissions.can_manage(actor, matchmaking))
    with transaction.atomic():
        for name, value in fields.items():
            setattr(matchmaking, name, value)
        matchmaking.full_clean()
        matchmaking.save()
    return matchmaking


def create_slots(matchmaking, *, actor, first_start, count, breaks_after=()):
    """`count` meeting slots of the meeting length from `first_start`; a break slot of the same
    length follows each slot number in `breaks_after` (1-based). Existing starts are kept."""
    _require(permissions.can_manage(actor, matchmaking))
    length = timedelta(minutes=matchmaking.meeting_minutes)
    start = first_start
    created = []
    with transaction.atomic():
        for number in range(1, count + 1):
            slot, _made = TimeSlot.objects.get_or_create(
                matchmaking=matchmaking, starts_at=start, defaults={"ends_at": start + length}
            )
            created.append(slot)
            start += length
            if number in breaks_after:
                TimeSlot.objects.get_or_create(
                    matchmaking=matchmaking,
                    starts_at=start,
                    defaults={"ends_at": start + length, "is_break": True},
                )
                start += length
    return created


def set_tables(matchmaking, *, actor, count):
    """Tables 1..count (numbered: they read "Table n" in every language); extra ones are
    removed only if free."""
    _require(permissions.can_manage(actor, matchmaking))
    with transaction.atomic():
        existing = list(MeetingTable.objects.filter(matchmaking=matchmaking))
        for number in range(len(existing) + 1, count + 1):
            MeetingTable.objects.create(
                matchmaking=matchmaking, name=str(number), sort_order=number
            )
        for table in existing[count:]:
            if table.meetings.exists():
                raise ValidationError(
                    _("%(table)s has meetings; move them first.") % {"table": table.display_name}
                )
            table.delete()
    return list(MeetingTable.objects.filter(matchmaking=matchmaking))


def add_interpreter(matchmaking, *, actor, name, languages):
    _require(permissions.can_manage(actor, matchmaking))
    codes = _interpreter_languages(languages)
    with transaction.atomic():
        return Interpreter.objects.create(
            matchmaking=matchmaking, name=name, languages=" ".join(codes)
        )


def rename_table(table, *, actor, name):
    """A table's name as the venue signs it ("Hall A-3"); a number reads "Table n"."""
    _require_manager(actor, table.matchmaking)
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give the table a name."))
    taken = MeetingTable.objects.filter(matchmaking_id=table.matchmaking_id, name=name)
    if taken.exclude(pk=table.pk).exists():
        raise ValidationError(_("Another table is already called “%(name)s”.") % {"name": name})
    with transaction.atomic():
        table.name = name
        table.save(update_fields=["name"])
    return table


def _interpreter_languages(languages):
    codes = sorted(set(languages))
    if not codes or not set(codes) <= {"en", "zh", "vi"}:
        raise ValidationError(_("Choose the languages the interpreter works in."))
    return codes


def update_interpreter(interpreter, *, actor, name, languages, unavailable_slots=()):
    """Rename, change languages or set when an interpreter is away. Refused while it would
    strand a meeting they interpret: a slot they are booked in, a language one needs."""
    _require_manager(actor, interpreter.matchmaking)
    codes = _interpreter_languages(languages)
    away = {slot.pk for slot in unavailable_slots}
    with transaction.atomic():
        locked = Interpreter.objects.select_for_update().get(pk=interpreter.pk)
        booked = list(Meeting.objects.filter(interpreter=locked).select_related("slot", "request"))
        clashes = [meeting for meeting in booked if meeting.slot_id in away]
        if clashes:
            times = ", ".join(
                formats.date_format(timezone.localtime(m.slot.starts_at), "TIME_FORMAT")
                for m in clashes
            )
            raise ValidationError(
                _("%(name)s interprets meetings at %(times)s; move those meetings first.")
                % {"name": locked.name, "times": times}
            )
        needed = {m.request.interpreter_language for m in booked} - set(codes) - {""}
        if needed:
            raise ValidationError(
                _("%(name)s interprets meetings in %(languages)s; keep those languages.")
                % {"name": locked.name, "languages": ", ".join(sorted(needed)).upper()}
            )
        locked.name = name
        locked.languages = " ".join(codes)
        locked.save(update_fields=["name", "languages"])
        locked.unavailable_slots.set(list(unavailable_slots))
    return locked


def remove_interpreter(interpreter, *, actor):
    _require_manager(actor, interpreter.matchmaking)
    with transaction.atomic():
        count = Meeting.objects.filter(interpreter=interpreter).count()
        if count:
            raise ValidationError(
                ngettext(
                    "%(name)s interprets %(count)s meeting; move it first.",
                    "%(name)s interprets %(count)s meetings; move them first.",
                    count,
                )
                % {"name": interpreter.name, "count": count}
            )
        interpreter.delete()


# --- joining -----------------------------------------------------------------------------------


def join(matchmaking, *, actor, role, company="", country, languages, interests=""):
    _require(permissions.can_join(actor, matchmaking))
    organisation = None
    if role == Participant.Role.EXHIBITOR:
        if not permissions.can_join_as_exhibitor(actor):
            raise ValidationError(
                _("Exhibitors join for their organisation: ask to join yours in your profile.")
            )
        organisation = MemberProfile.objects.get(user=actor).organisation
        company = organisation.display_name
    if not company:
        raise ValidationError(_("Please give your company's name."))
    with transaction.atomic():
        try:
            participant = Participant.objects.create(
                matchmaking=matchmaking,
                user=actor,
                role=role,
                organisation=organisation,
                company=company,
                country=country,
                languages=" ".join(languages),
                interests=interests,
            )
        except IntegrityError:
            raise ValidationError(_("You already take part.")) from None
        if role == Participant.Role.BUYER and permissions.can_become_buyer(actor):
            # A fair's buyer is a buyer of the platform too: coordinators verify them, firms find
            # them by category, and their inquiries reach firms once verified.
            BuyerProfile.objects.create(
                user=actor, company=company, country=country, sourcing=interests
            )
            permissions.forget_buyer_profile(actor)
    permissions.forget_participation(actor, matchmaking)
    return participant


def update_participant(participant, *, actor, unavailable_slots=None, **fields):
    _require(participant.user_id == actor.pk)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(participant, name, " ".join(value) if name == "languages" else value)
        participant.save()
        if unavailable_slots is not None:
            busy = queries.busy_slot_ids(participant)
            if busy & {slot.pk for slot in unavailable_slots}:
                raise ValidationError(
                    _("You have a meeting in one of those slots; cancel or move it first.")
                )
            participant.unavailable_slots.set(unavailable_slots)
    return participant


# --- requests ----------------------------------------------------------------------------------


def _params(meeting_request, *, to, about, meeting=None):
    # Names as the recipient reads them (an exhibitor's English name for overseas buyers).
    with translation.override(recipient_language(to.user)):
        event = meeting_request.matchmaking.event.localized
        params = {"company": about.display_name, "event": event.title}
    if meeting is not None:
        params["starts_at"] = meeting.slot.starts_at.isoformat()
        params["ends_at"] = meeting.slot.ends_at.isoformat()
    return params


def _notify(meeting_request, *, to, about, kind, actor=None, meeting=None):
    """Tell `to` (a notification, and their open pages over the socket) and the coordinators'
    open schedule pages."""
    params = _params(meeting_request, to=to, about=about, meeting=meeting)
    notify(
        recipient=to.user,
        actor=actor,
        kind=kind,
        params=params,
        url_name="matchmaking:requests",
        url_args=[meeting_request.matchmaking.event.slug],
    )
    broadcast.agenda_changed(to.pk, kind=kind, params=params)
    broadcast.schedule_changed(meeting_request.matchmaking_id, kind=kind)


def send_request(
    recipient,
    *,
    actor,
    message="",
    priority=MeetingRequest.Priority.WANTED,
    language="",
    online=False,
):
    _require(permissions.can_send_request(actor, recipient))
    matchmaking = recipient.matchmaking
    sender = permissions.participant_of(actor, matchmaking)
    if matchmaking.requests_expire_at and matchmaking.requests_expire_at <= timezone.now():
        raise ValidationError(_("The time for meeting requests is over."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                meeting_request = MeetingRequest.objects.create(
                    matchmaking=matchmaking,
                    sender=sender,
                    recipient=recipient,
                    message=message,
                    priority=priority,
                    interpreter_language=language,
                    online=online,
                )
        except IntegrityError:
            raise ValidationError(_("You have already asked to meet them.")) from None
        _notify(meeting_request, to=recipient, about=sender, kind=Kind.MEETING_REQUESTED)
    return meeting_request


def _locked_request(meeting_request):
    return (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("sender__user", "recipient__user", "matchmaking__event")
        .get(pk=meeting_request.pk)
    )


def answer_request(meeting_request, *, actor, accept):
    with transaction.atomic():
        locked = _locked_request(meeting_request)
        if locked.status != RequestStatus.PENDING:
            raise ValidationError(_("This request was already answered or withdrawn."))
        _require(permissions.can_answer_request(actor, locked))
        locked.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        _notify(
            locked,
            to=locked.sender,
            about=locked.recipient,
            kind=Kind.MEETING_ACCEPTED if accept else Kind.MEETING_DECLINED,
        )
    return locked


def withdraw_request(meeting_request, *, actor):
    with transaction.atomic():
        locked = _locked_request(meeting_request)
        _require(permissions.can_withdraw_request(actor, locked))
        meeting = Meeting.objects.filter(request=locked).select_related("slot").first()
        locked.status = RequestStatus.CANCELLED
        locked.save(update_fields=["status"])
        if meeting is not None:
            published = meeting.status != MeetingStatus.DRAFT
            meeting.delete()
            if published:
                _notify(
                    locked,
                    to=locked.recipient,
                    about=locked.sender,
                    kind=Kind.MEETING_CANCELLED,
                    meeting=meeting,
                )
    return locked


def expire_requests(*, now=None):
    """Pending requests past the matchmaking's deadline expire (senders are told); recipients
    of requests that expire within a day are reminded once. Idempotent: run it from cron."""
    now = now or timezone.now()
    expired = reminded = 0
    pending = MeetingRequest.objects.filter(
        status=RequestStatus.PENDING, matchmaking__requests_expire_at__isnull=False
    ).select_related("sender__user", "recipient__user", "matchmaking__event")
    for meeting_request in pending.filter(matchmaking__requests_expire_at__lte=now):
        with transaction.atomic():
            updated = MeetingRequest.objects.filter(
                pk=meeting_request.pk, status=RequestStatus.PENDING
            ).update(status=RequestStatus.EXPIRED)
            if updated:
                expired += 1
                _notify(
                    meeting_request,
                    to=meeting_request.sender,
                    about=meeting_request.recipient,
                    kind=Kind.MEETING_REQUEST_EXPIRED,
                )
    due = pending.filter(
        matchmaking__requests_expire_at__gt=now,
        matchmaking__requests_expire_at__lte=now + REMIND_BEFORE,
        reminded_at__isnull=True,
    )
    for meeting_request in due:
        with transaction.atomic():
            updated = MeetingRequest.objects.filter(
                pk=meeting_request.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if updated:
                reminded += 1
                _notify(
                    meeting_request,
                    to=meeting_request.recipient,
                    about=meeting_request.sender,
                    kind=Kind.MEETING_REQUEST_REMINDER,
                )
    return {"expired": expired, "reminded": reminded}


# --- placing meetings --------------------------------------------------------------------------


class SlotTaken(ValidationError):
    pass


def _check_slot(meeting_request, slot):
    if slot.matchmaking_id != meeting_request.matchmaking_id or slot.is_break:
        raise ValidationError(_("Choose one of the fair's meeting slots."))
    for person in (meeting_request.sender, meeting_request.recipient):
        if person.unavailable_slots.filter(pk=slot.pk).exists():
            raise ValidationError(
                _("%(company)s is not available then.") % {"company": person.display_name}
            )


def _free_table(matchmaking, slot, host):
    """The exhibitor's usual table if free in `slot`, else the first free one."""
    taken = Meeting.objects.filter(slot=slot, table__isnull=False).values("table_id")
    free = MeetingTable.objects.filter(matchmaking=matchmaking).exclude(pk__in=taken)
    usual = (
        Meeting.objects.filter(seats__participant=host, table__isnull=False)
        .order_by("-slot__starts_at")
        .values_list("table_id", flat=True)
        .first()
    )
    return free.filter(pk=usual).first() or free.first()


def _free_interpreter(matchmaking, slot, language):
    busy = Meeting.objects.filter(slot=slot, interpreter__isnull=False).values("interpreter_id")
    candidates = (
        Interpreter.objects.filter(matchmaking=matchmaking, languages__contains=language)
        .exclude(pk__in=busy)
        .exclude(unavailable_slots=slot)
    )
    return min(candidates, key=lambda interpreter: len(interpreter.language_codes), default=None)


def _seats(meeting, meeting_request, slot):
    """The meeting's two seats, one per person, in `slot` (unique per person and slot)."""
    return [
        MeetingSeat(meeting=meeting, participant_id=person_id, slot=slot)
        for person_id in (meeting_request.sender_id, meeting_request.recipient_id)
    ]


def _notify_both(meeting_request, *, kind, meeting, actor=None):
    for to, about in (
        (meeting_request.sender, meeting_request.recipient),
        (meeting_request.recipient, meeting_request.sender),
    ):
        _notify(meeting_request, to=to, about=about, kind=kind, actor=actor, meeting=meeting)


def _create_meeting(meeting_request, *, slot, table, interpreter, status, source):
    """Insert the meeting and its two seats; the constraints refuse any double booking."""
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                matchmaking_id=meeting_request.matchmaking_id,
                request=meeting_request,
                slot=slot,
                table=table,
                interpreter=interpreter,
                status=status,
                source=source,
            )
            MeetingSeat.objects.bulk_create(_seats(meeting, meeting_request, slot))
    except IntegrityError:
        raise SlotTaken(
            _(
                "That slot was just taken (a person, table or interpreter is busy then). "
                "Please choose another."
            )
        ) from None
    return meeting


def _place_meeting(meeting, *, slot, table, interpreter):
    """Move an existing meeting (same row, same address) under the same constraints."""
    try:
        with transaction.atomic():
            MeetingSeat.objects.filter(meeting=meeting).delete()
            meeting.slot = slot
            meeting.table = table
            meeting.interpreter = interpreter
            meeting.source = Meeting.Source.COORDINATOR
            meeting.save()
            MeetingSeat.objects.bulk_create(_seats(meeting, meeting.request, slot))
    except IntegrityError:
        raise SlotTaken(
            _("That slot is taken (a person, table or interpreter is busy then).")
        ) from None
    return meeting


def pick_slot(meeting_request, *, actor, slot):
    """Self-service: either party puts their accepted request into a free slot."""
    with transaction.atomic():
        locked = _locked_request(meeting_request)
        _require(permissions.can_pick_slot(actor, locked))
        _check_slot(locked, slot)
        table = None
        if not locked.online:
            table = _free_table(locked.matchmaking, slot, locked.exhibitor)
            if table is None:
                raise SlotTaken(_("Every table is taken in that slot. Please choose another."))
        interpreter = None
        if locked.interpreter_language:
            interpreter = _free_interpreter(locked.matchmaking, slot, locked.interpreter_language)
            if interpreter is None:
                raise SlotTaken(_("No interpreter is free in that slot. Please choose another."))
        meeting = _create_meeting(
            locked,
            slot=slot,
            table=table,
            interpreter=interpreter,
            status=MeetingStatus.SCHEDULED,
            source=Meeting.Source.PICKED,
        )
        other = locked.recipient if locked.sender.user_id == actor.pk else locked.sender
        mine = locked.sender if other is locked.recipient else locked.recipient
        _notify(locked, to=other, about=mine, kind=Kind.MEETING_SCHEDULED, meeting=meeting)
    return meeting


def _problem(matchmaking, requests, fixed_meetings):
    slots = list(queries.slots_of(matchmaking, with_breaks=False))
    slot_ids = [slot.pk for slot in slots]
    tables = list(MeetingTable.objects.filter(matchmaking=matchmaking).values_list("pk", flat=True))
    participants = Participant.objects.filter(matchmaking=matchmaking).prefetch_related(
        "unavailable_slots"
    )
    unavailable = {
        person.pk: frozenset(slot.pk for slot in person.unavailable_slots.all())
        for person in participants
    }
    interpreters = list(
        Interpreter.objects.filter(matchmaking=matchmaking).prefetch_related("unavailable_slots")
    )
    all_requests = list(requests) + [meeting.request for meeting in fixed_meetings]

    def as_request(meeting_request):
        exhibitor_first = meeting_request.sender.role == Participant.Role.EXHIBITOR
        host, guest = (
            (meeting_request.sender_id, meeting_request.recipient_id)
            if exhibitor_first
            else (meeting_request.recipient_id, meeting_request.sender_id)
        )
        return scheduler.Request(
            id=meeting_request.pk,
            host=host,
            guest=guest,
            priority=meeting_request.priority,
            language=meeting_request.interpreter_language,
            online=meeting_request.online,
        )

    return scheduler.Problem(
        slots=slot_ids,
        tables=tables,
        requests=[as_request(meeting_request) for meeting_request in all_requests],
        unavailable=unavailable,
        interpreters={i.pk: i.language_codes for i in interpreters},
        interpreter_unavailable={
            i.pk: frozenset(slot.pk for slot in i.unavailable_slots.all()) for i in interpreters
        },
        fixed=[
            scheduler.Placement(m.request_id, m.slot_id, m.table_id, m.interpreter_id)
            for m in fixed_meetings
        ],
    )


def run_scheduler(matchmaking, *, actor, time_limit=8.0):
    """Replace the draft with a new one: every accepted request without a published or picked
    meeting is placed if it can be; what is left out is reported with the reason. Published
    meetings stay where they are."""
    _require_manager(actor, matchmaking)
    with transaction.atomic():
        Matchmaking.objects.select_for_update(of=("self",)).filter(pk=matchmaking.pk).first()
        Meeting.objects.filter(matchmaking=matchmaking, status=MeetingStatus.DRAFT).delete()
        fixed = list(
            Meeting.objects.filter(matchmaking=matchmaking).select_related(
                "request__sender", "request__recipient"
            )
        )
        requests = queries.requests_for_scheduling(matchmaking)
        problem = _problem(matchmaking, requests, fixed)
        result = scheduler.schedule(problem, time_limit=time_limit)
        problems = scheduler.check(problem, result.placements)
        if problems:  # never expected: the database would refuse them anyway
            raise ValidationError("; ".join(problems))
        by_id = {meeting_request.pk: meeting_request for meeting_request in requests}
        slots = {slot.pk: slot for slot in queries.slots_of(matchmaking)}
        tables = {t.pk: t for t in MeetingTable.objects.filter(matchmaking=matchmaking)}
        interpreters = {i.pk: i for i in Interpreter.objects.filter(matchmaking=matchmaking)}
        fixed_ids = {meeting.request_id for meeting in fixed}
        new = [placement for placement in result.placements if placement.request not in fixed_ids]
        meetings = Meeting.objects.bulk_create(
            [
                Meeting(
                    matchmaking=matchmaking,
                    request=by_id[placement.request],
                    slot=slots[placement.slot],
                    table=tables.get(placement.table),
                    interpreter=interpreters.get(placement.interpreter),
                    status=MeetingStatus.DRAFT,
                    source=Meeting.Source.SCHEDULER,
                )
                for placement in new
            ]
        )
        MeetingSeat.objects.bulk_create(
            [
                seat
                for meeting in meetings
                for seat in _seats(meeting, meeting.request, meeting.slot)
            ]
        )
        report = {
            "ran_at": timezone.now().isoformat(),
            "requests": len(requests),
            "placed": len(new),
            "kept": len(fixed),
            "seconds": round(result.seconds, 3),
            "unplaced": {
                str(request_id): str(reason) for request_id, reason in result.unplaced.items()
            },
        }
        matchmaking.last_run = report
        matchmaking.save(update_fields=["last_run"])
        broadcast.schedule_changed(matchmaking.pk, kind=broadcast.SCHEDULE_DRAFTED)
    return report


def move_meeting(meeting, *, actor, slot, table=None):
    """The coordinator moves a meeting (draft or published) to another slot and table; the
    interpreter follows if free, or another one of the language is taken."""
    _require(permissions.can_manage(actor, meeting.matchmaking))
    with transaction.atomic():
        locked = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("request__sender__user", "request__recipient__user", "slot")
            .get(pk=meeting.pk)
        )
        if locked.status not in (MeetingStatus.DRAFT, MeetingStatus.SCHEDULED):
            raise ValidationError(_("A meeting that took place cannot be moved."))
        meeting_request = locked.request
        _check_slot(meeting_request, slot)
        if table is not None and table.matchmaking_id != locked.matchmaking_id:
            raise ValidationError(_("Choose one of the fair's tables."))
        if table is None and not meeting_request.online:
            table = locked.table if locked.slot_id == slot.pk else None
            table = table or _free_table(locked.matchmaking, slot, meeting_request.exhibitor)
            if table is None:
                raise SlotTaken(_("Every table is taken in that slot."))
        interpreter = locked.interpreter
        if meeting_request.interpreter_language and slot.pk != locked.slot_id:
            interpreter = _free_interpreter(
                locked.matchmaking, slot, meeting_request.interpreter_language
            )
            if interpreter is None:
                raise SlotTaken(_("No interpreter is free in that slot."))
        was_published = locked.status == MeetingStatus.SCHEDULED
        moved = _place_meeting(
            locked,
            slot=slot,
            table=None if meeting_request.online else table,
            interpreter=interpreter,
        )
        if was_published:
            _notify_both(meeting_request, kind=Kind.MEETING_MOVED, meeting=moved)
    return moved


def cancel_meeting(meeting, *, actor):
    """The meeting goes; its request stays accepted (it can be placed again)."""
    with transaction.atomic():
        locked = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related(
                "request__sender__user", "request__recipient__user", "slot", "matchmaking__event"
            )
            .get(pk=meeting.pk)
        )
        _require(permissions.can_cancel_meeting(actor, locked))
        published = locked.status != MeetingStatus.DRAFT
        meeting_request = locked.request
        locked.delete()
        if published:
            _notify_both(meeting_request, kind=Kind.MEETING_CANCELLED, meeting=locked, actor=actor)


def _event_title_for(matchmaking, user):
    with translation.override(recipient_language(user)):
        return matchmaking.event.localized.title


def publish_schedule(matchmaking, *, actor):
    """Drafts become the published schedule; each participant with a new meeting is told
    once, with the count of meetings on their agenda."""
    _require_manager(actor, matchmaking)
    with transaction.atomic():
        drafts = list(
            Meeting.objects.filter(matchmaking=matchmaking, status=MeetingStatus.DRAFT)
            .select_for_update(of=("self",))
            .values_list("pk", flat=True)
        )
        Meeting.objects.filter(pk__in=drafts).update(status=MeetingStatus.SCHEDULED)
        matchmaking.published_at = timezone.now()
        matchmaking.save(update_fields=["published_at"])
        told = (
            Participant.objects.filter(seats__meeting__in=drafts).distinct().select_related("user")
        )
        for participant in told:
            count = (
                MeetingSeat.objects.filter(participant=participant)
                .exclude(meeting__status=MeetingStatus.DRAFT)
                .count()
            )
            params = {"event": _event_title_for(matchmaking, participant.user), "count": count}
            notify(
                recipient=participant.user,
                actor=actor,
                kind=Kind.SCHEDULE_PUBLISHED,
                params=params,
                url_name="matchmaking:agenda",
                url_args=[matchmaking.event.slug],
            )
            broadcast.agenda_changed(participant.pk, kind=Kind.SCHEDULE_PUBLISHED, params=params)
        broadcast.schedule_changed(matchmaking.pk, kind=Kind.SCHEDULE_PUBLISHED)
    return len(drafts)


def record_attendance(meeting, *, actor, held):
    _require(permissions.can_manage(actor, meeting.matchmaking))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        if locked.status == MeetingStatus.DRAFT:
            raise ValidationError(_("Publish the schedule before checking meetings in."))
        locked.status = MeetingStatus.HELD if held else MeetingStatus.NO_SHOW
        locked.checked_by = actor
        locked.save(update_fields=["status", "checked_by", "updated_at"])
        for seat in locked.seats.all():
            broadcast.agenda_changed(seat.participant_id, kind=broadcast.ATTENDANCE)
        broadcast.schedule_changed(locked.matchmaking_id, kind=broadcast.ATTENDANCE)
    return locked


def give_feedback(meeting, *, actor, held, interest=None, next_step="none", comment=""):
    _require(permissions.can_give_feedback(actor, meeting))
    if timezone.now() < meeting.slot.starts_at:
        raise ValidationError(_("Feedback opens when the meeting starts."))
    participant = permissions.participant_of(actor, meeting.matchmaking)
    with transaction.atomic():
        feedback, _created = MeetingFeedback.objects.update_or_create(
            meeting=meeting,
            participant=participant,
            defaults={
                "held": held,
                "interest": interest if held else None,
                "next_step": next_step if held else MeetingFeedback.NextStep.NONE,
                "comment": comment,
            },
        )
    return feedback


# --- buyers and inquiries ----------------------------------------------------------------------


def become_buyer(*, actor, company, country, sourcing, website="", hs_chapters=()):
    _require(permissions.can_become_buyer(actor))
    with transaction.atomic():
        profile = BuyerProfile.objects.create(
            user=actor,
            company=company,
            country=country,
            sourcing=sourcing,
            website=website,
            hs_chapters=" ".join(hs_chapters),
        )
    permissions.forget_buyer_profile(actor)
    return profile


def update_buyer_profile(profile, *, actor, company, country, sourcing, website="", hs_chapters=()):
    """The buyer's own account. A new company or country is a new identity to check: the
    verification is taken back until a coordinator looks again."""
    _require(profile.user_id == actor.pk)
    with transaction.atomic():
        locked = BuyerProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)
        if (company, country) != (locked.company, locked.country):
            locked.verified_at = None
            locked.verified_by = None
        locked.company = company
        locked.country = country
        locked.sourcing = sourcing
        locked.website = website
        locked.hs_chapters = " ".join(hs_chapters)
        locked.save()
    permissions.forget_buyer_profile(actor)
    return locked


def verify_buyer(profile, *, actor):
    _require(permissions.can_verify_buyers(actor))
    with transaction.atomic():
        locked = BuyerProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)
        if locked.verified_at is None:
            locked.verified_at = timezone.now()
            locked.verified_by = actor
            locked.save(update_fields=["verified_at", "verified_by"])
            notify(
                recipient=locked.user,
                actor=actor,
                kind=Kind.BUYER_VERIFIED,
                params={"company": locked.company},
                url_name="matchmaking:inquiries",
            )
    return locked


def _store_attachments(inquiry, uploads, message=None):
    """`uploads` were validated by `forms.validate_inquiry_attachment` (content and size)."""
    for upload in uploads:
        InquiryAttachment.objects.create(
            inquiry=inquiry,
            message=message,
            file=upload,
            name=upload.name[:200],
            content_type=upload.detected_content_type,
            size=upload.size,
        )


def send_inquiry(
    organisation,
    *,
    actor,
    quantity,
    message,
    product=None,
    target_price="",
    incoterm="",
    deadline=None,
    attachments=(),
):
    _require(permissions.can_send_inquiry(actor, organisation))
    if product is not None and product.organisation_id != organisation.pk:
        raise ValidationError(_("Choose one of this firm's products."))
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            buyer=actor,
            organisation=organisation,
            product=product,
            quantity=quantity,
            target_price=target_price,
            incoterm=incoterm,
            deadline=deadline,
            message=message,
        )
        _store_attachments(inquiry, attachments)
        buyer = permissions.buyer_profile_of(actor)
        for member in members_speaking_for(organisation):
            with translation.override(recipient_language(member)):
                product_name = f" · {product.name}" if product is not None else ""
                notify(
                    recipient=member,
                    actor=actor,
                    kind=Kind.INQUIRY_RECEIVED,
                    params={
                        "company": buyer.company,
                        "organisation": organisation.display_name,
                        "quantity": quantity,
                        "product": product_name,
                    },
                    url_name="matchmaking:inquiry",
                    url_args=[inquiry.pk],
                )
    return inquiry


def reply_to_inquiry(inquiry, *, actor, body, attachments=(), quoted=False):
    """A message in the inquiry's private thread; the firm's first answer makes it answered,
    a quotation (`quoted`) quoted. The other side is told."""
    with transaction.atomic():
        locked = (
            Inquiry.objects.select_for_update(of=("self",))
            .select_related("organisation", "buyer")
            .get(pk=inquiry.pk)
        )
        _require(permissions.can_reply_to_inquiry(actor, locked))
        message = InquiryMessage.objects.create(inquiry=locked, author=actor, body=body)
        _store_attachments(locked, attachments, message=message)
        from_firm = permissions.speaks_for(actor, locked.organisation)
        from_buyer = locked.buyer_id == actor.pk
        if from_firm:
            if quoted:
                locked.status = Inquiry.Status.QUOTED
            elif locked.status == Inquiry.Status.NEW:
                locked.status = Inquiry.Status.ANSWERED
        locked.save(update_fields=["status", "updated_at"])
        subject = locked.product.name if locked.product_id else locked.quantity
        if from_firm:
            recipients = [locked.buyer]
        elif from_buyer:
            recipients = members_speaking_for(locked.organisation)
            company = permissions.buyer_profile_of(actor).company
        else:  # a coordinator helping: both sides read it
            recipients = [locked.buyer, *members_speaking_for(locked.organisation)]
            company = _agency_name(actor)
        for recipient in recipients:
            if from_firm:  # the firm's name as the buyer reads it (English abroad)
                with translation.override(recipient_language(recipient)):
                    company = locked.organisation.display_name
            notify(
                recipient=recipient,
                actor=actor,
                kind=Kind.INQUIRY_MESSAGE,
                params={"company": company, "subject": subject},
                url_name="matchmaking:inquiry",
                url_args=[locked.pk],
            )
    return message


def _agency_name(coordinator):
    profile = MemberProfile.objects.filter(user=coordinator).only("full_name").first()
    return (profile and profile.full_name) or coordinator.email


def ask_for_inquiry_help(inquiry, *, actor, reason):
    """A party asks the agency to step in: the coordinators of the firm's clusters are told
    and may read and write in the thread until a party (or they) end the help."""
    with transaction.atomic():
        locked = (
            Inquiry.objects.select_for_update(of=("self",))
            .select_related("organisation", "buyer__buyer_profile", "product")
            .get(pk=inquiry.pk)
        )
        _require(permissions.can_ask_for_inquiry_help(actor, locked))
        locked.help_requested_at = timezone.now()
        locked.help_requested_by = actor
        locked.help_reason = reason
        locked.save(
            update_fields=["help_requested_at", "help_requested_by", "help_reason", "updated_at"]
        )
        from_buyer = locked.buyer_id == actor.pk
        asking = locked.buyer.buyer_profile.company if from_buyer else locked.organisation.name
        params = {
            "company": asking,
            "subject": locked.product.name if locked.product_id else locked.quantity,
            "buyer": locked.buyer.buyer_profile.company,
            "organisation": locked.organisation.name,
            "reason": reason,
        }
        others = members_speaking_for(locked.organisation) if from_buyer else [locked.buyer]
        for recipient in [*coordinators_of_organisation(locked.organisation), *others]:
            notify(
                recipient=recipient,
                actor=actor,
                kind=Kind.INQUIRY_HELP,
                params=params,
                url_name="matchmaking:inquiry",
                url_args=[locked.pk],
            )
    return locked


def end_inquiry_help(inquiry, *, actor):
    """The agency's help ends: its coordinators no longer read the thread (what they wrote
    stays in it)."""
    with transaction.atomic():
        locked = Inquiry.objects.select_for_update(of=("self",)).get(pk=inquiry.pk)
        _require(permissions.can_end_inquiry_help(actor, locked))
        locked.help_requested_at = None
        locked.help_requested_by = None
        locked.save(update_fields=["help_requested_at", "help_requested_by", "updated_at"])
    return locked


def set_inquiry_status(inquiry, *, actor, status):
    _require(permissions.can_set_inquiry_status(actor, inquiry))
    if status not in Inquiry.Status.values:
        raise ValidationError(_("Choose one of the statuses."))
    with transaction.atomic():
        locked = Inquiry.objects.select_for_update(of=("self",)).get(pk=inquiry.pk)
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
    return locked


# --- reminders and follow-ups ------------------------------------------------------------------

FOLLOW_UP_AFTER = timedelta(days=90)


def send_reminders_and_follow_ups(*, now=None):
    """The day before a published meeting each side is reminded once; three months after a
    meeting that took place each side is asked what came of it, once. Idempotent: run it
    from cron (hourly)."""
    now = now or timezone.now()
    reminded = asked = 0
    due = MeetingSeat.objects.filter(
        reminded_at__isnull=True,
        meeting__status=MeetingStatus.SCHEDULED,
        slot__starts_at__gt=now,
        slot__starts_at__lte=now + timedelta(hours=24),
    ).select_related(
        "participant__user",
        "meeting__slot",
        "meeting__request__sender",
        "meeting__request__recipient",
        "meeting__matchmaking__event",
    )
    for seat in due:
        with transaction.atomic():
            if not MeetingSeat.objects.filter(pk=seat.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            meeting_request = seat.meeting.request
            other = meeting_request.other_than(seat.participant_id)
            _notify(
                meeting_request,
                to=seat.participant,
                about=other,
                kind=Kind.MEETING_REMINDER,
                meeting=seat.meeting,
            )
            reminded += 1
    held = Meeting.objects.filter(
        status=MeetingStatus.HELD, slot__ends_at__lte=now - FOLLOW_UP_AFTER
    ).select_related("request__sender__user", "request__recipient__user", "matchmaking__event")
    for meeting in held:
        for participant, other in (
            (meeting.request.sender, meeting.request.recipient),
            (meeting.request.recipient, meeting.request.sender),
        ):
            with transaction.atomic():
                follow_up, created = FollowUp.objects.get_or_create(
                    meeting=meeting, participant=participant, defaults={"asked_at": now}
                )
                if not created:
                    continue
                notify(
                    recipient=participant.user,
                    kind=Kind.MEETING_FOLLOW_UP,
                    params=_params(meeting.request, to=participant, about=other),
                    url_name="matchmaking:follow_up",
                    url_args=[follow_up.pk],
                )
                asked += 1
    return {"reminded": reminded, "follow_ups": asked}


def answer_follow_up(
    follow_up, *, actor, negotiating, agreement, contract_value=None, currency="KRW", comment=""
):
    _require(permissions.can_answer_follow_up(actor, follow_up))
    if contract_value is not None and contract_value < 0:
        raise ValidationError(_("The contract value cannot be negative."))
    with transaction.atomic():
        follow_up.negotiating = negotiating
        follow_up.agreement = agreement
        follow_up.contract_value = contract_value
        follow_up.currency = currency
        follow_up.comment = comment
        follow_up.answered_at = timezone.now()
        follow_up.save()
        _record_in_ledger(follow_up, actor=actor)
    return follow_up


def _record_in_ledger(follow_up, *, actor):
    """An agreement with a value becomes the meeting's outcome in the ledger, claimed by the
    side that answered first; the other side's answer confirms it (or corrects what it said)."""
    meeting = follow_up.meeting
    outcome = (
        outcome_queries.outcomes_of_origin(meeting)
        .exclude(status=Outcome.Status.WITHDRAWN)
        .select_related("organisation", "counterpart", "counterpart_user")
        .first()
    )
    if not (follow_up.agreement and follow_up.contract_value):
        if outcome is not None and outcome_permissions.can_withdraw(actor, outcome):
            outcome_services.withdraw_outcome(
                outcome, actor=actor, reason=_("The follow-up no longer reports an agreement.")
            )
        return
    request = meeting.request
    exhibitor, buyer = request.exhibitor, request.buyer
    figures = {"amount": follow_up.contract_value, "currency": follow_up.currency}
    if outcome is None:
        outcome_services.record_outcome(
            actor=actor,
            organisation=exhibitor.organisation,
            counterpart_user=buyer.user,
            counterpart_name=buyer.company,
            kind=Outcome.Kind.EXPORT_CONTRACT
            if buyer.country != "KR"
            else Outcome.Kind.SUPPLY_CONTRACT,
            occurred_on=timezone.localdate(),
            origin=meeting,
            note=str(_("Agreement reported in the meeting follow-up")),
            **figures,
        )
    elif outcome_permissions.can_confirm(actor, outcome):
        outcome_services.confirm_outcome(
            outcome,
            actor=actor,
            note=_("Reported in their follow-up as %(currency)s %(amount)s.")
            % {
                "currency": follow_up.currency,
                "amount": formats.number_format(follow_up.contract_value, force_grouping=True),
            },
        )
    elif outcome_permissions.can_edit(actor, outcome):
        outcome_services.update_outcome(outcome, actor=actor, **figures)
