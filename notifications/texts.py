"""What each kind of notification says. Rendered at read time in the active language."""

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from notifications.kinds import NotificationKind as Kind


def _templates():
    return {
        Kind.INTEREST_RECEIVED: _("%(actor)s is interested in your request “%(title)s”."),
        Kind.RESPONSE_ACCEPTED: _(
            "%(actor)s accepted your response to “%(title)s”. You can now talk privately."
        ),
        Kind.RESPONSE_DECLINED: _("%(actor)s declined your response to “%(title)s”."),
        Kind.MESSAGE_RECEIVED: _("%(actor)s sent you a message about “%(title)s”."),
        Kind.REQUEST_MATCHED: _("The request “%(title)s” you responded to is now matched."),
        Kind.REQUEST_CLOSED: _("Your request “%(title)s” was closed by a coordinator: %(reason)s"),
        Kind.REQUEST_HIDDEN: _("Your request “%(title)s” was hidden by a coordinator: %(reason)s"),
        Kind.REQUEST_EXPIRED: _("Your request “%(title)s” passed its deadline and has expired."),
        Kind.BOOKING_REQUESTED: _(
            "%(actor)s asks to book %(equipment)s on %(when)s. Please approve or decline."
        ),
        Kind.BOOKING_APPROVED: _("Your booking of %(equipment)s on %(when)s is approved."),
        Kind.BOOKING_DECLINED: _("Your booking of %(equipment)s on %(when)s was declined."),
        Kind.BOOKING_CANCELLED: _("%(actor)s cancelled the booking of %(equipment)s on %(when)s."),
        Kind.JOIN_REQUESTED: _(
            "%(actor)s asks to join %(organisation)s. Please confirm or decline on the "
            "organisation's page."
        ),
        Kind.JOIN_CONFIRMED: _("%(actor)s confirmed you as a member of %(organisation)s."),
        Kind.JOIN_DECLINED: _("%(actor)s declined your request to join %(organisation)s."),
        Kind.MEETING_REQUESTED: _(
            "%(company)s asks to meet you at %(event)s. Please accept or decline."
        ),
        Kind.MEETING_ACCEPTED: _("%(company)s accepted your meeting request for %(event)s."),
        Kind.MEETING_DECLINED: _("%(company)s declined your meeting request for %(event)s."),
        Kind.MEETING_REQUEST_EXPIRED: _(
            "Your meeting request to %(company)s for %(event)s expired without an answer."
        ),
        Kind.MEETING_REQUEST_REMINDER: _(
            "%(company)s is still waiting for your answer to their meeting request for "
            "%(event)s. Unanswered requests expire soon."
        ),
        Kind.MEETING_SCHEDULED: _("Your meeting with %(company)s at %(event)s: %(when)s."),
        Kind.MEETING_MOVED: _("Your meeting with %(company)s at %(event)s moved to %(when)s."),
        Kind.MEETING_CANCELLED: _(
            "Your meeting with %(company)s at %(event)s (%(when)s) was cancelled."
        ),
        Kind.INQUIRY_RECEIVED: _(
            "%(company)s sent %(organisation)s an inquiry: %(quantity)s%(product)s. Please answer "
            "it on ClusterHub."
        ),
        Kind.INQUIRY_MESSAGE: _("%(company)s wrote about the inquiry “%(subject)s”."),
        Kind.OUTCOME_CLAIMED: _(
            "An outcome between %(organisation)s and %(other)s was recorded: %(outcome)s. Please "
            "confirm it, or say what is wrong."
        ),
        Kind.OUTCOME_CONFIRMED: _(
            "The other side confirmed the outcome of %(organisation)s: %(outcome)s. It now "
            "counts in the agency's reports."
        ),
        Kind.OUTCOME_DISPUTED: _(
            "The other side disputes the outcome of %(organisation)s (%(outcome)s): %(reason)s"
        ),
        Kind.OUTCOME_VERIFIED: _(
            "The agency verified the outcome of %(organisation)s on its evidence: %(outcome)s."
        ),
        Kind.INQUIRY_HELP: _(
            "%(company)s asked the agency for help with the inquiry “%(subject)s” between "
            "%(buyer)s and %(organisation)s: %(reason)s"
        ),
        Kind.BUYER_VERIFIED: _(
            "Your buyer account for %(company)s is verified: your inquiries now reach the firms."
        ),
        Kind.MEETING_REMINDER: _(
            "Reminder: your meeting with %(company)s at %(event)s is on %(when)s."
        ),
        Kind.MEETING_FOLLOW_UP: _(
            "Three months ago you met %(company)s at %(event)s. Please tell us what came of it: "
            "it takes a minute and helps the agency support firms like yours."
        ),
        Kind.SCHEDULE_PUBLISHED: _(
            "The meeting schedule of %(event)s is published. Meetings on your agenda: %(count)s."
        ),
    }


class _Params(dict):
    """Missing parameters read as empty rather than breaking a whole notification list; a
    time span stored as data (`starts_at`, `ends_at`) reads as `when` in the reader's locale."""

    def __missing__(self, key):
        if key == "when" and "starts_at" in self:
            start = timezone.localtime(datetime.fromisoformat(self["starts_at"]))
            end = timezone.localtime(datetime.fromisoformat(self["ends_at"]))
            return f"{formats.date_format(start, 'SHORT_DATE_FORMAT')} {start:%H:%M}–{end:%H:%M}"
        return ""


def render_text(kind, params):
    """The sentence of a notification of `kind` with `params`, in the active language ("" for a
    kind without one)."""
    template = _templates().get(kind)
    return template % _Params(params) if template is not None else ""


def render_message(notification):
    return render_text(notification.kind, notification.params) or notification.get_kind_display()
