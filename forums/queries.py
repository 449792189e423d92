"""Reusable querysets and read models for the forum, built to avoid N+1 queries."""

from dataclasses import dataclass, field
from statistics import mean, pstdev

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forums import permissions
from forums.models import ForumEditionPage, Pitch, PitchOutcome, ProgrammeSlot, ReviewAssignment

Status = Pitch.Status


def pitches_of(user):
    """The pitches of the user's side: their own and their organisation's (not others' drafts)."""
    condition = Q(submitter=user)
    organisation_id = permissions.member_organisation_id(user)
    if organisation_id:
        condition |= Q(organisation_id=organisation_id) & ~Q(status=Status.DRAFT)
    return (
        Pitch.objects.filter(condition)
        .select_related("edition", "organisation")
        .order_by("-created_at", "-id")
    )


def assignments_of(reviewer):
    return (
        ReviewAssignment.objects.filter(reviewer=reviewer)
        .exclude(pitch__status__in=[Status.DRAFT, Status.WITHDRAWN])
        .select_related("pitch", "pitch__edition", "pitch__organisation", "review")
        .order_by("-pitch__edition__forum_date", "pitch__title", "id")
    )


def programme_slots():
    """Programme slots with what a programme shows, in programme order."""
    return (
        ProgrammeSlot.objects.select_related("pitch", "pitch__organisation")
        .prefetch_related("pitch__presenters")
        .order_by("sort_order", "starts_at", "id")
    )


def programme(edition):
    return list(programme_slots().filter(edition=edition))


def public_slot(pitch_pk):
    """The slot of an accepted pitch on a live forum's programme, or None."""
    return (
        ProgrammeSlot.objects.filter(
            pitch_id=pitch_pk, pitch__status=Status.ACCEPTED, edition__live=True
        )
        .select_related("edition")
        .first()
    )


@dataclass
class RankedPitch:
    pitch: Pitch
    scores: list = field(default_factory=list)  # weighted score per submitted review
    mean: float | None = None
    spread: float | None = None
    reviews_done: int = 0
    reviews_assigned: int = 0


def ranking(edition):
    """Submitted and decided pitches by weighted mean score, best first; unscored last."""
    rubric = edition.rubric()
    pitches = (
        Pitch.objects.filter(edition=edition)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
        .select_related("organisation", "submitter", "submitter__profile")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=ReviewAssignment.objects.select_related(
                    "reviewer", "reviewer__profile", "review"
                ),
            ),
            "tags",
        )
    )
    ranked = []
    for pitch in pitches:
        entry = RankedPitch(pitch=pitch, reviews_assigned=len(pitch.assignments.all()))
        for assignment in pitch.assignments.all():
            review = getattr(assignment, "review", None)
            if review is None:
                continue
            score = review.weighted_score(rubric)
            if score is not None:
                entry.scores.append(score)
        entry.reviews_done = len(entry.scores)
        if entry.scores:
            entry.mean = round(mean(entry.scores), 2)
            entry.spread = round(pstdev(entry.scores), 2)
        ranked.append(entry)
    ranked.sort(key=lambda e: (e.mean is None, -(e.mean or 0), e.pitch.title, e.pitch.pk))
    return ranked


FUNNEL_STEPS = ("submitted", "accepted", "presented", "followed_up")
FUNNEL_LABELS = {
    "submitted": _("Submitted"),
    "accepted": pgettext_lazy("pitch status", "Accepted"),
    "presented": _("Presented"),
    "followed_up": _("With follow-ups"),
}


def funnel(pitches):
    """Counts for the dashboard funnel over a queryset of pitches."""
    return pitches.aggregate(
        # distinct: the outcomes join repeats a pitch once per outcome.
        submitted=Count(
            "pk", filter=~Q(status__in=[Status.DRAFT, Status.WITHDRAWN]), distinct=True
        ),
        accepted=Count("pk", filter=Q(status=Status.ACCEPTED), distinct=True),
        presented=Count("pk", filter=Q(presented=True), distinct=True),
        followed_up=Count("pk", filter=Q(outcomes__isnull=False), distinct=True),
    )


def outcome_totals(outcomes):
    Kind = PitchOutcome.Kind
    return outcomes.aggregate(
        investment=Sum("amount", filter=Q(kind=Kind.INVESTMENT)),
        contracts=Sum("amount", filter=Q(kind=Kind.CONTRACT)),
        collaborations=Count("pk", filter=Q(kind=Kind.COLLABORATION)),
        mous=Count("pk", filter=Q(kind=Kind.MOU)),
        patents=Sum("quantity", filter=Q(kind=Kind.PATENT)),
        jobs=Sum("quantity", filter=Q(kind=Kind.JOBS)),
    )


def dashboard_editions():
    """Every Korean (source) edition with its funnel and KPI totals, newest first."""
    from wagtail.models import Locale

    editions = list(
        ForumEditionPage.objects.filter(locale=Locale.get_default()).order_by("-forum_date")
    )
    rows = []
    for edition in editions:
        counts = funnel(Pitch.objects.filter(edition=edition))
        rows.append(
            {
                "edition": edition,
                "funnel": counts,
                "funnel_steps": [(FUNNEL_LABELS[step], counts[step]) for step in FUNNEL_STEPS],
                "totals": outcome_totals(PitchOutcome.objects.filter(pitch__edition=edition)),
            }
        )
    return rows


def yearly_totals():
    from wagtail.models import Locale

    years = (
        PitchOutcome.objects.filter(pitch__edition__locale=Locale.get_default())
        .annotate(year=ExtractYear("pitch__edition__forum_date"))
        .values_list("year", flat=True)
        .distinct()
    )
    return [
        {
            "year": year,
            "totals": outcome_totals(
                PitchOutcome.objects.filter(pitch__edition__forum_date__year=year)
            ),
            "funnel": funnel(Pitch.objects.filter(edition__forum_date__year=year)),
        }
        for year in sorted(set(years), reverse=True)
    ]
