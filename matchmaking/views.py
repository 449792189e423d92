"""Pages of a buyer fair's 1:1 meetings, split by audience: participants (join, people to
meet, requests, agenda, a meeting) and coordinators (set-up, scheduler, grid, check-in,
figures, export). Every page here is personal: none is ever served from the page cache."""

import copy
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cluster_hub.form_errors import database_error_text, error_text, errors_shown
from cluster_hub.ical import CalendarEntry, calendar
from cluster_hub.media import private_file_response
from cluster_hub.spreadsheets import csv_response, xlsx_response
from clusters import permissions as cluster_permissions
from clusters.models import Organisation
from equipment import queries as equipment_queries
from equipment import services as equipment_services
from events.models import EventPage
from matchmaking import permissions, queries, services
from matchmaking.forms import (
    AnswerForm,
    AvailabilityForm,
    BuyerForm,
    FeedbackForm,
    FollowUpForm,
    InquiryForm,
    InquiryHelpForm,
    InquiryReplyForm,
    InquiryStatusForm,
    InterpreterForm,
    InterpreterUpdateForm,
    JoinForm,
    MeetingRequestForm,
    MoveMeetingForm,
    PeopleFilterForm,
    PickSlotForm,
    SettingsForm,
    SlotsForm,
    TableNameForm,
)
from matchmaking.models import (
    BuyerProfile,
    FollowUp,
    Inquiry,
    InquiryAttachment,
    Interpreter,
    Meeting,
    MeetingRequest,
    MeetingTable,
    Participant,
)
from translations.queries import prefetch_translations

RequestStatus = MeetingRequest.Status
logger = logging.getLogger(__name__)


def _join_initial(user):
    """A buyer account fills the form: the fair asks only what it does not know."""
    profile = permissions.buyer_profile_of(user)
    if profile is None:
        return {"languages": [translation.get_language()[:2]]}
    return {
        "role": Participant.Role.BUYER,
        "company": profile.company,
        "country": profile.country,
        "interests": profile.sourcing,
        "languages": [translation.get_language()[:2]],
    }


def _matchmaking(slug):
    matchmaking = queries.matchmaking_for_slug(slug)
    if matchmaking is None:
        raise Http404
    return matchmaking


def _participant_or_refuse(request, matchmaking):
    participant = permissions.participant_of(request.user, matchmaking)
    if participant is None:
        messages.info(request, _("Join the meetings first."))
    return participant


def _live(matchmaking, view, version):
    """What a page's live banner needs: the meetings socket (docs/meetings-protocol.md) and
    the version the page was drawn from."""
    query = "?view=schedule" if view == "schedule" else ""
    return {
        "socket": f"/ws/meetings/{matchmaking.event.slug}/{query}",
        "view": view,
        "version": version,
    }


def _base_context(request, matchmaking, **extra):
    event = matchmaking.event.localized  # the event in the reader's language if translated
    return {
        "matchmaking": matchmaking,
        "event": event,
        "event_title": event.title,
        "manages": permissions.can_manage(request.user, matchmaking),
        "participant": permissions.participant_of(request.user, matchmaking),
        **extra,
    }


@login_required
@require_POST
def open_for_event(request, event_id):
    event = get_object_or_404(EventPage, pk=event_id)
    with errors_shown(request) as outcome:
        matchmaking = services.open_matchmaking(event, actor=request.user)
    if outcome.failed:
        return redirect(event.url)
    messages.success(request, _("1:1 meetings are open. Set the slots and tables next."))
    return redirect("matchmaking:manage", matchmaking.event.slug)


@login_required
def home(request, slug):
    matchmaking = _matchmaking(slug)
    participant = permissions.participant_of(request.user, matchmaking)
    manages = permissions.can_manage(request.user, matchmaking)
    join_form = availability_form = None
    if participant is None:
        if request.method == "POST" and "join" in request.POST:
            join_form = JoinForm(request.POST, user=request.user)
            if join_form.is_valid():
                data = join_form.cleaned_data
                try:
                    services.join(
                        matchmaking,
                        actor=request.user,
                        role=data["role"],
                        company=data["company"],
                        country=data["country"],
                        languages=data["languages"],
                        interests=data["interests"],
                    )
                except (ValidationError, PermissionDenied) as error:
                    join_form.add_error(
                        None,
                        error_text(error)
                        if isinstance(error, ValidationError)
                        else _("Register for the event first."),
                    )
                else:
                    messages.success(request, _("You take part. Find people to meet."))
                    return redirect("matchmaking:people", slug)
        elif permissions.can_join(request.user, matchmaking):
            join_form = JoinForm(user=request.user, initial=_join_initial(request.user))
    else:
        if request.method == "POST" and "availability" in request.POST:
            availability_form = AvailabilityForm(request.POST, matchmaking=matchmaking)
            if availability_form.is_valid():
                try:
                    services.update_participant(
                        participant,
                        actor=request.user,
                        unavailable_slots=availability_form.cleaned_data["unavailable_slots"],
                    )
                except ValidationError as error:
                    availability_form.add_error(None, error)
                else:
                    messages.success(request, _("Your availability is saved."))
                    return redirect("matchmaking:home", slug)
        else:
            availability_form = AvailabilityForm(
                matchmaking=matchmaking,
                initial={"unavailable_slots": list(participant.unavailable_slots.all())},
            )
    context = _base_context(
        request,
        matchmaking,
        join_form=join_form,
        availability_form=availability_form,
        registered=permissions.event_permissions.is_registered(request.user, matchmaking.event),
    )
    if participant is not None:
        context["agenda"] = list(queries.agenda_of(participant)[:3])
        context["waiting"] = (
            queries.requests_received(participant).filter(status=RequestStatus.PENDING).count()
        )
    if participant is None and not manages and join_form is None:
        context["cannot_join"] = True
    return render(request, "matchmaking/home.html", context)


