"""Every state change of the forum: pitches, decks, assignments, reviews, decisions, the
programme and outcomes. Each checks its permission, runs in one transaction and sends its
emails only after the commit."""

from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cluster_hub.pages import republish
from clusters import permissions as cluster_permissions
from clusters.models import ClusterRole, MemberProfile
from forums import permissions
from forums.models import (
    DEFAULT_EMAILS,
    Pitch,
    ProgrammeSlot,
    Review,
    ReviewAssignment,
)
from forums.queries import ranking
from notifications.services import queue_email, recipient_language
from outcomes import permissions as outcome_permissions
from outcomes import services as outcome_services
from outcomes.models import Outcome

Status = Pitch.Status
PITCH_FIELDS = ("title", "item", "market_outlook", "business_plan", "stage", "funding_ask", "team")


def _locked(pitch):
    return Pitch.objects.select_for_update().select_related("edition").get(pk=pitch.pk)


def _email(user, subject, body):
    if user.email:
        queue_email(
            EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])
        )


def _check_call_open(edition):
    if not edition.is_call_open:
        raise ValidationError(_("The call for pitches is closed."))


def create_pitch(edition, *, actor, tags=(), presenters=(), **fields):
    edition = edition.source
    if not permissions.can_submit_pitch(actor, edition):
        if not edition.is_call_open:
            raise ValidationError(_("The call for pitches is closed."))
        raise PermissionDenied
    with transaction.atomic():
        pitch = Pitch(
            edition=edition,
            submitter=actor,
            organisation_id=permissions.member_organisation_id(actor),
            **{name: value for name, value in fields.items() if name in PITCH_FIELDS},
        )
        pitch.full_clean(exclude=["tags", "deck"])
        pitch.save()
        pitch.tags.set(list(tags))
        pitch.presenters.set(_valid_presenters(pitch, presenters))
    return pitch


def _valid_presenters(pitch, presenters):
    allowed = set(
        MemberProfile.objects.filter(
            organisation_id=pitch.organisation_id, membership_confirmed=True
        ).values_list("pk", flat=True)
    )
    chosen = list(presenters)
    if any(profile.pk not in allowed for profile in chosen):
        raise ValidationError({"presenters": _("Presenters must be members of your organisation.")})
    return chosen


def update_pitch(pitch, *, actor, tags=(), presenters=(), **fields):
    if not permissions.can_edit_pitch(actor, pitch):
        if not pitch.edition.is_call_open:
            raise ValidationError(_("The call for pitches is closed."))
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(pitch)
        for name, value in fields.items():
            if name in PITCH_FIELDS:
                setattr(locked, name, value)
        locked.full_clean(exclude=["tags", "deck"])
        locked.save()
        locked.tags.set(list(tags))
        locked.presenters.set(_valid_presenters(locked, presenters))
    return locked


def attach_deck(pitch, *, actor, upload):
    """`upload` was checked by `forms.validate_deck` (content, type, size, name)."""
    if not permissions.can_edit_pitch(actor, pitch):
        if not pitch.edition.is_call_open:
            raise ValidationError(_("The call for pitches is closed."))
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(pitch)
        old = locked.deck.name if locked.deck else None
        locked.deck_content_type = upload.detected_content_type
        locked.deck.save(upload.name, upload, save=False)
        locked.deck_name = upload.name[:200]
        locked.deck_size = upload.size
        locked.save()
        if old:
            storage = locked.deck.storage
            transaction.on_commit(lambda: storage.delete(old))
    return locked


def submit_pitch(pitch, *, actor):
    if not permissions.can_submit(actor, pitch):
        _check_call_open(pitch.edition)
        raise PermissionDenied
    if not pitch.deck:
        raise ValidationError(_("Please upload your deck before submitting."))
    with transaction.atomic():
        locked = _locked(pitch)
        _check_call_open(locked.edition)
        locked.status = Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        with translation.override(recipient_language(actor)):
            _email(
                actor,
                _("We received your pitch “%(title)s”") % {"title": locked.title},
                _(
                    "Thank you. Your pitch “%(title)s” for %(edition)s is submitted. You can "
                    "edit or withdraw it until %(deadline)s."
                )
                % {
                    "title": locked.title,
                    "edition": locked.edition.title,
                    "deadline": timezone.localtime(locked.edition.call_closes_at).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                },
            )
    return locked


def withdraw_pitch(pitch, *, actor):
    if not permissions.can_withdraw(actor, pitch):
        _check_call_open(pitch.edition)
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(pitch)
        locked.status = Status.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
    return locked


