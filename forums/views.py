from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from cluster_hub import locales, page_cache
from cluster_hub.form_errors import add_service_errors, change_and_return, errors_shown
from cluster_hub.form_errors import error_text as form_error_text
from cluster_hub.pages import localized_page_url, page_context, page_route
from cluster_hub.panels import register_link
from cluster_hub.permissions import hidden_from
from cluster_hub.spreadsheets import csv_response
from cluster_hub.uploads import download_name
from clusters import permissions as cluster_permissions
from clusters.models import ClusterRole
from forums import permissions, queries, services
from forums.forms import (
    DecisionForm,
    DeckForm,
    OutcomeForm,
    PitchForm,
    ProgrammeForm,
    ReviewForm,
)
from forums.models import ForumEditionPage, ForumIndexPage, Pitch, ReviewAssignment
from forums.uploads import SizeLimitUploadHandler
from outcomes import permissions as outcome_permissions


@page_context(ForumEditionPage)
def edition_page_context(request, page):
    source = page.source
    return {
        "source": source,
        # The programme is the same for every reader: read only when its shared fragment is
        # missing; a preview shows its draft, unshared.
        "programme": SimpleLazyObject(lambda: queries.programme(source)),
        "fragment_seconds": page_cache.fragment_seconds(request),
        "my_pitches": (
            queries.pitches_of(request.user).filter(edition=source)
            if request.user.is_authenticated
            else []
        ),
    }


@page_route(ForumEditionPage, "programme/", name="programme_page")
def programme_page(request, page):
    return page.render(
        request,
        template="forums/programme.html",
        context_overrides={"programme": queries.programme(page.source)},
    )


register_link("forums", lambda: localized_page_url(ForumIndexPage))


def _get_pitch(request, pk):
    pitch = get_object_or_404(
        Pitch.objects.select_related("edition", "organisation", "submitter", "submitter__profile"),
        pk=pk,
    )
    if not permissions.can_view_pitch(request.user, pitch):
        raise hidden_from(request)  # a pitch someone may not see does not exist for them
    return pitch


def _get_edition(pk):
    return get_object_or_404(ForumEditionPage, pk=pk).specific.source


