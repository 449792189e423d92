"""The kinds of notification (what happened), shared by the model and its texts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    INTEREST_RECEIVED = "interest_received", _("Interest in your request")
    RESPONSE_ACCEPTED = "response_accepted", _("Your response was accepted")
    RESPONSE_DECLINED = "response_declined", _("Your response was declined")
    MESSAGE_RECEIVED = "message_received", _("New message")
    REQUEST_MATCHED = "request_matched", _("Request matched")
    REQUEST_CLOSED = "request_closed", _("Request closed")
    REQUEST_HIDDEN = "request_hidden", _("Request hidden")
    REQUEST_EXPIRED = "request_expired", _("Request expired")
    BOOKING_REQUESTED = "booking_requested", _("Booking requested")
    BOOKING_APPROVED = "booking_approved", _("Booking approved")
    BOOKING_DECLINED = "booking_declined", _("Booking declined")
    BOOKING_CANCELLED = "booking_cancelled", _("Booking cancelled")
    JOIN_REQUESTED = "join_requested", _("Request to join your organisation")
    JOIN_CONFIRMED = "join_confirmed", _("Membership confirmed")
    JOIN_DECLINED = "join_declined", _("Membership declined")
    MEETING_REQUESTED = "meeting_requested", _("Meeting request")
    MEETING_ACCEPTED = "meeting_accepted", _("Meeting request accepted")
    MEETING_DECLINED = "meeting_declined", _("Meeting request declined")
    MEETING_REQUEST_EXPIRED = "meeting_request_expired", _("Meeting request expired")
    MEETING_REQUEST_REMINDER = "meeting_request_reminder", _("Meeting request waiting")
    MEETING_SCHEDULED = "meeting_scheduled", _("Meeting scheduled")
    MEETING_MOVED = "meeting_moved", _("Meeting moved")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    SCHEDULE_PUBLISHED = "schedule_published", _("Meeting schedule published")
    INQUIRY_RECEIVED = "inquiry_received", _("New inquiry")
    INQUIRY_MESSAGE = "inquiry_message", _("Reply to an inquiry")
    INQUIRY_HELP = "inquiry_help", _("An inquiry asks the agency for help")
    BUYER_VERIFIED = "buyer_verified", _("Buyer account verified")
    MEETING_REMINDER = "meeting_reminder", _("Meeting tomorrow")
    MEETING_FOLLOW_UP = "meeting_follow_up", _("What came of your meeting?")
