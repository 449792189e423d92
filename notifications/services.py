"""One path for telling people things: an in-app notification and an email in their language."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import Notification

logger = logging.getLogger(__name__)


def recipient_language(user):
    profile = getattr(user, "profile", None)
    language = getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
    return language


def notify(*, recipient, kind, params=None, url_name="", url_args=(), actor=None):
    """Record a notification for `recipient` and email it once the transaction commits.

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
    transaction.on_commit(lambda: send_notification_email(notification))
    return notification


def notify_many(*, recipients, actor=None, **kwargs):
    seen = set()
    for recipient in recipients:
        if recipient.pk in seen:
            continue
        seen.add(recipient.pk)
        notify(recipient=recipient, actor=actor, **kwargs)


def send_notification_email(notification):
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
    try:
        send_mail(subject, body, None, [recipient.email])
    except OSError:
        # The notification is saved and shown on the site; a mail server hiccup must not undo
        # the action that caused it.
        logger.exception("Could not email notification %s", notification.pk)


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
