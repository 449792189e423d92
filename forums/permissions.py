"""Who may do what in the forum: pitchers, reviewers (assigned or not), coordinators, visitors."""

from cluster_hub.permissions import rule
from clusters import permissions as cluster_permissions
from forums.models import Pitch

Status = Pitch.Status
OPEN_FOR_EDITS = (Status.DRAFT, Status.SUBMITTED)


def _pk(user):
    return getattr(user, "pk", None)


member_organisation_id = cluster_permissions.member_organisation_id


@rule("forums.manage_edition")
def can_manage_edition(user, edition):
    """Coordinators of a host cluster, or of all clusters."""
    if cluster_permissions.is_coordinator_of_all(user):
        return True
    return any(
        cluster_permissions.is_coordinator(user, cluster) for cluster in edition.host_clusters.all()
    )


@rule("forums.submit_pitch")
def can_submit_pitch(user, edition):
    return edition.is_call_open and cluster_permissions.is_member(user)


def is_pitcher(user, pitch):
    """The submitter and the confirmed members of the pitching organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    return pitch.submitter_id == user.pk or member_organisation_id(user) == pitch.organisation_id


def is_assigned_reviewer(user, pitch):
    if not getattr(user, "is_authenticated", False):
        return False
    return any(assignment.reviewer_id == user.pk for assignment in pitch.assignments.all())


def can_view_pitch(user, pitch):
    if pitch.status == Status.DRAFT:
        return is_pitcher(user, pitch)
    if is_pitcher(user, pitch) or can_manage_edition(user, pitch.edition):
        return True
    return pitch.status != Status.WITHDRAWN and is_assigned_reviewer(user, pitch)


def can_download_deck(user, pitch):
    return bool(pitch.deck) and can_view_pitch(user, pitch)


@rule("forums.edit_pitch")
def can_edit_pitch(user, pitch):
    return pitch.status in OPEN_FOR_EDITS and pitch.edition.is_call_open and is_pitcher(user, pitch)


@rule("forums.submit")
def can_submit(user, pitch):
    return pitch.status == Status.DRAFT and can_edit_pitch(user, pitch)


@rule("forums.withdraw")
def can_withdraw(user, pitch):
    return pitch.status == Status.SUBMITTED and can_edit_pitch(user, pitch)


@rule("forums.review")
def can_review(user, pitch):
    return (
        pitch.edition.review_open
        and pitch.status == Status.SUBMITTED
        and is_assigned_reviewer(user, pitch)
        and not is_pitcher(user, pitch)
    )


def sees_pitcher_identity(user, pitch):
    """Blind review hides who pitches from reviewers; pitchers and coordinators always see it."""
    if not pitch.edition.blind_review:
        return True
    return is_pitcher(user, pitch) or can_manage_edition(user, pitch.edition)


def can_assign_reviewer(user, pitch, reviewer):
    """Coordinators assign reviewers, never one from the pitching organisation."""
    return (
        can_manage_edition(user, pitch.edition)
        and cluster_permissions.is_reviewer(reviewer)
        and not has_conflict(reviewer, pitch)
    )


def has_conflict(reviewer, pitch):
    profile = cluster_permissions._profile(reviewer)
    return reviewer.pk == pitch.submitter_id or bool(
        profile and profile.organisation_id == pitch.organisation_id
    )


def can_decide(user, pitch):
    return pitch.status in (
        Status.SUBMITTED,
        Status.ACCEPTED,
        Status.WAITLISTED,
        Status.REJECTED,
    ) and can_manage_edition(user, pitch.edition)


@rule("forums.confirm_attendance")
def can_confirm_attendance(user, pitch):
    return (
        pitch.status == Status.ACCEPTED
        and pitch.attendance_confirmed_at is None
        and is_pitcher(user, pitch)
    )


@rule("forums.record_outcome")
def can_record_outcome(user, pitch):
    return pitch.status == Status.ACCEPTED and (
        is_pitcher(user, pitch) or can_manage_edition(user, pitch.edition)
    )


def can_see_dashboard(user):
    return cluster_permissions.is_coordinator(user)
