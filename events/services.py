"""Every state change of live events: registration and check-in, questions, votes, moderation,
polls, the current session and live jury scores.

Each service checks permission, runs in one transaction, and hands what the rooms must learn to
`broadcast.emit`, which logs it in that transaction and publishes it after the commit."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cluster_hub.ical import CalendarEntry, calendar
from cluster_hub.pages import republish
from events import broadcast, permissions, queries, rate_limits
from events.models import (
    EventSession,
    JuryScore,
    LiveRoom,
    Poll,
    PollAnswer,
    PollOption,
    Question,
    QuestionVote,
    Registration,
)
from forums import queries as forum_queries
from notifications.services import queue_email, recipient_language

RegistrationStatus = Registration.Status
QuestionStatus = Question.Status


class RateLimited(ValidationError):
    pass


# --- registration and check-in ---------------------------------------------------------------


def _ticket_email(registration):
    event = registration.event
    user = registration.user
    if not user.email:
        return
    with translation.override(recipient_language(user)):
        if registration.status == RegistrationStatus.REGISTERED:
            subject = _("You are registered for %(event)s") % {"event": event.title}
            body = _(
                "See you at %(venue)s on %(date)s.\n\nYour check-in code: %(code)s\n"
                "Show it (or its QR code on ClusterHub) at the door."
            ) % {
                "venue": event.venue,
                "date": timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M"),
                "code": registration.code,
            }
        else:
            subject = _("You are on the waiting list for %(event)s") % {"event": event.title}
            body = _(
                "The event is full. You will get a seat automatically when someone cancels, "
                "and we will write to you then."
            )
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject
    message = EmailMessage(subject, body, None, [user.email])
    if registration.status == RegistrationStatus.REGISTERED:
        entry = CalendarEntry(
            uid=f"event-{event.pk}-registration-{registration.pk}@clusterhub",
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            summary=event.title,
            location=event.venue,
            description=f"{event.summary}\n{registration.code}",
        )
        message.attach("event.ics", calendar([entry], product="Events"), "text/calendar")
    queue_email(message)


def import_registrations(event, *, actor, users):
    """Register many people at once without tickets by email (a coordinator's attendee list,
    a load test's audience); people already registered are left as they are."""
    event = event.source
    if actor is not None and not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    with transaction.atomic():
        known = set(Registration.objects.filter(event=event).values_list("user_id", flat=True))
        return Registration.objects.bulk_create(
            Registration(event=event, user=user, status=RegistrationStatus.REGISTERED)
            for user in users
            if user.pk not in known
        )


def register(event, *, actor):
    """A seat if one is free, else the waiting list. Registering again is harmless."""
    event = event.source
    if not permissions.can_register(actor, event):
        if getattr(actor, "is_authenticated", False):
            raise ValidationError(_("Registration for this event is closed."))
        raise PermissionDenied
    with transaction.atomic():
        # Lock the event's registrations so two last-seat requests cannot both win.
        taken = list(
            Registration.objects.select_for_update()
            .filter(event=event, status=RegistrationStatus.REGISTERED)
            .values_list("pk", flat=True)
        )
        registration = (
            Registration.objects.select_for_update().filter(event=event, user=actor).first()
        )
        if registration and registration.status != RegistrationStatus.CANCELLED:
            return registration
        full = event.capacity is not None and len(taken) >= event.capacity
        status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED
        if registration is None:
            registration = Registration.objects.create(event=event, user=actor, status=status)
        else:
            registration.status = status
            registration.cancelled_at = None
            registration.checked_in_at = None
            registration.save(update_fields=["status", "cancelled_at", "checked_in_at"])
        _ticket_email(registration)
    return registration


def cancel_registration(event, *, actor):
    """Give up a seat (or a waiting-list place); the first on the waiting list moves up."""
    event = event.source
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(event=event, user=actor)
            .exclude(status=RegistrationStatus.CANCELLED)
            .first()
        )
        if registration is None:
            raise ValidationError(_("You are not registered for this event."))
        freed_seat = registration.status == RegistrationStatus.REGISTERED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        promoted = None
        if freed_seat:
            promoted = (
                Registration.objects.select_for_update()
                .filter(event=event, status=RegistrationStatus.WAITLISTED)
                .order_by("created_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status = RegistrationStatus.REGISTERED
                promoted.promoted_at = timezone.now()
                promoted.save(update_fields=["status", "promoted_at"])
                _ticket_email(promoted)
    return registration, promoted


def message_registrants(event, *, actor, subject, body, include_waitlist=False):
    """Email everyone registered for `event` (the coordinator's own words, the event's name in
    the subject). Each message joins the queue in this transaction; nothing is sent here, so
    600 registrants cost 600 rows, not 600 SMTP conversations. Returns how many were queued."""
    event = event.source
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    statuses = [RegistrationStatus.REGISTERED]
    if include_waitlist:
        statuses.append(RegistrationStatus.WAITLISTED)
    recipients = (
        Registration.objects.filter(event=event, status__in=statuses)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    full_subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}[{event.title}] {subject}"
    with transaction.atomic():
        count = 0
        for address in recipients:
            queue_email(EmailMessage(full_subject, body, None, [address]))
            count += 1
    return count


def check_in(event, *, actor, code):
    """Coordinators scan or type the code at the door. Returns (registration, already)."""
    event = event.source
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    with transaction.atomic():
        registration = (
            # of=self: PostgreSQL cannot lock the nullable side of the profile outer join.
            Registration.objects.select_for_update(of=("self",))
            .select_related("user", "user__profile")
            .filter(event=event, code=code)
            .first()
        )
        if registration is None:
            raise ValidationError(_("No registration for this event has that code."))
        if registration.status == RegistrationStatus.CANCELLED:
            raise ValidationError(_("This registration was cancelled."))
        if registration.status == RegistrationStatus.WAITLISTED:
            raise ValidationError(_("This person is still on the waiting list."))
        if registration.checked_in_at is not None:
            return registration, True
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = actor
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration, False


# --- live rooms --------------------------------------------------------------------------------


def _rate_limit(actor, action):
    """At most `count` actions in any `seconds` per person (settings.LIVE_QA_RATE_LIMITS)."""
    limit = settings.LIVE_QA_RATE_LIMITS.get(action)
    if not limit:
        return
    count, seconds = limit
    if not rate_limits.allow(f"live-rate:{action}:{actor.pk}", count, seconds):
        raise RateLimited(
            _("Too many at once: please wait a moment before trying again."), code="rate_limited"
        )


def open_room(session):
    """The live room of a session, made the first time anyone opens it (its counters and log
    live outside the page, which editors change through revisions). Looked up once per
    session object: the live room's sockets share theirs, so an action reads no room row
    (its numbers are taken by `broadcast.emit` in one statement; fields that change, such as
    the highlight, are always read or written in the database, never from this object)."""
    room = getattr(session, "_live_room", None)
    if room is None:
        with transaction.atomic():
            room, _created = LiveRoom.objects.get_or_create(session=session)
        session._live_room = room
    return room


def _locked_question(question):
    # The caller's session (with its event and room) serves when it has one loaded.
    reuse = Question.session.is_cached(question)
    related = ("author", "author__profile")
    if not reuse:
        related = ("session", "session__event", *related)
    # of=self: PostgreSQL cannot lock the nullable side of the author/profile outer joins.
    locked = (
        Question.objects.select_for_update(of=("self",))
        .select_related(*related)
        .get(pk=question.pk)
    )
    if reuse:
        locked.session = question.session
    return locked


def _publish_question(room, question, *, was_visible):
    """Tell both streams how a question now stands (and the audience the moderation counts)."""
    counts = queries.moderation_counts(room.session_id)
    staff = broadcast.question_event(question, counts, staff=True)
    if question.status == QuestionStatus.VISIBLE:
        public = broadcast.question_event(question, counts, staff=False)
    elif was_visible:
        public = broadcast.question_removed_event(question, counts)
    else:
        public = broadcast.counts_event(counts)
    broadcast.emit(room, public=public, staff=staff)


def ask_question(session, *, actor, body, anonymous=False):
    event = session.event
    if not permissions.can_ask(actor, event):
        raise PermissionDenied
    if not session.has_qa:
        raise ValidationError(_("This session has no Q&A."))
    _rate_limit(actor, "ask")
    with transaction.atomic():
        room = open_room(session)
        question = Question.objects.create(
            session=session,
            pitch_id=session.pitch_id,
            author=actor,
            body=body,
            anonymous=bool(anonymous) and event.allow_anonymous,
            status=QuestionStatus.PENDING if event.moderated else QuestionStatus.VISIBLE,
        )
        question = _locked_question(question)
        _publish_question(room, question, was_visible=False)
    return question


def toggle_vote(question, *, actor):
    """One vote per person: a second toggle takes it back. Returns whether it now counts."""
    event = question.session.event
    if not permissions.can_vote(actor, event):
        raise PermissionDenied
    _rate_limit(actor, "vote")
    with transaction.atomic():
        question = _locked_question(question)
        if question.status != QuestionStatus.VISIBLE:
            raise ValidationError(_("This question is not open for votes."))
        deleted, _ignored = QuestionVote.objects.filter(question=question, user=actor).delete()
        voted = not deleted
        if voted:
            QuestionVote.objects.create(question=question, user=actor)
        question.vote_count = QuestionVote.objects.filter(question=question).count()
        question.save(update_fields=["vote_count"])
        room = open_room(question.session)
        payload = broadcast.votes_event(question)
        broadcast.emit(room, public=payload, staff=payload)
    return voted


MODERATION_ACTIONS = ("approve", "hide", "answer", "unanswer", "restore")


def moderate_question(question, *, actor, action):
    event = question.session.event
    if not permissions.can_moderate(actor, event):
        raise PermissionDenied
    if action not in MODERATION_ACTIONS:
        raise ValidationError(_("Unknown moderation action."))
    with transaction.atomic():
        question = _locked_question(question)
        was_visible = question.status == QuestionStatus.VISIBLE
        if action in ("approve", "restore"):
            question.status = QuestionStatus.VISIBLE
        elif action == "hide":
            question.status = QuestionStatus.HIDDEN
        else:
            question.answered = action == "answer"
        question.save(update_fields=["status", "answered"])
        room = open_room(question.session)
        if action == "hide" and LiveRoom.objects.filter(pk=room.pk, highlighted=question).update(
            highlighted=None
        ):
            cleared = broadcast.highlight_event(None)
            broadcast.emit(room, public=cleared, staff=cleared)
        _publish_question(room, question, was_visible=was_visible)
    return question


def highlight_question(session, *, actor, question=None):
    """Put one visible question on the presenter screen (or none)."""
    if not permissions.can_moderate(actor, session.event):
        raise PermissionDenied
    with transaction.atomic():
        room = open_room(session)
        if question is not None:
            question = _locked_question(question)
            if question.session_id != session.pk or question.status != QuestionStatus.VISIBLE:
                raise ValidationError(_("Only a visible question of this session can be shown."))
        LiveRoom.objects.filter(pk=room.pk).update(highlighted=question)
        payload = broadcast.highlight_event(question)
        broadcast.emit(room, public=payload, staff=payload)
    return question


def reply_to_question(question, *, actor, reply):
    """Moderators reply live; after the event the pitcher answers a pitch's open questions."""
    with transaction.atomic():
        # Decide on the locked row: a pitcher may answer only while it is still unanswered.
        question = _locked_question(question)
        if not permissions.can_moderate(
            actor, question.session.event
        ) and not permissions.can_answer_in_writing(actor, question):
            raise PermissionDenied
        was_visible = question.status == QuestionStatus.VISIBLE
        question.reply = reply
        question.replied_by = actor
        question.replied_at = timezone.now()
        question.answered = True
        question.save(update_fields=["reply", "replied_by", "replied_at", "answered"])
        _publish_question(open_room(question.session), question, was_visible=was_visible)
    return question


def edit_question(question, *, actor, body):
    """Moderators fix typos; the edit is marked for everyone."""
    if not permissions.can_moderate(actor, question.session.event):
        raise PermissionDenied
    with transaction.atomic():
        question = _locked_question(question)
        was_visible = question.status == QuestionStatus.VISIBLE
        question.body = body
        question.edited = True
        question.save(update_fields=["body", "edited"])
        _publish_question(open_room(question.session), question, was_visible=was_visible)
    return question


def start_session(session, *, actor):
    """Make `session` the event's current one and start its timer."""
    event = session.event
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    with transaction.atomic():
        others = LiveRoom.objects.filter(session__event=event, is_current=True).exclude(
            session=session
        )
        for other in others.select_for_update():
            other.is_current = False
            other.save(update_fields=["is_current"])
            payload = broadcast.session_event(other)
            broadcast.emit(other, public=payload, staff=payload)
        room = open_room(session)
        room = LiveRoom.objects.select_for_update().get(pk=room.pk)
        room.is_current = True
        room.started_at = timezone.now()
        room.save(update_fields=["is_current", "started_at"])
        payload = broadcast.session_event(room)
        broadcast.emit(room, public=payload, staff=payload)
    return room


# --- polls -------------------------------------------------------------------------------------


def _publish_poll(poll):
    live = broadcast.live_poll(poll.pk)
    payload = broadcast.poll_event(live)
    room = open_room(poll.session)
    public = payload if live.status != Poll.Status.DRAFT else None
    broadcast.emit(room, public=public, staff=payload)


def create_poll(session, *, actor, question, options, multiple=False):
    if not permissions.can_moderate(actor, session.event):
        raise PermissionDenied
    with transaction.atomic():
        poll = Poll.objects.create(session=session, question=question, multiple=multiple)
        PollOption.objects.bulk_create(
            PollOption(poll=poll, label=label, position=position)
            for position, label in enumerate(options)
        )
        _publish_poll(poll)
    return poll


def set_poll_status(poll, *, actor, status):
    if not permissions.can_moderate(actor, poll.session.event):
        raise PermissionDenied
    allowed = {
        Poll.Status.OPEN: (Poll.Status.DRAFT, Poll.Status.CLOSED),
        Poll.Status.CLOSED: (Poll.Status.OPEN,),
    }
    with transaction.atomic():
        poll = Poll.objects.select_for_update().select_related("session").get(pk=poll.pk)
        if poll.status not in allowed.get(status, ()):
            raise ValidationError(_("The poll cannot change to that state now."))
        poll.status = status
        poll.save(update_fields=["status"])
        _publish_poll(poll)
    return poll


def answer_poll(poll, *, actor, option_ids):
    """Answering again replaces one's earlier answer."""
    if not permissions.can_answer_poll(actor, poll.session.event):
        raise PermissionDenied
    _rate_limit(actor, "poll")
    with transaction.atomic():
        poll = Poll.objects.select_for_update().select_related("session").get(pk=poll.pk)
        if poll.status != Poll.Status.OPEN:
            raise ValidationError(_("This poll is not open."))
        chosen = list(PollOption.objects.filter(poll=poll, pk__in=option_ids))
        if not chosen or len(chosen) != len(set(option_ids)):
            raise ValidationError(_("Choose one of the poll's options."))
        if len(chosen) > 1 and not poll.multiple:
            raise ValidationError(_("This poll takes one answer."))
        PollAnswer.objects.filter(poll=poll, user=actor).delete()
        try:
            PollAnswer.objects.bulk_create(
                PollAnswer(poll=poll, option=option, user=actor) for option in chosen
            )
        except IntegrityError as error:  # the same person answering twice at once
            raise ValidationError(_("Your answer was already recorded.")) from error
        _publish_poll(poll)
    return chosen


# --- live jury scoring -------------------------------------------------------------------------


def jury_aggregate(event, pitch):
    """Mean per criterion and the weighted mean (1–5) over the jurors who scored so far."""
    rubric = event.forum_edition.rubric() if event.forum_edition else []
    rows = queries.jury_scores(event, pitch.pk)
    criteria = {}
    weighted_sum = total_weight = 0
    for key, label, weight in rubric:
        values = [scores[key] for _juror, scores in rows if key in scores]
        mean = round(sum(values) / len(values), 2) if values else None
        criteria[key] = {"label": str(label), "weight": weight, "mean": mean}
        if mean is not None:
            weighted_sum += mean * weight
            total_weight += weight
    weighted = round(weighted_sum / total_weight, 2) if total_weight else None
    return {"jurors": len(rows), "criteria": criteria, "weighted": weighted}


def score_pitch(event, pitch, *, actor, scores, session=None):
    """A juror's scores for the pitch on stage: replaced if they score again."""
    event = event.source
    if not permissions.can_score(actor, event, pitch):
        raise PermissionDenied
    keys = {key for key, _, _ in event.forum_edition.rubric()}
    if set(scores) != keys or any(
        not isinstance(value, int) or not 1 <= value <= 5 for value in scores.values()
    ):
        raise ValidationError(_("Score every criterion from 1 to 5."))
    with transaction.atomic():
        JuryScore.objects.update_or_create(
            event=event, pitch=pitch, juror=actor, defaults={"scores": scores}
        )
        aggregate = jury_aggregate(event, pitch)
        for pitch_session in EventSession.objects.filter(event=event, pitch=pitch):
            broadcast.emit(
                open_room(pitch_session), staff=broadcast.jury_event(pitch.pk, aggregate)
            )
    return aggregate


# --- forum programme → sessions ----------------------------------------------------------------


def import_programme(event, *, actor):
    """The forum edition's programme slots become pitch sessions (once each)."""
    event = event.source
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    if event.forum_edition is None:
        raise ValidationError(_("This event is not a forum's live day."))
    with transaction.atomic():
        sessions = list(EventSession.objects.filter(event=event).order_by("sort_order", "pk"))
        existing = {session.pitch_id for session in sessions if session.pitch_id}
        day = timezone.localtime(event.starts_at).date()
        tz = timezone.get_current_timezone()
        created = []
        for slot in forum_queries.programme(event.forum_edition.source):
            if slot.pitch_id is None or slot.pitch_id in existing:
                continue
            starts_at = timezone.make_aware(datetime.combine(day, slot.starts_at), tz)
            created.append(
                EventSession(
                    kind=EventSession.Kind.PITCH,
                    title=slot.pitch.title,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=slot.minutes),
                    room=event.venue,
                    pitch=slot.pitch,
                )
            )
        if created:
            # Sessions live in the page's revisions: add them through one, as the admin does.
            republish(event, actor=actor, children={"sessions": sessions + created})
    return created
