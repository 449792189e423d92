"""The email queue's worker side: one task per message, retried with back-off.

Messages are queued by `notifications.services.queue_email` inside the transaction of the
change they report (so a rolled-back change sends nothing and a committed one cannot lose its
mail), on the `email` backend of the tasks framework: django-tasks-db stores them in the
database, and `python manage.py db_worker --backend email --queue-name email` delivers them.
A failed delivery schedules the next attempt and is recorded as a failed task result; after
the last attempt the message stays in the table as failed, for an operator to see."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

EMAIL_BACKEND_ALIAS = "email"
EMAIL_QUEUE = "email"


def build_message(data):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data.get("from_email") or None,
        to=data["to"],
        headers=data.get("headers") or None,
        reply_to=data.get("reply_to") or None,
    )
    for content, mimetype in data.get("alternatives", ()):
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data.get("attachments", ()):
        message.attach(filename, content, mimetype)
    return message


def retry_delays():
    return [float(seconds) for seconds in settings.EMAIL_RETRY_DELAYS]


@task(backend=EMAIL_BACKEND_ALIAS, queue_name=EMAIL_QUEUE)
def deliver_email(data, attempt=1):
    """Send one queued message; on failure schedule the next attempt and fail this one."""
    try:
        with get_connection(timeout=settings.EMAIL_TIMEOUT) as connection:
            connection.send_messages([build_message(data)])
    except Exception as error:
        delays = retry_delays()
        if attempt <= len(delays):
            run_after = timezone.now() + timedelta(seconds=delays[attempt - 1])
            deliver_email.using(run_after=run_after).enqueue(data, attempt=attempt + 1)
            logger.warning(
                "email to %s failed (attempt %s), retrying: %s", data["to"], attempt, error
            )
        else:
            logger.error("email to %s failed for good after %s attempts", data["to"], attempt)
        raise
    return {"to": data["to"], "attempt": attempt}