def assign_reviewer(pitch, *, actor, reviewer):
    if not permissions.can_manage_edition(actor, pitch.edition):
        raise PermissionDenied
    if permissions.has_conflict(reviewer, pitch):
        raise ValidationError(_("A reviewer from the pitching organisation cannot review it."))
    if not cluster_permissions.is_reviewer(reviewer):
        raise ValidationError(_("Only people with the reviewer role can review."))
    with transaction.atomic():
        assignment, _created = ReviewAssignment.objects.get_or_create(
            pitch=pitch, reviewer=reviewer, defaults={"assigned_by": actor}
        )
    return assignment


def unassign_reviewer(assignment, *, actor):
    if not permissions.can_manage_edition(actor, assignment.pitch.edition):
        raise PermissionDenied
    if hasattr(assignment, "review"):
        raise ValidationError(_("This reviewer has already reviewed the pitch."))
    with transaction.atomic():
        assignment.delete()


def suggest_assignments(edition, *, per_pitch=2):
    """(pitch, reviewer, matched tags) proposals: reviewers whose expertise matches the pitch's
    tags, least-loaded first, never from the pitching organisation. Deterministic."""
    reviewers = list(
        MemberProfile.objects.filter(
            user__cluster_roles__kind=ClusterRole.Kind.REVIEWER, user__is_active=True
        )
        .select_related("user")
        .prefetch_related("expertise")
        .distinct()
        .order_by("full_name", "pk")
    )
    pitches = list(
        Pitch.objects.filter(edition=edition, status=Status.SUBMITTED)
        .prefetch_related("tags", "assignments")
        .order_by("submitted_at", "pk")
    )
    load = Counter()
    for pitch in pitches:
        for assignment in pitch.assignments.all():
            load[assignment.reviewer_id] += 1
    proposals = []
    for pitch in pitches:
        assigned = {assignment.reviewer_id for assignment in pitch.assignments.all()}
        wanted = per_pitch - len(assigned)
        if wanted <= 0:
            continue
        pitch_tags = {tag.name.lower() for tag in pitch.tags.all()}
        candidates = []
        for profile in reviewers:
            if profile.user_id in assigned or profile.organisation_id == pitch.organisation_id:
                continue
            if profile.user_id == pitch.submitter_id:
                continue
            matched = sorted(
                tag.name for tag in profile.expertise.all() if tag.name.lower() in pitch_tags
            )
            order = (-len(matched), load[profile.user_id], profile.full_name, profile.pk)
            candidates.append((order, profile, matched))
        candidates.sort(key=lambda item: item[0])
        for _order, profile, matched in candidates[:wanted]:
            proposals.append((pitch, profile.user, matched))
            load[profile.user_id] += 1
    return proposals


def apply_suggestions(edition, *, actor):
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    with transaction.atomic():
        return [
            assign_reviewer(pitch, actor=actor, reviewer=reviewer)
            for pitch, reviewer, _matched in suggest_assignments(edition)
        ]


def submit_review(pitch, *, actor, scores, comment_to_coordinators="", comment_to_pitcher=""):
    if not permissions.can_review(actor, pitch):
        if not pitch.edition.review_open:
            raise ValidationError(_("The review phase is closed."))
        raise PermissionDenied
    rubric = pitch.edition.rubric()
    keys = {key for key, _label, _weight in rubric}
    if set(scores) != keys or any(
        not isinstance(value, int) or not 1 <= value <= 5 for value in scores.values()
    ):
        raise ValidationError(_("Score every criterion from 1 to 5."))
    with transaction.atomic():
        assignment = ReviewAssignment.objects.select_for_update().get(pitch=pitch, reviewer=actor)
        review, _created = Review.objects.update_or_create(
            assignment=assignment,
            defaults={
                "scores": dict(scores),
                "comment_to_coordinators": comment_to_coordinators.strip(),
                "comment_to_pitcher": comment_to_pitcher.strip(),
                "submitted_at": timezone.now(),
            },
        )
    return review


def _republish(edition, *, actor, slots=None, **changes):
    children = {"programme_slots": slots} if slots is not None else None
    return republish(edition, actor=actor, children=children, **changes)


def set_review_phase(edition, *, actor, is_open):
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    with transaction.atomic():
        return _republish(edition, actor=actor, review_open=is_open)


DECISIONS = {
    "accept": Status.ACCEPTED,
    "waitlist": Status.WAITLISTED,
    "reject": Status.REJECTED,
}


