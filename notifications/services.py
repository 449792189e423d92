"""One path for telling people things: an in-app notification and an email in their language."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import Notification
from notifications.tasks import deliver_email


def recipient_language(user):
    profile = getattr(user, "profile", None)
    language = getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
    return language


def notify(*, recipient, kind, params=None, url_name="", url_args=(), actor=None):
    """Record a notification for `recipient` and queue its email in the same transaction.

    The actor never notifies themself (a coordinator closing their own request, say)."""
    if recipient is None or (actor is not None and recipient.pk == actor.pk):
        return None
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            params=dict(params or {}),
            url_name=url_name,
            url_args=[str(arg) for arg in url_args],
        )
        queue_notification_email(notification)
    return notification


def notify_many(*, recipients, actor=None, **kwargs):
    seen = set()
    for recipient in recipients:
        if recipient.pk in seen:
            continue
        seen.add(recipient.pk)
        notify(recipient=recipient, actor=actor, **kwargs)


def queue_notification_email(notification):
    recipient = notification.recipient
    if not recipient.email:
        return
    with translation.override(recipient_language(recipient)):
        link = ""
        if notification.url_name:
            link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + notification.target_url
        context = {"notification": notification, "message": notification.message, "link": link}
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + str(notification.get_kind_display())
        body = render_to_string("notifications/email.txt", context)
    queue_email(EmailMessage(subject, body, None, [recipient.email]))


def queue_email(message):
    """The one way out for every email of the site: onto the durable queue, never sent inside
    the request. Called inside a transaction, the message is queued with it (a rolled-back
    change sends nothing); `notifications.tasks.deliver_email` sends it, with retries."""
    data = {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "to": list(message.to),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", ())
        ],
        "attachments": [_attachment(item) for item in message.attachments],
    }
    with transaction.atomic():
        deliver_email.enqueue(data)


def _attachment(item):
    filename, content, mimetype = item
    if isinstance(content, bytes):
        content = content.decode()  # the site only attaches text (iCalendar files)
    return [filename, content, mimetype]


def mark_read(notification, *, actor):
    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, actor):
    with transaction.atomic():
        return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
            read_at=timezone.now()
        )