@login_required
def pitch_create(request, edition_pk):
    edition = _get_edition(edition_pk)
    if not permissions.can_submit_pitch(request.user, edition):
        if not edition.is_call_open:
            messages.error(request, _("The call for pitches is closed."))
            return redirect(edition.url or "/")
        raise PermissionDenied
    organisation_id = permissions.member_organisation_id(request.user)
    form = PitchForm(request.POST or None, organisation_id=organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            pitch = services.create_pitch(edition, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your draft is saved. Now upload your deck."))
            return redirect(pitch.get_absolute_url())
    if request.method == "POST":
        messages.error(request, _("Please correct the errors below."))
    return render(request, "forums/pitch_form.html", {"form": form, "edition": edition})


@login_required
def pitch_edit(request, pk):
    pitch = _get_pitch(request, pk)
    if not permissions.can_edit_pitch(request.user, pitch):
        raise PermissionDenied
    form = PitchForm(
        request.POST or None,
        initial=PitchForm.initial_for(pitch),
        organisation_id=pitch.organisation_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_pitch(pitch, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your pitch is saved."))
            return redirect(pitch.get_absolute_url())
    if request.method == "POST":
        messages.error(request, _("Please correct the errors below."))
    return render(
        request, "forums/pitch_form.html", {"form": form, "edition": pitch.edition, "pitch": pitch}
    )


@require_GET
def pitch_in_programme(request, pk):
    """A public pitch's place on its forum's programme, in the reader's language.

    Search results link here rather than to the page itself: the index keeps one URL per
    pitch, and page paths and translations change without the pitch being saved."""
    slot = queries.public_slot(pk)
    if slot is None:
        raise Http404
    edition = slot.edition
    translation = edition.get_translation_or_none(locales.active())
    if translation is not None and translation.live:
        edition = translation
    if not edition.url:
        raise Http404
    return redirect(f"{edition.url}programme/#pitch-{pk}")


def pitch_detail(request, pk):
    pitch = _get_pitch(request, pk)
    user = request.user
    is_pitcher = permissions.is_pitcher(user, pitch)
    can_manage = permissions.can_manage_edition(user, pitch.edition)
    reviews = []
    if (is_pitcher and pitch.is_decided) or can_manage:
        reviews = [
            assignment.review
            for assignment in pitch.assignments.select_related("review", "reviewer__profile")
            if hasattr(assignment, "review")
        ]
    return render(
        request,
        "forums/pitch_detail.html",
        {
            "pitch": pitch,
            "edition": pitch.edition,
            "shows_identity": permissions.sees_pitcher_identity(user, pitch),
            "is_pitcher": is_pitcher,
            "deck_form": DeckForm(),
            "outcome_form": OutcomeForm(),
            "outcomes": [
                outcome
                for outcome in queries.outcomes_of_pitch(pitch)
                if outcome_permissions.can_see(user, outcome)
            ],
            "presenters": pitch.presenters.all(),
            "tags": pitch.tags.all(),
            "reviews": reviews,
            "rubric": pitch.edition.rubric(),
            "deck_max_bytes": settings.DECK_MAX_UPLOAD_BYTES,
            "too_large_message": SizeLimitUploadHandler.error_message(),
        },
    )


@csrf_exempt
def pitch_deck_upload(request, pk):
    # Upload handlers must be set before anything reads request.POST, CSRF checks included:
    # install the size limit first, then run the CSRF check ourselves.
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))
    return _pitch_deck_upload(request, pk)


@csrf_protect
@login_required
@require_POST
def _pitch_deck_upload(request, pk):
    pitch = _get_pitch(request, pk)
    if not permissions.can_edit_pitch(request.user, pitch):
        raise PermissionDenied
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = DeckForm(request.POST, request.FILES)
    if getattr(request, "upload_too_large", False):
        form.add_error(None, SizeLimitUploadHandler.error_message())
    error_text = ""
    if form.is_valid() and not form.errors:
        try:
            services.attach_deck(pitch, actor=request.user, upload=form.cleaned_data["deck"])
        except ValidationError as error:
            error_text = form_error_text(error)
    else:
        error_text = " ".join(str(message) for errors in form.errors.values() for message in errors)
    if wants_json:
        if error_text:
            return JsonResponse({"ok": False, "error": error_text}, status=400)
        return JsonResponse({"ok": True, "message": _("Your deck is uploaded.")})
    if error_text:
        messages.error(request, error_text)
    else:
        messages.success(request, _("Your deck is uploaded."))
    return redirect(pitch.get_absolute_url())


def pitch_deck(request, pk):
    pitch = get_object_or_404(Pitch.objects.select_related("edition"), pk=pk)
    if not permissions.can_download_deck(request.user, pitch):
        raise hidden_from(request)
    filename = pitch.deck_name
    if not permissions.sees_pitcher_identity(request.user, pitch):
        filename = f"pitch-{pitch.pk}"
    filename = download_name(filename, pitch.deck_content_type)
    return FileResponse(
        pitch.deck.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=pitch.deck_content_type or "application/octet-stream",
    )


def _change(request, pk, change, success):
    return change_and_return(request, _get_pitch(request, pk), change, success)


@login_required
@require_POST
def pitch_submit(request, pk):
    return _change(request, pk, services.submit_pitch, _("Your pitch is submitted."))


@login_required
@require_POST
def pitch_withdraw(request, pk):
    return _change(request, pk, services.withdraw_pitch, _("Your pitch is withdrawn."))


@login_required
@require_POST
def pitch_confirm(request, pk):
    return _change(
        request, pk, services.confirm_attendance, _("Thank you. Your attendance is confirmed.")
    )


@login_required
def my_pitches(request):
    return render(
        request,
        "forums/my_pitches.html",
        {
            "pitches": queries.pitches_of(request.user),
            "assignments": queries.assignments_of(request.user)
            if cluster_permissions.is_reviewer(request.user)
            else [],
        },
    )


@login_required
def review(request, pk):
    pitch = _get_pitch(request, pk)
    if not permissions.can_review(request.user, pitch):
        raise PermissionDenied
    assignment = pitch.assignments.select_related("review").get(reviewer=request.user)
    existing = getattr(assignment, "review", None)
    initial = {}
    if existing:
        initial = {f"score_{key}": value for key, value in existing.scores.items()}
        initial["comment_to_coordinators"] = existing.comment_to_coordinators
        initial["comment_to_pitcher"] = existing.comment_to_pitcher
    form = ReviewForm(request.POST or None, initial=initial, rubric=pitch.edition.rubric())
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_review(
                    pitch,
                    actor=request.user,
                    scores=form.scores(),
                    comment_to_coordinators=form.cleaned_data["comment_to_coordinators"],
                    comment_to_pitcher=form.cleaned_data["comment_to_pitcher"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your review is saved."))
                return redirect("forums:mine")
        messages.error(request, _("Please correct the errors below."))
    return render(
        request,
        "forums/review_form.html",
        {
            "pitch": pitch,
            "form": form,
            "shows_identity": permissions.sees_pitcher_identity(request.user, pitch),
        },
    )


def _managed_edition(request, edition_pk):
    edition = _get_edition(edition_pk)
    if not permissions.can_manage_edition(request.user, edition):
        raise PermissionDenied
    return edition


def _reviewers():
    return (
        get_user_model()
        .objects.filter(cluster_roles__kind=ClusterRole.Kind.REVIEWER, is_active=True)
        .select_related("profile")
        .distinct()
        .order_by("profile__full_name", "pk")
    )


@login_required
def manage(request, edition_pk):
    edition = _managed_edition(request, edition_pk)
    return render(
        request,
        "forums/manage.html",
        {
            "edition": edition,
            "ranking": queries.ranking(edition),
            "suggestions": services.suggest_assignments(edition),
            "reviewers": _reviewers(),
            "decision_form": DecisionForm(),
            "programme_form": ProgrammeForm(initial={"starts_at": "14:00", "minutes": 15}),
            "programme": queries.programme(edition),
        },
    )


@login_required
@require_POST
def assign(request, pk):
    pitch = _get_pitch(request, pk)
    reviewer = get_object_or_404(get_user_model(), pk=request.POST.get("reviewer") or 0)
    with errors_shown(request):
        services.assign_reviewer(pitch, actor=request.user, reviewer=reviewer)
        messages.success(request, _("The reviewer is assigned."))
    return redirect("forums:manage", edition_pk=pitch.edition_id)


@login_required
@require_POST
def unassign(request, pk):
    assignment = get_object_or_404(ReviewAssignment.objects.select_related("pitch"), pk=pk)
    with errors_shown(request):
        services.unassign_reviewer(assignment, actor=request.user)
    return redirect("forums:manage", edition_pk=assignment.pitch.edition_id)


@login_required
@require_POST
def apply_suggestions(request, edition_pk):
    edition = _managed_edition(request, edition_pk)
    created = services.apply_suggestions(edition, actor=request.user)
    messages.success(
        request, _("%(count)s suggested assignments applied.") % {"count": len(created)}
    )
    return redirect("forums:manage", edition_pk=edition.pk)


@login_required
@require_POST
def review_phase(request, edition_pk):
    edition = _managed_edition(request, edition_pk)
    is_open = request.POST.get("open") == "1"
    services.set_review_phase(edition, actor=request.user, is_open=is_open)
    messages.success(
        request, _("The review phase is open.") if is_open else _("The review phase is closed.")
    )
    return redirect("forums:manage", edition_pk=edition.pk)


@login_required
@require_POST
def decide(request, pk):
    pitch = _get_pitch(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept, waiting list or reject."))
    else:
        with errors_shown(request):
            services.decide_pitch(
                pitch,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                include_comments=form.cleaned_data["include_comments"],
            )
            messages.success(request, _("Decision saved and emailed to the pitcher."))
    return redirect("forums:manage", edition_pk=pitch.edition_id)


@login_required
@require_POST
def programme_build(request, edition_pk):
    edition = _managed_edition(request, edition_pk)
    form = ProgrammeForm(request.POST)
    if form.is_valid():
        slots = services.build_programme(
            edition,
            actor=request.user,
            starts_at=form.cleaned_data["starts_at"],
            minutes=form.cleaned_data["minutes"],
        )
        messages.success(
            request,
            _("The programme has %(count)s pitches. Reorder them in the admin if needed.")
            % {"count": len(slots)},
        )
    else:
        messages.error(request, _("Please correct the errors below."))
    return redirect("forums:manage", edition_pk=edition.pk)


@login_required
@require_POST
def presented(request, pk):
    pitch = _get_pitch(request, pk)
    services.mark_presented(pitch, actor=request.user, presented=request.POST.get("value") == "1")
    return redirect("forums:manage", edition_pk=pitch.edition_id)


@login_required
@require_POST
def outcome_add(request, pk):
    pitch = _get_pitch(request, pk)
    if not permissions.can_record_outcome(request.user, pitch):
        raise PermissionDenied
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.record_outcome(pitch, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, form_error_text(error))
        else:
            messages.success(request, _("The outcome is recorded."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect(f"{pitch.get_absolute_url()}#outcomes")


@login_required
def dashboard(request):
    if not permissions.can_see_dashboard(request.user):
        raise PermissionDenied
    editions = queries.dashboard_editions()
    years = queries.yearly_totals()
    biggest = max([row["funnel"]["submitted"] or 0 for row in editions] + [1])
    return render(
        request,
        "forums/dashboard.html",
        {"editions": editions, "years": years, "biggest": biggest},
    )


@login_required
def dashboard_csv(request):
    if not permissions.can_see_dashboard(request.user):
        raise PermissionDenied
    header = [
        "edition",
        "forum_date",
        "submitted",
        "accepted",
        "presented",
        "followed_up",
        "investment_krw",
        "contracts_krw",
        "collaborations",
        "mous",
        "patents",
        "jobs",
    ]
    totals_keys = ("investment", "contracts", "collaborations", "mous", "patents", "jobs")
    rows = [
        [
            row["edition"].title,
            row["edition"].forum_date.date().isoformat(),
            *(row["funnel"][step] or 0 for step in queries.FUNNEL_STEPS),
            *(row["totals"][key] or 0 for key in totals_keys),
        ]
        for row in queries.dashboard_editions()
    ]
    return csv_response("forum-outcomes.csv", header, rows)