@login_required
def people(request, slug):
    matchmaking = _matchmaking(slug)
    participant = _participant_or_refuse(request, matchmaking)
    if participant is None:
        return redirect("matchmaking:home", slug)
    form = PeopleFilterForm(request.GET)
    found = queries.people_to_meet(participant, **form.filters())
    page = Paginator(found, 24).get_page(request.GET.get("page"))
    linked = queries.live_requests_between(participant)
    for other in page:
        other.live_request = linked.get(other.pk)
    # Exhibitors show their products in the reader's language: read with their translations.
    prefetch_translations(
        [
            product
            for other in page
            if other.organisation_id
            for product in other.organisation.products.all()
        ]
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "matchmaking/people.html",
        _base_context(
            request, matchmaking, form=form, page_obj=page, query_string=params.urlencode()
        ),
    )


@login_required
def person(request, slug, pk):
    matchmaking = _matchmaking(slug)
    other = get_object_or_404(
        Participant.objects.select_related("organisation", "matchmaking", "user__buyer_profile"),
        pk=pk,
        matchmaking=matchmaking,
    )
    if not permissions.can_see_participant(request.user, other):
        raise Http404
    mine = permissions.participant_of(request.user, matchmaking)
    existing = queries.live_requests_between(mine).get(other.pk) if mine else None
    form = None
    if permissions.can_send_request(request.user, other) and existing is None:
        form = MeetingRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.send_request(
                    other,
                    actor=request.user,
                    message=data["message"],
                    priority=data["priority"],
                    language=data["language"],
                    online=data["online"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your request is sent to %(company)s.") % {"company": other.display_name},
                )
                return redirect("matchmaking:requests", slug)
    elif request.method == "POST":
        raise PermissionDenied
    products = (
        prefetch_translations(list(other.organisation.products.all()[:8]))
        if other.organisation_id
        else []
    )
    return render(
        request,
        "matchmaking/person.html",
        _base_context(
            request, matchmaking, other=other, form=form, existing=existing, products=products
        ),
    )


@login_required
def requests(request, slug):
    matchmaking = _matchmaking(slug)
    participant = _participant_or_refuse(request, matchmaking)
    if participant is None:
        return redirect("matchmaking:home", slug)
    received = list(queries.requests_received(participant))
    sent = list(queries.requests_sent(participant))
    self_service = matchmaking.scheduling == matchmaking.Scheduling.SELF_SERVICE
    pickable = {}
    if self_service:
        for meeting_request in received + sent:
            if permissions.can_pick_slot(request.user, meeting_request):
                pickable[meeting_request.pk] = PickSlotForm(
                    slots=queries.free_slots_for(meeting_request),
                    prefix=f"pick-{meeting_request.pk}",
                )
    rows = [
        {
            "request": meeting_request,
            "other": meeting_request.sender if incoming else meeting_request.recipient,
            "incoming": incoming,
            "can_answer": permissions.can_answer_request(request.user, meeting_request),
            "can_withdraw": permissions.can_withdraw_request(request.user, meeting_request),
            "pick_form": pickable.get(meeting_request.pk),
            "meeting": getattr(meeting_request, "meeting", None)
            if permissions.has_meeting(meeting_request)
            else None,
        }
        for incoming, group in ((True, received), (False, sent))
        for meeting_request in group
    ]
    return render(
        request,
        "matchmaking/requests.html",
        _base_context(
            request,
            matchmaking,
            received=[row for row in rows if row["incoming"]],
            sent=[row for row in rows if not row["incoming"]],
            self_service=self_service,
            live=_live(matchmaking, "agenda", queries.agenda_version(participant)),
        ),
    )


def _request_for(request, pk):
    meeting_request = get_object_or_404(
        MeetingRequest.objects.select_related(
            "sender", "recipient", "matchmaking__event", "sender__user", "recipient__user"
        ),
        pk=pk,
    )
    if not permissions.can_see_request(request.user, meeting_request):
        raise Http404
    return meeting_request


@login_required
@require_POST
def answer(request, pk):
    meeting_request = _request_for(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or decline."))
    else:
        accept = form.cleaned_data["decision"] == "accept"
        with errors_shown(request) as outcome:
            services.answer_request(meeting_request, actor=request.user, accept=accept)
        if not outcome.failed:
            messages.success(
                request,
                _("Accepted. The meeting will be scheduled.") if accept else _("Declined."),
            )
    return redirect("matchmaking:requests", meeting_request.matchmaking.event.slug)


@login_required
@require_POST
def withdraw(request, pk):
    meeting_request = _request_for(request, pk)
    with errors_shown(request) as outcome:
        services.withdraw_request(meeting_request, actor=request.user)
    if not outcome.failed:
        messages.info(request, _("Your request is withdrawn."))
    return redirect("matchmaking:requests", meeting_request.matchmaking.event.slug)


@login_required
@require_POST
def pick(request, pk):
    meeting_request = _request_for(request, pk)
    if not permissions.can_pick_slot(request.user, meeting_request):
        raise PermissionDenied
    form = PickSlotForm(
        request.POST,
        slots=queries.slots_of(meeting_request.matchmaking, with_breaks=False),
        prefix=f"pick-{meeting_request.pk}",
    )
    slug = meeting_request.matchmaking.event.slug
    if not form.is_valid():
        messages.error(request, _("Choose one of the times offered."))
        return redirect("matchmaking:requests", slug)
    with errors_shown(request) as outcome:
        services.pick_slot(meeting_request, actor=request.user, slot=form.cleaned_data["slot"])
    if not outcome.failed:
        messages.success(request, _("The meeting is on both agendas."))
        return redirect("matchmaking:agenda", slug)
    return redirect("matchmaking:requests", slug)


@login_required
def agenda(request, slug):
    matchmaking = _matchmaking(slug)
    participant = _participant_or_refuse(request, matchmaking)
    if participant is None:
        return redirect("matchmaking:home", slug)
    meetings = list(queries.agenda_of(participant))
    for meeting in meetings:
        meeting.other = meeting.request.other_than(participant.pk)
        meeting.online_url = online_url(matchmaking, meeting)
    if request.method == "POST" and request.POST.get("calendar") == "renew":
        equipment_services.renew_calendar_subscription(actor=request.user)
        messages.success(
            request, _("Your calendar has a new address; the old one no longer works.")
        )
        return redirect("matchmaking:agenda", slug)
    subscription = equipment_services.calendar_subscription(actor=request.user)
    return render(
        request,
        "matchmaking/agenda.html",
        _base_context(
            request,
            matchmaking,
            meetings=meetings,
            calendar_url=request.build_absolute_uri(
                reverse("matchmaking:agenda_feed", args=[subscription.token])
            ),
            live=_live(matchmaking, "agenda", queries.agenda_version(participant)),
        ),
    )


def online_url(matchmaking, meeting):
    if not meeting.is_online or not matchmaking.online_url_template:
        return ""
    return matchmaking.online_url_template.format(
        event=matchmaking.event.slug, meeting=meeting.room_key
    )


def _agenda_calendar(request, participant_ids, meetings):
    """The meetings of the participations `participant_ids` (one person's) as an iCalendar
    response (the download and the subscription)."""
    entries = []
    for meeting in meetings:
        # One person's participations: whichever party is theirs, the other is the other side.
        sent_it = meeting.request.sender_id in participant_ids
        other = meeting.request.other_than(
            meeting.request.sender_id if sent_it else meeting.request.recipient_id
        )
        matchmaking = meeting.matchmaking
        where = online_url(matchmaking, meeting) or (
            f"{matchmaking.event.venue} · {meeting.table.display_name}" if meeting.table else ""
        )
        entries.append(
            CalendarEntry(
                uid=f"meeting-{meeting.pk}@clusterhub",
                starts_at=meeting.slot.starts_at,
                ends_at=meeting.slot.ends_at,
                summary=_("Meeting with %(company)s") % {"company": other.display_name},
                location=where,
                description=request.build_absolute_uri(
                    reverse("matchmaking:meeting", args=[meeting.pk])
                ),
            )
        )
    response = HttpResponse(
        calendar(entries, product="Meetings"), content_type="text/calendar; charset=utf-8"
    )
    # Calendar apps poll the subscription; no shared cache may keep one person's meetings.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def agenda_ical(request, slug):
    matchmaking = _matchmaking(slug)
    participant = permissions.participant_of(request.user, matchmaking)
    if participant is None:
        raise Http404
    response = _agenda_calendar(request, {participant.pk}, queries.agenda_of(participant))
    response["Content-Disposition"] = f'attachment; filename="meetings-{slug}.ics"'
    return response


def agenda_feed(request, token):
    """Every published meeting of the person, at the secret calendar address their bookings
    use too (one address per person, renewed in one place), for calendar apps (no session)."""
    user = equipment_queries.subscribed_user(token)
    if user is None:
        raise Http404
    return _agenda_calendar(
        request, queries.participation_ids(user), queries.meetings_of_user(user)
    )


@login_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.select_related(
            "slot",
            "table",
            "interpreter",
            "matchmaking__event",
            "request__sender__organisation",
            "request__recipient__organisation",
        ),
        pk=pk,
    )
    if not permissions.can_see_meeting(request.user, meeting):
        raise Http404
    matchmaking = meeting.matchmaking
    mine = permissions.participant_of(request.user, matchmaking)
    form = None
    if permissions.can_give_feedback(request.user, meeting):
        current = meeting.feedback.filter(participant=mine).first()
        form = FeedbackForm(request.POST or None, instance=current)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.give_feedback(
                    meeting,
                    actor=request.user,
                    held=data["held"],
                    interest=data["interest"],
                    next_step=data["next_step"],
                    comment=data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you for your feedback."))
                return redirect("matchmaking:meeting", meeting.pk)
    elif request.method == "POST":
        raise PermissionDenied
    manages = permissions.can_manage(request.user, matchmaking)
    return render(
        request,
        "matchmaking/meeting.html",
        _base_context(
            request,
            matchmaking,
            meeting=meeting,
            form=form,
            feedback=list(queries.feedback_of(meeting)) if manages else [],
            online_url=online_url(matchmaking, meeting),
            feedback_open=timezone.now() >= meeting.slot.starts_at,
            can_cancel=permissions.can_cancel_meeting(request.user, meeting),
        ),
    )


@login_required
def follow_up(request, pk):
    """Three months on: what came of the meeting (the participant's own answer only)."""
    item = get_object_or_404(
        FollowUp.objects.select_related(
            "participant",
            "meeting__slot",
            "meeting__matchmaking__event",
            "meeting__request__sender__organisation",
            "meeting__request__recipient__organisation",
        ),
        pk=pk,
    )
    if not permissions.can_answer_follow_up(request.user, item):
        raise Http404
    form = FollowUpForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_follow_up(item, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
            return redirect("matchmaking:follow_up", item.pk)
    meeting = item.meeting
    other = meeting.request.other_than(item.participant_id)
    return render(
        request,
        "matchmaking/follow_up.html",
        {
            "follow_up": item,
            "meeting": meeting,
            "other": other,
            "form": form,
            "event": meeting.matchmaking.event.localized,
        },
    )


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("matchmaking__event"), pk=pk)
    if not permissions.can_see_meeting(request.user, meeting):
        raise Http404
    slug = meeting.matchmaking.event.slug
    with errors_shown(request) as outcome:
        services.cancel_meeting(meeting, actor=request.user)
    if not outcome.failed:
        messages.info(request, _("The meeting is cancelled."))
    if permissions.can_manage(request.user, meeting.matchmaking):
        return redirect("matchmaking:manage", slug)
    return redirect("matchmaking:agenda", slug)


# --- coordinators ------------------------------------------------------------------------------


def _managed(request, slug):
    matchmaking = _matchmaking(slug)
    if not permissions.can_manage(request.user, matchmaking):
        raise Http404 if not permissions.takes_part(request.user, matchmaking) else PermissionDenied
    return matchmaking


@login_required
def resources(request, slug):
    """Coordinators: the tables' names and each interpreter's languages and availability."""
    matchmaking = _managed(request, slug)
    tables = list(matchmaking.tables.all())
    interpreters = list(matchmaking.interpreters.prefetch_related("unavailable_slots"))
    bound = {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "rename_table":
                table = get_object_or_404(
                    MeetingTable, pk=request.POST.get("table"), matchmaking=matchmaking
                )
                form = TableNameForm(request.POST, prefix=f"table-{table.pk}")
                bound[("table", table.pk)] = form
                if form.is_valid():
                    services.rename_table(table, actor=request.user, name=form.cleaned_data["name"])
                    messages.success(request, _("Saved."))
                    return redirect("matchmaking:resources", slug)
            elif action in ("update_interpreter", "remove_interpreter"):
                interpreter = get_object_or_404(
                    Interpreter, pk=request.POST.get("interpreter"), matchmaking=matchmaking
                )
                if action == "remove_interpreter":
                    services.remove_interpreter(interpreter, actor=request.user)
                    messages.success(request, _("Interpreter removed."))
                    return redirect("matchmaking:resources", slug)
                form = InterpreterUpdateForm(
                    request.POST, prefix=f"interpreter-{interpreter.pk}", matchmaking=matchmaking
                )
                bound[("interpreter", interpreter.pk)] = form
                if form.is_valid():
                    services.update_interpreter(
                        interpreter, actor=request.user, **form.cleaned_data
                    )
                    messages.success(request, _("Saved."))
                    return redirect("matchmaking:resources", slug)
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as error:
            if bound:  # shown on the form it came from
                next(iter(bound.values())).add_error(None, error)
            else:
                messages.error(request, error_text(error))
    for table in tables:
        table.form = bound.get(("table", table.pk)) or TableNameForm(
            prefix=f"table-{table.pk}", initial={"name": table.name}
        )
    for interpreter in interpreters:
        interpreter.form = bound.get(("interpreter", interpreter.pk)) or InterpreterUpdateForm(
            prefix=f"interpreter-{interpreter.pk}",
            matchmaking=matchmaking,
            initial={
                "name": interpreter.name,
                "languages": sorted(interpreter.language_codes),
                "unavailable_slots": list(interpreter.unavailable_slots.all()),
            },
        )
    return render(
        request,
        "matchmaking/resources.html",
        _base_context(request, matchmaking, tables=tables, interpreters=interpreters),
    )


@login_required
def manage(request, slug):
    matchmaking = _managed(request, slug)
    settings_form = SettingsForm(instance=matchmaking, prefix="settings")
    slots_form = SlotsForm(prefix="slots", initial={"count": 14, "tables": 10})
    interpreter_form = InterpreterForm(prefix="interpreter")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "settings":
            settings_form = SettingsForm(request.POST, instance=matchmaking, prefix="settings")
            if settings_form.is_valid():
                fields = {name: settings_form.cleaned_data[name] for name in settings_form.fields}
                services.update_matchmaking(matchmaking, actor=request.user, **fields)
                messages.success(request, _("Saved."))
                return redirect("matchmaking:manage", slug)
        elif action == "slots":
            slots_form = SlotsForm(request.POST, prefix="slots")
            if slots_form.is_valid():
                data = slots_form.cleaned_data
                try:
                    services.create_slots(
                        matchmaking,
                        actor=request.user,
                        first_start=data["first_start"],
                        count=data["count"],
                        breaks_after=data["breaks_after"],
                    )
                    services.set_tables(matchmaking, actor=request.user, count=data["tables"])
                except ValidationError as error:
                    slots_form.add_error(None, error)
                else:
                    messages.success(request, _("Slots and tables are set."))
                    return redirect("matchmaking:manage", slug)
        elif action == "interpreter":
            interpreter_form = InterpreterForm(request.POST, prefix="interpreter")
            if interpreter_form.is_valid():
                services.add_interpreter(
                    matchmaking, actor=request.user, **interpreter_form.cleaned_data
                )
                messages.success(request, _("Interpreter added."))
                return redirect("matchmaking:manage", slug)
        elif action == "run":
            with errors_shown(request):
                report = services.run_scheduler(matchmaking, actor=request.user)
                messages.success(
                    request,
                    _("Draft made: %(placed)s meetings placed, %(left)s left out.")
                    % {"placed": report["placed"], "left": len(report["unplaced"])},
                )
            return redirect("matchmaking:manage", slug)
        elif action == "publish":
            with errors_shown(request):
                count = services.publish_schedule(matchmaking, actor=request.user)
                messages.success(
                    request,
                    _("Published: %(count)s meetings are on the agendas.") % {"count": count},
                )
            return redirect("matchmaking:manage", slug)
        else:
            messages.error(request, _("Unknown action."))
    slots = list(queries.slots_of(matchmaking))
    tables = list(matchmaking.tables.all())
    meetings = queries.schedule_grid(matchmaking)
    cells = {(meeting.slot_id, meeting.table_id): meeting for meeting in meetings}
    grid = [
        {
            "slot": slot,
            "cells": [
                {"table": table, "meeting": cells.get((slot.pk, table.pk))} for table in tables
            ],
            "online": [m for m in meetings if m.slot_id == slot.pk and m.table_id is None],
        }
        for slot in slots
    ]
    unplaced_ids = [int(key) for key in matchmaking.last_run.get("unplaced", {})]
    unplaced = list(
        MeetingRequest.objects.filter(pk__in=unplaced_ids, meeting__isnull=True)
        .exclude(status__in=[RequestStatus.CANCELLED, RequestStatus.DECLINED])
        .select_related("sender__organisation", "recipient__organisation")
    )
    reasons = unplaced_reasons()
    for meeting_request in unplaced:
        meeting_request.reason = reasons.get(
            matchmaking.last_run["unplaced"].get(str(meeting_request.pk)), ""
        )
    return render(
        request,
        "matchmaking/manage.html",
        _base_context(
            request,
            matchmaking,
            settings_form=settings_form,
            slots_form=slots_form,
            interpreter_form=interpreter_form,
            grid=grid,
            tables=tables,
            drafts=sum(1 for meeting in meetings if meeting.status == Meeting.Status.DRAFT),
            unplaced=unplaced,
            interpreters=list(matchmaking.interpreters.all()),
            figures=queries.dashboard(matchmaking),
            move_form=MoveMeetingForm(matchmaking=matchmaking, auto_id=False),
            live=_live(matchmaking, "schedule", queries.schedule_version(matchmaking)),
        ),
    )


def unplaced_reasons():
    return {
        "no_common_slot": _("The two are never available at the same time."),
        "no_interpreter": _("No interpreter of the language is available when both are."),
        "people_busy": _("Every slot they share holds another meeting of theirs."),
        "no_table": _("The slots they share have no table left."),
        "interpreters_busy": _("The interpreters are in other meetings then."),
    }


@login_required
@require_POST
def move(request, pk):
    """Move a meeting (the grid's drag and drop posts here; a form works without script)."""
    meeting = get_object_or_404(Meeting.objects.select_related("matchmaking__event"), pk=pk)
    matchmaking = meeting.matchmaking
    if not permissions.can_manage(request.user, matchmaking):
        raise Http404
    form = MoveMeetingForm(request.POST, matchmaking=matchmaking)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if not form.is_valid():
        error = _("Choose a time and a table of this fair.")
        if wants_json:
            return JsonResponse({"ok": False, "error": error}, status=400)
        messages.error(request, error)
        return redirect("matchmaking:manage", matchmaking.event.slug)
    try:
        services.move_meeting(
            meeting,
            actor=request.user,
            slot=form.cleaned_data["slot"],
            table=form.cleaned_data["table"],
        )
    except ValidationError as error:
        if wants_json:
            return JsonResponse({"ok": False, "error": error_text(error)}, status=409)
        messages.error(request, error_text(error))
    except DatabaseError:
        logger.exception("meetings: a move failed in the database")
        if wants_json:
            return JsonResponse({"ok": False, "error": database_error_text()}, status=503)
        messages.error(request, database_error_text())
    else:
        if wants_json:
            return JsonResponse({"ok": True})
        messages.success(request, _("The meeting is moved."))
    return redirect("matchmaking:manage", matchmaking.event.slug)


@login_required
@require_POST
def attendance(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("matchmaking__event"), pk=pk)
    if not permissions.can_manage(request.user, meeting.matchmaking):
        raise Http404
    held = request.POST.get("held") == "1"
    with errors_shown(request):
        services.record_attendance(meeting, actor=request.user, held=held)
    return redirect(
        request.POST.get("next")
        or reverse("matchmaking:checkin", args=[meeting.matchmaking.event.slug])
    )


@login_required
def checkin(request, slug):
    matchmaking = _managed(request, slug)
    meetings = list(
        queries.meetings_for_event(matchmaking)
        .exclude(status=Meeting.Status.DRAFT)
        .order_by("slot__starts_at", "table__sort_order")
    )
    return render(
        request, "matchmaking/checkin.html", _base_context(request, matchmaking, meetings=meetings)
    )


@login_required
def table_signs(request, slug):
    matchmaking = _managed(request, slug)
    tables = list(matchmaking.tables.all())
    meetings = queries.meetings_for_event(matchmaking).exclude(status=Meeting.Status.DRAFT)
    by_table = {}
    for meeting in meetings:
        by_table.setdefault(meeting.table_id, []).append(meeting)
    signs = [{"table": table, "meetings": by_table.get(table.pk, [])} for table in tables]
    return render(
        request, "matchmaking/table_signs.html", _base_context(request, matchmaking, signs=signs)
    )


def _meeting_table(matchmaking):
    header = [
        _("Start"),
        _("End"),
        _("Table"),
        _("Exhibitor"),
        _("Buyer"),
        _("Buyer's country"),
        _("Interpreter"),
        _("Status"),
        _("Priority"),
    ]
    rows = [
        [
            timezone.localtime(meeting.slot.starts_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(meeting.slot.ends_at).strftime("%H:%M"),
            meeting.table.display_name if meeting.table else _("Online"),
            meeting.request.exhibitor.display_name,
            meeting.request.buyer.display_name,
            meeting.request.buyer.get_country_display(),
            meeting.interpreter.name if meeting.interpreter else "",
            meeting.get_status_display(),
            meeting.request.get_priority_display(),
        ]
        for meeting in queries.meetings_for_event(matchmaking).order_by("slot__starts_at")
    ]
    return header, rows


@login_required
def export_csv(request, slug):
    matchmaking = _managed(request, slug)
    return csv_response(f"meetings-{slug}.csv", *_meeting_table(matchmaking))


@login_required
def export_xlsx(request, slug):
    matchmaking = _managed(request, slug)
    return xlsx_response(
        f"meetings-{slug}.xlsx", *_meeting_table(matchmaking), title=str(_("Meetings"))
    )


@login_required
def yearly_dashboard(request):
    """Every fair the coordinator runs in a year: requests, acceptance, meetings, kept rate,
    outcomes; with the year's totals (the agency's annual report)."""
    if not permissions.can_see_inquiry_counts(request.user):
        raise PermissionDenied
    years = queries.matchmaking_years()
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    fairs = [
        fair
        for fair in queries.matchmakings_in_year(year)
        if permissions.can_manage(request.user, fair)
    ]
    rows = [{"fair": fair, "figures": queries.dashboard(fair)} for fair in fairs]
    header, table = _yearly_table(rows)
    if request.GET.get("format") in ("csv", "xlsx"):
        name = f"meetings-{year}.{request.GET['format']}"
        if request.GET["format"] == "csv":
            return csv_response(name, header, table)
        return xlsx_response(name, header, table, title=str(year))
    return render(
        request,
        "matchmaking/yearly_dashboard.html",
        {"year": year, "years": years, "header": header, "table": table},
    )


def _yearly_table(rows):
    header = [
        _("Fair"),
        _("Participants"),
        _("Requests"),
        _("Accepted"),
        _("Acceptance rate (%)"),
        _("Meetings"),
        _("Meetings per participant"),
        _("Kept (%)"),
        _("Agreements"),
        _("Contracts (KRW)"),
        _("Contracts (USD)"),
    ]

    def percent(value):
        return round(100 * value) if value is not None else ""

    table = []
    for row in rows:
        figures = row["figures"]
        values = figures["outcomes"]["contract_values"]
        table.append(
            [
                row["fair"].event.localized.title,
                figures["participants"],
                figures["requests_total"],
                figures["requests"]["accepted"],
                percent(figures["acceptance_rate"]),
                figures["meetings_published"],
                round(figures["meetings_per_participant"], 1)
                if figures["meetings_per_participant"] is not None
                else "",
                percent(figures["kept_rate"]),
                figures["outcomes"]["agreements"],
                int(values.get("KRW", 0)),
                int(values.get("USD", 0)),
            ]
        )
    if table:
        totals = [_("Total")] + [
            sum(line[index] for line in table if isinstance(line[index], int))
            if index in (1, 2, 3, 5, 8, 9, 10)
            else ""
            for index in range(1, len(header))
        ]
        table.append(totals)
    return header, table


# --- buyers and inquiries ----------------------------------------------------------------------


def become_buyer(request):
    if not request.user.is_authenticated:
        # Newcomers sign up as buyers in the sign-up form itself.
        return render(request, "matchmaking/become_buyer.html", {"anonymous": True})
    profile = permissions.buyer_profile_of(request.user)
    form = None
    if profile is None:
        form = BuyerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.become_buyer(actor=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("Thank you. A coordinator will verify your buyer account shortly."),
            )
            return redirect("matchmaking:become_buyer")
    else:
        form = BuyerForm(
            request.POST or None,
            # A copy: the form writes what it is sent into its instance, valid or not, and the
            # page shows the saved account beside it.
            instance=copy.copy(profile),
            initial={"hs_chapters": profile.chapter_codes},
            prefix="change",
        )
        if request.method == "POST" and form.is_valid():
            was_verified = profile.is_verified
            updated = services.update_buyer_profile(
                profile, actor=request.user, **form.cleaned_data
            )
            if was_verified and not updated.is_verified:
                messages.warning(
                    request,
                    _(
                        "Saved. A new company or country is checked again: a coordinator will "
                        "verify your buyer account shortly."
                    ),
                )
            else:
                messages.success(request, _("Your buyer account is saved."))
            return redirect("matchmaking:become_buyer")
    return render(request, "matchmaking/become_buyer.html", {"profile": profile, "form": form})


@login_required
def buyer_verification(request):
    if not permissions.can_verify_buyers(request.user):
        raise PermissionDenied
    if request.method == "POST":
        profile = get_object_or_404(BuyerProfile, pk=request.POST.get("buyer"))
        services.verify_buyer(profile, actor=request.user)
        messages.success(request, _("%(company)s is verified.") % {"company": profile.company})
        return redirect("matchmaking:buyer_verification")
    return render(
        request,
        "matchmaking/buyer_verification.html",
        {
            "waiting": list(queries.buyers_to_verify()),
            "verified": list(queries.recently_verified_buyers()),
        },
    )


@login_required
def inquiry_new(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_send_inquiry(request.user, organisation):
        if permissions.buyer_profile_of(request.user) is None:
            messages.info(request, _("Tell us about your company first: buyers send inquiries."))
            return redirect("matchmaking:become_buyer")
        raise PermissionDenied
    initial = {}
    if request.GET.get("product", "").isdigit():
        initial["product"] = int(request.GET["product"])
    form = InquiryForm(
        request.POST or None, request.FILES or None, organisation=organisation, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inquiry = services.send_inquiry(
                organisation,
                actor=request.user,
                product=data["product"],
                quantity=data["quantity"],
                target_price=data["target_price"],
                incoterm=data["incoterm"],
                deadline=data["deadline"],
                message=data["message"],
                attachments=data["attachments"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your inquiry is sent to %(company)s.") % {"company": organisation.display_name},
            )
            return redirect(inquiry.get_absolute_url())
    return render(
        request, "matchmaking/inquiry_new.html", {"organisation": organisation, "form": form}
    )


@login_required
def inquiries(request):
    mine = list(queries.inquiries_sent(request.user))
    organisation_id = cluster_permissions.member_organisation_id(request.user)
    received = list(queries.inquiries_received(organisation_id))
    asking_help = list(queries.inquiries_asking_help(request.user))
    prefetch_translations([i.product for i in mine + received + asking_help if i.product_id])
    return render(
        request,
        "matchmaking/inquiries.html",
        {
            "sent": mine,
            "received": received,
            "asking_help": asking_help,
            "buyer": permissions.buyer_profile_of(request.user),
            "can_see_counts": permissions.can_see_inquiry_counts(request.user),
        },
    )


@login_required
def inquiry_detail(request, pk):
    inquiry = get_object_or_404(
        Inquiry.objects.select_related(
            "organisation", "product", "buyer__buyer_profile", "buyer__profile"
        ),
        pk=pk,
    )
    if not permissions.can_read_inquiry(request.user, inquiry):
        raise Http404
    help_form = None
    if permissions.can_ask_for_inquiry_help(request.user, inquiry):
        help_form = InquiryHelpForm(request.POST if "ask_help" in request.POST else None)
        if request.method == "POST" and "ask_help" in request.POST and help_form.is_valid():
            services.ask_for_inquiry_help(
                inquiry, actor=request.user, reason=help_form.cleaned_data["reason"]
            )
            messages.success(
                request, _("The agency is asked for help. Its coordinators can now read this.")
            )
            return redirect(inquiry.get_absolute_url())
    if request.method == "POST" and "end_help" in request.POST:
        services.end_inquiry_help(inquiry, actor=request.user)
        messages.success(request, _("The agency's help has ended."))
        if permissions.is_inquiry_party(request.user, inquiry):
            return redirect(inquiry.get_absolute_url())
        return redirect("matchmaking:inquiries")
    reply_form = None
    if permissions.can_reply_to_inquiry(request.user, inquiry):
        reply_form = InquiryReplyForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and "reply" in request.POST and reply_form.is_valid():
            data = reply_form.cleaned_data
            services.reply_to_inquiry(
                inquiry,
                actor=request.user,
                body=data["body"],
                attachments=data["attachments"],
                quoted=data["quoted"]
                and permissions.speaks_for(request.user, inquiry.organisation),
            )
            messages.success(request, _("Your message is sent."))
            return redirect(inquiry.get_absolute_url())
    status_form = None
    if permissions.can_set_inquiry_status(request.user, inquiry):
        status_form = InquiryStatusForm(
            request.POST if "status" in request.POST else None,
            initial={"status": inquiry.status},
        )
        if request.method == "POST" and "status" in request.POST and status_form.is_valid():
            services.set_inquiry_status(
                inquiry, actor=request.user, status=status_form.cleaned_data["status"]
            )
            messages.success(request, _("Saved."))
            return redirect(inquiry.get_absolute_url())
    if request.method == "POST" and reply_form is None and status_form is None:
        raise PermissionDenied
    thread, opening_files = queries.inquiry_thread(inquiry)
    if inquiry.product_id:
        prefetch_translations([inquiry.product])
    for message in thread:
        message.own = message.author_id == request.user.pk
        message.from_buyer = message.author_id == inquiry.buyer_id
        message.from_agency = not message.from_buyer and not permissions.speaks_for(
            message.author, inquiry.organisation
        )
    return render(
        request,
        "matchmaking/inquiry.html",
        {
            "inquiry": inquiry,
            "thread": thread,
            "opening_files": opening_files,
            "reply_form": reply_form,
            "status_form": status_form,
            "help_form": help_form,
            "can_end_help": permissions.can_end_inquiry_help(request.user, inquiry),
            "helping": permissions.helps_with_inquiry(request.user, inquiry),
            "from_firm": permissions.speaks_for(request.user, inquiry.organisation),
        },
    )


def inquiry_attachment(request, pk):
    attachment = get_object_or_404(
        InquiryAttachment.objects.select_related("inquiry__organisation"), pk=pk
    )
    if not permissions.can_read_inquiry(request.user, attachment.inquiry):
        raise Http404
    return private_file_response(attachment)


@login_required
def inquiry_overview(request):
    """Coordinators: how many inquiries each firm has, by status; never their contents."""
    if not permissions.can_see_inquiry_counts(request.user):
        raise PermissionDenied
    return render(
        request,
        "matchmaking/inquiry_overview.html",
        {"rows": queries.inquiry_counts_per_firm(), "statuses": Inquiry.Status.choices},
    )
