"""Pages of live events: the event's routes (audience, presenter screen, console, jury,
registration, ticket, check-in, attendance CSV), and pitchers' written answers to the questions
left open on their pitch. Every state change goes through services."""

import io
from base64 import b64encode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from cluster_hub import page_cache
from cluster_hub.form_errors import errors_shown
from cluster_hub.pages import localized_page_url, page_context, page_route
from cluster_hub.panels import register_link
from cluster_hub.permissions import permission_required
from cluster_hub.spreadsheets import csv_response
from clusters.models import person_name
from events import permissions, queries, services
from events.forms import (
    CheckInForm,
    RegistrantMessageForm,
    ReplyForm,
    answer_prefix,
    first_error,
    score_form_class,
)
from events.models import EventIndexPage, EventPage, Question
from translations.queries import prefetch_translations


@page_context(EventPage)
def event_page_context(request, page):
    source = page.source
    return {
        "source": source,
        # The agenda is the same for every reader: read only when its shared fragment is
        # missing; a preview shows its draft, unshared.
        "sessions": SimpleLazyObject(
            lambda: prefetch_translations(list(queries.sessions_of(source)))
        ),
        "fragment_seconds": page_cache.fragment_seconds(request),
        "registration": queries.registration_of(request.user, source),
        "seats": queries.seat_counts(source),
    }


register_link("events", lambda: localized_page_url(EventIndexPage))


def _source(event, *args, **kwargs):
    """What an event page's permissions are checked on: its source (default-language) page."""
    return event.source


def _qa_sessions(source):
    return [s for s in queries.shared_sessions_of(source) if s.has_qa]


def _session(sessions, session_id):
    session = next((s for s in sessions if s.pk == session_id), None)
    if session is None:
        raise Http404
    return session