def decide_pitch(pitch, *, actor, decision, include_comments=True):
    if decision not in DECISIONS:
        raise ValidationError(_("Choose accept, waiting list or reject."))
    if not permissions.can_decide(actor, pitch):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(pitch)
        locked.status = DECISIONS[decision]
        locked.decided_at = timezone.now()
        locked.decision_emailed_at = timezone.now()
        if decision != "accept":
            locked.attendance_confirmed_at = None
        locked.save()
        if decision != "accept" and ProgrammeSlot.objects.filter(pitch=locked).exists():
            kept = [
                ProgrammeSlot(
                    pitch=slot.pitch,
                    starts_at=slot.starts_at,
                    minutes=slot.minutes,
                    sort_order=slot.sort_order,
                )
                for slot in ProgrammeSlot.objects.filter(edition=locked.edition).exclude(
                    pitch=locked
                )
            ]
            _republish(locked.edition, actor=actor, slots=kept)
        comments = []
        if include_comments:
            comments = [
                review.comment_to_pitcher
                for review in Review.objects.filter(assignment__pitch=locked).order_by("pk")
                if review.comment_to_pitcher
            ]
        subject, body = decision_email(locked, decision, comments)
        _email(locked.submitter, subject, body)
    return locked


def decision_email(pitch, decision, comments):
    """The edition's own template if it has one, else the default in the pitcher's language."""
    edition = pitch.edition
    with translation.override(recipient_language(pitch.submitter)):
        default_subject, default_body = DEFAULT_EMAILS[decision]
        subject = getattr(edition, f"{decision}_email_subject") or str(default_subject)
        body = getattr(edition, f"{decision}_email_body") or str(default_body)
        comment_text = ""
        if comments:
            comment_text = _("Reviewers' comments:") + "\n" + "\n".join(f"- {c}" for c in comments)
        values = {
            "pitch": pitch.title,
            "organisation": pitch.organisation.display_name,
            "edition": edition.title,
            "reviewer_comments": comment_text,
        }
    return _fill(subject, values), _fill(body, values)


def _fill(template, values):
    # str.format_map with unknown placeholders left visible, so a typo in an edited template
    # shows up in the email instead of breaking the decision.
    class Keep(dict):
        def __missing__(self, key):
            return "{" + key + "}"

    try:
        return template.format_map(Keep(values))
    except (ValueError, IndexError):
        return template


def confirm_attendance(pitch, *, actor):
    if not permissions.can_confirm_attendance(actor, pitch):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(pitch)
        locked.attendance_confirmed_at = timezone.now()
        locked.save(update_fields=["attendance_confirmed_at", "updated_at"])
    return locked


def send_attendance_reminders(*, now=None, every=timedelta(days=2)):
    """Remind accepted pitchers who have not confirmed, at most every two days, until the
    forum. Idempotent within that interval: run it from cron."""
    now = now or timezone.now()
    reminded = []
    with transaction.atomic():
        pending = (
            # Lock only the pitches: the submitter's profile is an outer join.
            Pitch.objects.select_for_update(of=("self",))
            .filter(
                status=Status.ACCEPTED,
                attendance_confirmed_at__isnull=True,
                edition__forum_date__gt=now,
            )
            .select_related("edition", "submitter", "submitter__profile")
        )
        for pitch in pending:
            if pitch.reminder_sent_at and now - pitch.reminder_sent_at < every:
                continue
            with translation.override(recipient_language(pitch.submitter)):
                _email(
                    pitch.submitter,
                    _("Please confirm your pitch at %(edition)s")
                    % {"edition": pitch.edition.title},
                    _(
                        "Your pitch “%(title)s” is accepted. Please confirm on ClusterHub that "
                        "you will present on %(date)s."
                    )
                    % {
                        "title": pitch.title,
                        "date": timezone.localtime(pitch.edition.forum_date).strftime(
                            "%Y-%m-%d %H:%M"
                        ),
                    },
                )
            pitch.reminder_sent_at = now
            pitch.save(update_fields=["reminder_sent_at"])
            reminded.append(pitch)
    return reminded


def build_programme(edition, *, actor, starts_at, minutes=15):
    """Lay out accepted, confirmed pitches in ranking order from `starts_at` (a time).
    Coordinators fine-tune the order in the Wagtail admin afterwards."""
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    with transaction.atomic():
        moment = datetime.combine(timezone.localdate(), starts_at)
        slots = []
        confirmed = [
            entry.pitch
            for entry in ranking(edition)
            if entry.pitch.status == Status.ACCEPTED and entry.pitch.attendance_confirmed_at
        ]
        for order, pitch in enumerate(confirmed):
            slots.append(
                ProgrammeSlot(
                    pitch=pitch, starts_at=moment.time(), minutes=minutes, sort_order=order
                )
            )
            moment += timedelta(minutes=minutes)
        _republish(edition, actor=actor, slots=slots)
    return slots


