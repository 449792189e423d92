from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "matchmaking"
    verbose_name = _("B2B meetings")
    # Requests, meetings and feedback are private to the people in them and shown only on
    # pages that are never cached (cluster_hub/page_cache.py); the event page shows only
    # whether matchmaking is open, which the Matchmaking row itself decides.
    page_cache_ignores = (
        "matchmaking.Participant",
        "matchmaking.MeetingRequest",
        "matchmaking.Meeting",
        "matchmaking.MeetingSeat",
        "matchmaking.MeetingFeedback",
        "matchmaking.FollowUp",
        "matchmaking.BuyerProfile",
        "matchmaking.Inquiry",
        "matchmaking.InquiryMessage",
        "matchmaking.InquiryAttachment",
    )

    def ready(self):
        from clusters.signup import register_signup_part
        from matchmaking import panels  # noqa: F401
        from matchmaking.signup import buyer_signup

        register_signup_part(buyer_signup)
        from matchmaking import outcome_origins

        outcome_origins.register()
