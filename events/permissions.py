"""Who may do what at a live event: visitors, registered attendees, jurors, pitchers,
moderators (the coordinators of the event's host clusters, or of all clusters)."""

from cluster_hub.permissions import rule
from clusters import permissions as cluster_permissions
from events.models import JuryMember, Registration
from forums import permissions as forum_permissions


def _authenticated(user):
    return bool(getattr(user, "is_authenticated", False))


@rule("events.manage_event")
def can_manage_event(user, event):
    """Coordinators of a host cluster (or of all clusters) run the event and moderate it."""
    if cluster_permissions.is_coordinator_of_all(user):
        return True
    return any(
        cluster_permissions.is_coordinator(user, cluster) for cluster in event.host_clusters.all()
    )


can_moderate = can_manage_event


@rule("events.register")
def can_register(user, event):
    return _authenticated(user) and event.registration_open and not event.is_past


def can_join_room(user, event):
    """Anyone who can see the event page can follow its live Q&A (read only)."""
    return True


def can_ask(user, event):
    """Registered attendees (or, if the event says so, anyone signed in) ask, vote and answer
    polls; moderators and jurors always may. Moderators see who asked, always."""
    if not _authenticated(user):
        return False
    if event.qa_participants == event.Participants.SIGNED_IN:
        return True
    return is_registered(user, event) or can_moderate(user, event) or is_juror(user, event)


can_vote = can_ask
can_answer_poll = can_ask


@rule("events.is_juror")
def is_juror(user, event):
    if not _authenticated(user):
        return False
    return JuryMember.objects.filter(event=event, user=user).exists()


def can_score(user, event, pitch):
    """Jurors score pitches of the event's forum, never their own organisation's."""
    return (
        is_juror(user, event)
        and pitch is not None
        and event.forum_edition_id == pitch.edition_id
        and not forum_permissions.is_pitcher(user, pitch)
    )


def can_answer_in_writing(user, question):
    """After the event the pitcher answers the questions on their pitch that stayed open."""
    return (
        question.pitch is not None
        and not question.answered
        and question.status == question.Status.VISIBLE
        and forum_permissions.is_pitcher(user, question.pitch)
    )


def can_see_pitch_questions(user, pitch):
    """Pitchers, the pitch's reviewers and coordinators read the questions asked on a pitch."""
    return forum_permissions.can_view_pitch(user, pitch)


def can_view_ticket(user, registration):
    return _authenticated(user) and registration.user_id == user.pk


def is_registered(user, event):
    if not _authenticated(user):
        return False
    # Registrations hang off the source page; `event` may be any of its translations.
    return Registration.objects.filter(
        event__translation_key=event.translation_key,
        user=user,
        status=Registration.Status.REGISTERED,
    ).exists()


@rule("events.score_at_jury")
def can_open_jury(user, event):
    """The jury page: the event's jurors, on a forum's live day."""
    return event.forum_edition_id is not None and is_juror(user, event)


@rule("events.signed_in")
def is_signed_in(user, event=None):
    return _authenticated(user)
