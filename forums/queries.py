"""Reusable querysets and read models for the forum, built to avoid N+1 queries."""

from dataclasses import dataclass, field
from statistics import mean, pstdev

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forums import permissions
from forums.models import ForumEditionPage, Pitch, ProgrammeSlot, ReviewAssignment
from outcomes.models import Outcome

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


def pitch_outcomes(pitches=None):
    """The ledger's outcomes that came of pitches (of `pitches`, a queryset, if given); a
    withdrawn one was never an outcome."""
    outcomes = Outcome.objects.filter(origin_type=ContentType.objects.get_for_model(Pitch)).exclude(
        status=Outcome.Status.WITHDRAWN
    )
    if pitches is not None:
        outcomes = outcomes.filter(origin_id__in=pitches.values("pk"))
    return outcomes


def outcomes_of_pitch(pitch):
    return pitch_outcomes().filter(origin_id=pitch.pk).order_by("-occurred_on", "-pk")


def funnel(pitches):
    """Counts for the dashboard funnel over a queryset of pitches."""
    followed = pitch_outcomes().filter(origin_id=OuterRef("pk"))
    return pitches.aggregate(
        submitted=Count("pk", filter=~Q(status__in=[Status.DRAFT, Status.WITHDRAWN])),
        accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
        presented=Count("pk", filter=Q(presented=True)),
        followed_up=Count("pk", filter=Q(Exists(followed))),
    )


def outcome_totals(outcomes):
    """The forum's figures (in KRW, as it has always counted them) over ledger outcomes: every
    one recorded, and how many of them the other side or the agency has made count."""
    Kind = Outcome.Kind
    krw = Q(currency=Outcome.Currency.KRW)
    return outcomes.aggregate(
        investment=Sum("amount", filter=Q(kind=Kind.INVESTMENT) & krw),
        contracts=Sum(
            "amount", filter=Q(kind__in=[Kind.SUPPLY_CONTRACT, Kind.EXPORT_CONTRACT]) & krw
        ),
        collaborations=Count("pk", filter=Q(kind=Kind.JOINT_RD)),
        mous=Count("pk", filter=Q(kind=Kind.MOU)),
        patents=Sum("quantity", filter=Q(kind=Kind.PATENT)),
        jobs=Sum("quantity", filter=Q(kind=Kind.JOBS)),
        counted=Count("pk", filter=Q(status__in=Outcome.COUNTING)),
        recorded=Count("pk"),
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
                "totals": outcome_totals(pitch_outcomes(Pitch.objects.filter(edition=edition))),
            }
        )
    return rows


def yearly_totals():
    from wagtail.models import Locale

    years = (
        Pitch.objects.filter(edition__locale=Locale.get_default())
        .filter(Exists(pitch_outcomes().filter(origin_id=OuterRef("pk"))))
        .annotate(year=ExtractYear("edition__forum_date"))
        .values_list("year", flat=True)
        .distinct()
    )
    return [
        {
            "year": year,
            "totals": outcome_totals(
                pitch_outcomes(Pitch.objects.filter(edition__forum_date__year=year))
            ),
            "funnel": funnel(Pitch.objects.filter(edition__forum_date__year=year)),
        }
        for year in sorted(set(years), reverse=True)
    ]
