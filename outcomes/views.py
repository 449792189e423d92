"""The outcomes ledger's pages, by audience: the two sides (their ledger, recording, the
outcome with its evidence and trail, confirming or disputing) and coordinators (the review of
their firms' outcomes, verifying on evidence). Every page is personal: never cached."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cluster_hub.form_errors import add_service_errors, errors_shown
from cluster_hub.media import private_file_response
from cluster_hub.spreadsheets import csv_response
from clusters import permissions as cluster_permissions
from clusters.models import Organisation
from clusters.queries import coordinated_organisation_ids
from outcomes import origins, permissions, queries, services
from outcomes.forms import DisputeForm, EvidenceForm, OutcomeForm, StatusFilterForm
from outcomes.models import Outcome, OutcomeChange, OutcomeEvidence

PAGE_SIZE = 25


def _recordable_organisations(user):
    """The organisations `user` may record an outcome for: their own, or the firms of the
    clusters they coordinate."""
    if permissions.reviews_outcomes(user):
        firms = coordinated_organisation_ids(user)
        organisations = (
            Organisation.objects.all()
            if firms is None
            else Organisation.objects.filter(pk__in=firms)
        )
        return organisations.order_by("name")
    organisation_id = cluster_permissions.member_organisation_id(user)
    return Organisation.objects.filter(pk=organisation_id)


def _facts(data):
    """The outcome's facts among a form's cleaned data, as the services name them."""
    return {name: data[name] for name in services.FACT_FIELDS if name in data}


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def ledger(request):
    if not queries.has_ledger(request.user):
        raise PermissionDenied
    form = StatusFilterForm(request.GET or None)
    shown = queries.ledger_of(request.user)
    if form.is_valid() and form.cleaned_data["status"]:
        shown = shown.filter(status=form.cleaned_data["status"])
    return render(
        request,
        "outcomes/ledger.html",
        {
            "waiting": queries.waiting_for(request.user),
            "page_obj": _page(request, shown),
            "form": form,
            "may_review": cluster_permissions.is_coordinator(request.user),
            "may_record": _recordable_organisations(request.user).exists(),
        },
    )


def _origin_from(request):
    kind, obj = origins.resolve(request.POST.get("origin") or request.GET.get("origin"))
    if kind is None or not kind.may_cite(request.user, obj):
        return None, None
    return kind, obj


@login_required
def record(request):
    organisations = _recordable_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    kind, origin = _origin_from(request)
    form = OutcomeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.record_outcome(
                actor=request.user,
                organisation=data["organisation"],
                origin=origin,
                **_facts(data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            form.add_error("organisation", _("You cannot record outcomes for this organisation."))
        else:
            messages.success(
                request,
                _("Recorded. It counts once the other side confirms it or the agency verifies it.")
                if outcome.status == Outcome.Status.CLAIMED
                else _("Recorded."),
            )
            return redirect(outcome)
    return render(
        request,
        "outcomes/outcome_form.html",
        {
            "form": form,
            "origin_kind": kind,
            "origin": origin,
            "origin_title": kind.title(origin) if origin is not None else "",
            "origin_key": f"{kind.key}:{origin.pk}" if kind else "",
        },
    )


def _visible(request, pk):
    outcome = queries.outcome_with_trail(pk)
    if outcome is None or not permissions.can_see(request.user, outcome):
        raise Http404
    return outcome


CODED_FIELDS = {
    "kind": Outcome.Kind,
    "investment_kind": Outcome.InvestmentKind,
    "status": Outcome.Status,
}


def _trail(outcome):
    """The audit trail for reading: each change with its fields' names and values shown."""
    entries = []
    for change in outcome.changes.all():
        rows = []
        for name, (before, after) in change.changes.items():
            try:
                label = Outcome._meta.get_field(name).verbose_name
            except Exception:  # "evidence" is not a field of the outcome
                label = _("evidence")
            choices = CODED_FIELDS.get(name)
            if choices is not None:
                before = dict(choices.choices).get(before, before)
                after = dict(choices.choices).get(after, after)
            rows.append((label, before, after))
        entries.append({"change": change, "rows": rows})
    return entries


def _last_dispute(outcome):
    if outcome.status != Outcome.Status.DISPUTED:
        return None
    disputes = [c for c in outcome.changes.all() if c.action == OutcomeChange.Action.DISPUTED]
    return disputes[-1] if disputes else None


