"""An event's sessions have versions in every language (translations app); the event page
itself is translated with wagtail-localize, like every page. Sessions hang off the event in the
default language (their live rooms and questions too), so their titles and rooms are
translated here rather than copied into each translated page."""

from events.models import EventPage, EventSession
from translations.registry import register_translatable

register_translatable(
    EventPage,
    fields=[],
    edit_rule="events.manage_event",
    children=lambda event: EventSession.objects.filter(event=event.source).order_by(
        "starts_at", "sort_order"
    ),
)
register_translatable(
    EventSession,
    fields=["title", "room"],
    edit_rule="events.manage_event",
    parent=lambda session: session.event,
)