def mark_presented(pitch, *, actor, presented=True):
    if not permissions.can_manage_edition(actor, pitch.edition):
        raise PermissionDenied
    with transaction.atomic():
        Pitch.objects.filter(pk=pitch.pk).update(presented=presented)
        pitch.presented = presented
    return pitch


# The forum's earlier words for some of the ledger's kinds (its spreadsheets, its old form).
FORUM_KINDS = {"contract": Outcome.Kind.SUPPLY_CONTRACT, "collaboration": Outcome.Kind.JOINT_RD}
FORUM_INVESTMENT_KINDS = {"public_fund": Outcome.InvestmentKind.GRANT}


def record_outcome(
    pitch,
    *,
    actor,
    kind,
    occurred_on,
    amount=None,
    currency=Outcome.Currency.KRW,
    investment_kind="",
    counterparty="",
    quantity=None,
    note="",
):
    """What came of a pitch, into the outcomes ledger with the pitch as its origin: the firm's
    claim (or the agency's, when the forum's managers record it) until the other side confirms
    it or the agency verifies it."""
    if not permissions.can_record_outcome(actor, pitch):
        raise PermissionDenied
    by_the_firm = outcome_permissions.speaks_for(actor, pitch.organisation) or (
        pitch.submitter_id == actor.pk
    )
    with transaction.atomic():
        outcome = outcome_services.record_outcome(
            actor=actor,
            organisation=pitch.organisation,
            origin=pitch,
            recorded_side=Outcome.Side.ORGANISATION if by_the_firm else Outcome.Side.AGENCY,
            kind=FORUM_KINDS.get(kind, kind),
            occurred_on=occurred_on,
            amount=amount,
            currency=currency,
            investment_kind=FORUM_INVESTMENT_KINDS.get(investment_kind, investment_kind),
            counterpart_name=counterparty,
            quantity=quantity,
            note=note,
        )
        if not pitch.presented and pitch.edition.is_past:
            Pitch.objects.filter(pk=pitch.pk).update(presented=True)
    return outcome


# --- imports: earlier editions' records (the agency's spreadsheets, and the demo data) ------


def import_pitch(
    edition,
    *,
    actor,
    organisation,
    submitter,
    deck=None,
    tags=(),
    presenters=(),
    submitted_at=None,
    reviews=(),
    decision=None,
    decided_at=None,
    attendance_confirmed_at=None,
    presented=False,
    **fields,
):
    """Record a pitch as it happened, with its dates: submitted (with its deck, a
    ContentFile), reviewed (`reviews`: (reviewer, scores or None, comment to coordinators,
    comment to the pitcher); None scores is an assignment not yet reviewed), decided, confirmed
    and presented. Nobody is emailed: it all happened before. `actor=None` is the system."""
    if actor is not None and not cluster_permissions.is_coordinator_of_all(actor):
        raise PermissionDenied
    with transaction.atomic():
        pitch = Pitch(
            edition=edition.source,
            organisation=organisation,
            submitter=submitter,
            status=decision or (Status.SUBMITTED if submitted_at else Status.DRAFT),
            submitted_at=submitted_at,
            decided_at=decided_at,
            attendance_confirmed_at=attendance_confirmed_at,
            presented=presented,
            **{name: value for name, value in fields.items() if name in PITCH_FIELDS},
        )
        if deck is not None:
            pitch.deck.save(deck.name, deck, save=False)
            pitch.deck_name = deck.name[:200]
            pitch.deck_size = deck.size
            pitch.deck_content_type = "application/pdf"
        pitch.full_clean(exclude=["tags", "deck"])
        pitch.save()
        pitch.tags.set(list(tags))
        pitch.presenters.set(_valid_presenters(pitch, presenters))
        for reviewer, scores, to_coordinators, to_pitcher in reviews:
            assignment = ReviewAssignment.objects.create(pitch=pitch, reviewer=reviewer)
            if scores is not None:
                Review.objects.create(
                    assignment=assignment,
                    scores=scores,
                    comment_to_coordinators=to_coordinators,
                    comment_to_pitcher=to_pitcher,
                )
    return pitch
