from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Live events")
    # Live data reaches people over the sockets, never through a cached page
    # (cluster_hub/page_cache.py).
    page_cache_ignores = (
        "events.Question",
        "events.QuestionVote",
        "events.Poll",
        "events.PollOption",
        "events.PollAnswer",
        "events.RoomEvent",
        "events.LiveRoom",
    )

    def ready(self):
        # The event page's context and sub-pages, and the panels events show on other apps'
        # pages, are registered by these modules when they load.
        from events import panels, translatable, views  # noqa: F401