@login_required
def outcome_detail(request, pk):
    outcome = _visible(request, pk)
    dispute_form = DisputeForm(prefix="dispute")
    evidence_form = EvidenceForm(prefix="evidence")
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACTIONS:
            raise Http404
        if action == "dispute":
            dispute_form = DisputeForm(request.POST, prefix="dispute")
            form = dispute_form
        elif action == "evidence":
            evidence_form = EvidenceForm(request.POST, request.FILES, prefix="evidence")
            form = evidence_form
        else:
            form = None
        if form is None or form.is_valid():
            with errors_shown(request) as done:
                message = _act(request, outcome, action, form)
                messages.success(request, message)
            if not done.failed:
                return redirect(outcome)
        outcome = _visible(request, pk)
    kind, origin = origins.origin_of(outcome)
    user = request.user
    return render(
        request,
        "outcomes/outcome.html",
        {
            "outcome": outcome,
            "trail": _trail(outcome),
            "dispute": _last_dispute(outcome),
            "origin_kind": kind,
            "origin": origin,
            "origin_title": kind.title(origin) if origin is not None else "",
            "origin_url": kind.url(origin) if origin is not None else "",
            "side": permissions.side_of(user, outcome),
            "may_confirm": permissions.can_confirm(user, outcome),
            "may_edit": permissions.can_edit(user, outcome),
            "may_verify": permissions.can_verify(user, outcome),
            "may_add_evidence": permissions.can_add_evidence(user, outcome),
            "dispute_form": dispute_form,
            "evidence_form": evidence_form,
        },
    )


ACTIONS = ("confirm", "dispute", "evidence", "verify", "withdraw")


def _act(request, outcome, action, form):
    """One action on the outcome page, through its service; the message it ends with."""
    actor = request.user
    if action == "confirm":
        services.confirm_outcome(outcome, actor=actor)
        return _("Confirmed: the outcome now counts.")
    if action == "dispute":
        services.dispute_outcome(outcome, actor=actor, reason=form.cleaned_data["reason"])
        return _("The other side is told what is wrong.")
    if action == "evidence":
        services.add_evidence(outcome, actor=actor, upload=form.cleaned_data["file"])
        return _("The evidence is attached.")
    if action == "verify":
        services.verify_outcome(outcome, actor=actor)
        return _("Verified on its evidence: the outcome now counts.")
    services.withdraw_outcome(outcome, actor=actor)
    return _("Withdrawn: it is kept with its trail, and never counted.")


@login_required
def edit(request, pk):
    outcome = _visible(request, pk)
    if not permissions.can_edit(request.user, outcome):
        raise PermissionDenied
    organisations = Organisation.objects.filter(pk=outcome.organisation_id)
    form = OutcomeForm(request.POST or None, instance=outcome, organisations=organisations)
    form.fields["organisation"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_outcome(
                outcome,
                actor=request.user,
                **_facts(data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Saved. The other side is asked to confirm the new figures.")
            )
            return redirect(outcome)
    return render(request, "outcomes/outcome_form.html", {"form": form, "outcome": outcome})


@login_required
def evidence(request, pk):
    stored = get_object_or_404(
        OutcomeEvidence.objects.select_related("outcome__organisation", "outcome__counterpart"),
        pk=pk,
    )
    if not permissions.can_see(request.user, stored.outcome):
        raise Http404
    return private_file_response(stored)


def _require_reviewer(user):
    if not permissions.reviews_outcomes(user):
        raise PermissionDenied


EXPORT_HEADER = [
    "id",
    "occurred_on",
    "kind",
    "investment_kind",
    "status",
    "counts",
    "organisation",
    "other_side",
    "amount",
    "currency",
    "quantity",
    "origin",
    "note",
    "recorded_side",
    "recorded_at",
    "confirmed_at",
    "verified_at",
]


def _export_row(outcome, keys):
    return [
        outcome.pk,
        outcome.occurred_on.isoformat(),
        outcome.kind,
        outcome.investment_kind,
        outcome.status,
        "yes" if outcome.counts else "no",
        outcome.organisation.display_name,
        outcome.other_side_name,
        outcome.amount if outcome.amount is not None else "",
        outcome.currency,
        outcome.quantity if outcome.quantity is not None else "",
        origins.reference(outcome, keys) or "",
        outcome.note,
        outcome.recorded_side,
        outcome.recorded_at.isoformat(),
        outcome.confirmed_at.isoformat() if outcome.confirmed_at else "",
        outcome.verified_at.isoformat() if outcome.verified_at else "",
    ]


@login_required
def review_csv(request):
    """The review's outcomes as a spreadsheet (formula-safe cells), codes not labels, so the
    agency's own tools can sum them."""
    _require_reviewer(request.user)
    form = StatusFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    keys = origins.keys_by_type()
    rows = [
        _export_row(outcome, keys)
        for outcome in queries.coordinated_outcomes(request.user, status=status).order_by(
            "occurred_on", "pk"
        )
    ]
    return csv_response("outcomes.csv", EXPORT_HEADER, rows)


@login_required
def review(request):
    """Coordinators: their firms' outcomes, claimed ones first to confirm or verify."""
    _require_reviewer(request.user)
    form = StatusFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    outcomes = queries.coordinated_outcomes(request.user, status=status)
    counts = dict(
        queries.coordinated_outcomes(request.user)
        .order_by()
        .values_list("status")
        .annotate(count=Count("id"))
    )
    return render(
        request,
        "outcomes/review.html",
        {
            "form": form,
            "page_obj": _page(request, outcomes),
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in Outcome.Status.choices
            ],
        },
    )