def _qr_svg(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + b64encode(buffer.getvalue()).decode()


def _strings():
    return {
        "connected": _("Live"),
        "reconnecting": _("Connection lost: reconnecting…"),
        "offline": _("Not connected yet: please try again in a moment."),
        "awaiting_approval": _("Thank you! Your question appears once a moderator approves it."),
        "posted": _("Your question is posted."),
        "scored": _("Your scores are saved."),
        "write_something": _("Please write something first."),
        "votes": _("votes"),
        "vote": _("Vote"),
        "anonymous": _("Anonymous"),
        "asked_anonymously": _("Anonymous to the audience"),
        "edited": _("edited"),
        "answered": _("answered"),
        "status_pending": _("Waiting for approval"),
        "status_hidden": _("Hidden"),
        "approve": _("Approve"),
        "hide": _("Hide"),
        "restore": _("Show again"),
        "highlight": _("Show on screen"),
        "mark_answered": _("Mark answered"),
        "unanswer": _("Not answered"),
        "reply": _("Reply"),
        "edit": _("Edit"),
        # A poll's states, in words of their own (not a request's "draft" or a call's "open").
        "poll_draft": pgettext("poll state", "Not open yet"),
        "poll_open": pgettext("poll state", "Open for answers"),
        "poll_closed": pgettext("poll state", "Closed"),
        # The page picks the form for its count (these four languages have at most two).
        "answer_count": {
            "one": ngettext("%(count)s answer", "%(count)s answers", 1),
            "other": ngettext("%(count)s answer", "%(count)s answers", 2),
        },
        "choose": _("Choose"),
        "open_poll": _("Open poll"),
        "close_poll": _("Close poll"),
        "no_highlight": _("No question on screen."),
        "counts": _("%(pending)s waiting for moderation · %(hidden)s hidden"),
        "jury_total": _("Weighted mean %(score)s from %(jurors)s jurors"),
        "queue_empty": _("No questions are waiting."),
        "no_questions": _("No questions yet. Be the first to ask!"),
    }


def _live_context(request, event, session, *, sessions, view):
    source = event.source
    staff = view == "console" and permissions.can_moderate(request.user, source)
    config = {
        "socket": f"/ws/live/{session.pk}/" if session else "",
        "view": view,
        "staff": staff,
        "lang": request.LANGUAGE_CODE,
        "can_ask": permissions.can_ask(request.user, source),
        "strings": _strings(),
    }
    return {
        "live_config": config,
        "page": event,
        "event": source,
        "session": session,
        "sessions": sessions,
        "view": view,
        "can_ask": permissions.can_ask(request.user, source),
        "can_register": permissions.can_register(request.user, source),
        "can_moderate": permissions.can_moderate(request.user, source),
        "allow_anonymous": source.allow_anonymous,
        "moderated": source.moderated,
    }


@page_route(EventPage, "sessions/<int:session_id>/live/", name="live")
def audience(request, event, session_id):
    sessions = _qa_sessions(event.source)
    session = _session(sessions, session_id)
    context = _live_context(request, event, session, sessions=sessions, view="audience")
    return render(request, "events/audience.html", context)


@page_route(EventPage, "sessions/<int:session_id>/screen/", name="screen")
def presenter_screen(request, event, session_id):
    sessions = _qa_sessions(event.source)
    session = _session(sessions, session_id)
    context = _live_context(request, event, session, sessions=sessions, view="screen")
    join_url = request.build_absolute_uri(
        event.url + event.reverse_subpage("live", args=[session.pk])
    )
    context["join_url"] = join_url
    context["join_qr"] = _qr_svg(join_url)
    return render(request, "events/presenter_screen.html", context)


@page_route(EventPage, "console/", name="console")
@permission_required("events.manage_event", on=_source)
def console(request, event):
    source = event.source
    sessions = [s for s in queries.sessions_of(source) if s.has_qa]
    if request.method == "POST" and request.POST.get("import_programme"):
        with errors_shown(request):
            created = services.import_programme(source, actor=request.user)
            messages.success(
                request, _("%(count)d pitch sessions added.") % {"count": len(created)}
            )
        return redirect(event.url + event.reverse_subpage("console"))
    chosen = request.GET.get("session")
    current = next((s for s in sessions if str(s.pk) == chosen), None)
    if current is None:
        rooms = {room.session_id: room for room in queries.current_rooms(source)}
        current = next((s for s in sessions if s.pk in rooms), sessions[0] if sessions else None)
    context = _live_context(request, event, current, sessions=sessions, view="console")
    context["seats"] = queries.seat_counts(source)
    context["rubric"] = source.forum_edition.rubric() if source.forum_edition else []
    return render(request, "events/console.html", context)


@page_route(EventPage, "jury/", name="jury")
@permission_required("events.score_at_jury", on=_source)
def jury(request, event):
    source = event.source
    sessions = [s for s in queries.sessions_of(source) if s.pitch_id]
    chosen = request.GET.get("session")
    current = next((s for s in sessions if str(s.pk) == chosen), None)
    if current is None:
        rooms = {room.session_id for room in queries.current_rooms(source)}
        current = next((s for s in sessions if s.pk in rooms), sessions[0] if sessions else None)
    context = _live_context(request, event, current, sessions=sessions, view="jury")
    context["score_form"] = score_form_class(source.forum_edition.rubric())()
    return render(request, "events/jury.html", context)


@page_route(EventPage, "register/", name="register")
@permission_required("events.signed_in")
def register(request, event):
    source = event.source
    if request.method != "POST":
        return redirect(event.url)
    if request.POST.get("cancel"):
        with errors_shown(request):
            services.cancel_registration(source, actor=request.user)
            messages.success(request, _("Your registration is cancelled."))
        return redirect(event.url)
    with errors_shown(request) as outcome:
        registration = services.register(source, actor=request.user)
    if outcome.failed:
        return redirect(event.url)
    if registration.status == registration.Status.WAITLISTED:
        messages.info(request, _("The event is full: you are on the waiting list."))
        return redirect(event.url)
    messages.success(request, _("You are registered. Your ticket is below."))
    return redirect(event.url + event.reverse_subpage("ticket"))


@page_route(EventPage, "ticket/", name="ticket")
@permission_required("events.signed_in")
def ticket(request, event):
    source = event.source
    registration = queries.registration_of(request.user, source)
    if registration is None or registration.status != registration.Status.REGISTERED:
        raise Http404
    return render(
        request,
        "events/ticket.html",
        {
            "page": event,
            "event": source,
            "registration": registration,
            "qr": _qr_svg(registration.code),
        },
    )


@page_route(EventPage, "check-in/", name="check_in")
@permission_required("events.manage_event", on=_source)
def check_in(request, event):
    source = event.source
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            registration, already = services.check_in(
                source, actor=request.user, code=form.cleaned_data["code"]
            )
            result = {"registration": registration, "already": already}
            form = CheckInForm()
        except ValidationError as error:
            form.add_error("code", error)
    context = {
        "page": event,
        "event": source,
        "form": form,
        "result": result,
        "seats": queries.seat_counts(source),
    }
    return render(request, "events/check_in.html", context)


@page_route(EventPage, "message/", name="message_registrants")
@permission_required("events.manage_event", on=_source)
def message_registrants(request, event):
    source = event.source
    form = RegistrantMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = services.message_registrants(
            source,
            actor=request.user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            include_waitlist=form.cleaned_data["include_waitlist"],
        )
        messages.success(
            request,
            ngettext(
                "Your message to %(count)d person is on its way.",
                "Your message to %(count)d people is on its way.",
                count,
            )
            % {"count": count},
        )
        return redirect(event.url + event.reverse_subpage("console"))
    return render(
        request,
        "events/message_registrants.html",
        {"page": event, "form": form, "seats": queries.seat_counts(source)},
    )


@page_route(EventPage, "attendees/csv/", name="attendees_csv")
@permission_required("events.manage_event", on=_source, sign_in=False)
def attendees_csv(request, event):
    source = event.source
    rows = []
    for registration in queries.attendees(source):
        profile = getattr(registration.user, "profile", None)
        rows.append(
            [
                person_name(registration.user),
                profile.organisation.name if profile and profile.organisation else "",
                registration.user.email,
                registration.get_status_display(),
                registration.checked_in_at.isoformat() if registration.checked_in_at else "",
                registration.code,
            ]
        )
    header = [_("Name"), _("Organisation"), _("Email"), _("Status"), _("Checked in"), _("Code")]
    return csv_response(f"attendees-{source.pk}.csv", header, rows)


@login_required
@require_POST
def answer_question(request, pk):
    """A pitcher answers, in writing, a question the live event left open on their pitch."""
    question = get_object_or_404(
        Question.objects.select_related("pitch", "pitch__edition", "session__event"),
        pk=pk,
        pitch__isnull=False,
    )
    pitch = question.pitch
    if not permissions.can_see_pitch_questions(request.user, pitch):
        raise Http404
    back = reverse("forums:pitch_detail", args=[pitch.pk]) + f"#question-{question.pk}"
    if question.answered:
        messages.info(request, _("This question has already been answered."))
        return redirect(back)
    if not permissions.can_answer_in_writing(request.user, question):
        raise PermissionDenied
    form = ReplyForm(request.POST, prefix=answer_prefix(question))
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(back)
    try:
        services.reply_to_question(question, actor=request.user, reply=form.cleaned_data["reply"])
    except PermissionDenied:
        # Someone answered it a moment ago (the service decides on the locked row).
        messages.info(request, _("This question has already been answered."))
    else:
        messages.success(request, _("Your answer is published."))
    return redirect(back)
