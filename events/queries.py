"""Reusable querysets and read models of live events."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from cluster_hub import locales, page_cache
from events.models import (
    EventPage,
    EventSession,
    JuryScore,
    LiveRoom,
    Poll,
    PollOption,
    Question,
    Registration,
    RoomEvent,
)

Status = Registration.Status


def sessions_of(event):
    return (
        EventSession.objects.filter(event=event)
        .select_related("chair", "pitch", "pitch__organisation")
        .prefetch_related("speakers")
        .order_by("starts_at", "sort_order")
    )


def shared_sessions_of(event):
    """The event's sessions as every reader sees them, read once per content change."""
    return page_cache.shared("event-sessions", lambda: list(sessions_of(event)), event.pk)


def registration_of(user, event):
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(event=event, user=user).exclude(status=Status.CANCELLED).first()
    )


def seat_counts(event):
    counts = Registration.objects.filter(event=event).aggregate(
        registered=Count("pk", filter=Q(status=Status.REGISTERED)),
        waitlisted=Count("pk", filter=Q(status=Status.WAITLISTED)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    capacity = event.capacity
    counts["capacity"] = capacity
    counts["free"] = None if capacity is None else max(capacity - counts["registered"], 0)
    return counts


def attendees(event):
    return (
        Registration.objects.filter(event=event)
        .exclude(status=Status.CANCELLED)
        .select_related("user", "user__profile", "user__profile__organisation")
        .order_by("status", "created_at", "pk")
    )


def room_of(session):
    """The session's live room, or None before anyone opened it (services.open_room)."""
    return LiveRoom.objects.filter(session=session).first()


def questions_for(room, *, staff):
    """The questions a stream shows: moderators see every one, the audience the visible ones."""
    questions = Question.objects.filter(session_id=room.session_id).select_related(
        "author", "author__profile"
    )
    if not staff:
        questions = questions.filter(status=Question.Status.VISIBLE)
    return questions.order_by("created_at", "pk")


def moderation_counts(session_id):
    counts = Question.objects.filter(session_id=session_id).aggregate(
        pending=Count("pk", filter=Q(status=Question.Status.PENDING)),
        hidden=Count("pk", filter=Q(status=Question.Status.HIDDEN)),
    )
    return {"pending": counts["pending"], "hidden": counts["hidden"]}


def polls_of(session_id, *, staff):
    polls = Poll.objects.filter(session_id=session_id).prefetch_related(
        Prefetch(
            "options",
            queryset=PollOption.objects.annotate(count=Count("answers")).order_by("position", "pk"),
        )
    )
    if not staff:
        polls = polls.exclude(status=Poll.Status.DRAFT)
    return polls.order_by("created_at", "pk")


def log_after(room, stream, since, limit):
    return list(
        RoomEvent.objects.filter(room=room, stream=stream, seq__gt=since)
        .order_by("seq")
        .values_list("seq", "payload")[:limit]
    )


def jury_scores(event, pitch_id):
    return list(
        JuryScore.objects.filter(event=event, pitch_id=pitch_id).values_list("juror_id", "scores")
    )


def pitch_questions(pitch):
    """What the audience saw asked on a pitch: never the hidden ones or an unapproved queue."""
    return (
        Question.objects.filter(pitch=pitch, status=Question.Status.VISIBLE)
        .select_related(
            "author", "author__profile", "replied_by__profile", "session", "session__event"
        )
        .order_by("-vote_count", "created_at")
    )


def current_rooms(event):
    return LiveRoom.objects.filter(session__event=event, is_current=True)


def upcoming_in(locale, *, limit=3, cluster=None):
    """The next events (of `cluster`, if given), each in `locale` where translated, else in the
    site's default language (events are often published in Korean only)."""
    default = locales.default()
    candidates = EventPage.objects.live().filter(
        ends_at__gte=timezone.now(), locale__in={locale.pk, default.pk}
    )
    if cluster is not None:
        # Hosting is set on whichever language version an editor maintains: match on any.
        hosted = EventPage.objects.filter(
            host_clusters__translation_key=cluster.translation_key
        ).values("translation_key")
        candidates = candidates.filter(translation_key__in=hosted)
    chosen = {}
    for event in candidates.order_by("starts_at", "pk")[: limit * 2]:
        current = chosen.get(event.translation_key)
        if current is None or event.locale_id == locale.pk:
            chosen[event.translation_key] = event
    return sorted(chosen.values(), key=lambda event: (event.starts_at, event.pk))[:limit]


def upcoming_for_cluster(cluster, *, limit=3):
    """The next events a cluster hosts, in the cluster page's language where translated."""
    return upcoming_in(locales.of(cluster), limit=limit, cluster=cluster)
