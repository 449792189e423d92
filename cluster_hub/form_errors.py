"""Show a service's ValidationError to the person who asked: on the form that called it, or as
a message after a one-click action."""

import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def database_error_text():
    return _(
        "That could not be saved just now: the database did not answer. Nothing was changed; "
        "please try again in a moment."
    )


def error_text(error):
    """A ValidationError's messages as one sentence for a person (a flash message, a frame)."""
    return " ".join(str(message) for message in error.messages)


@dataclass
class Outcome:
    failed: bool = False


@contextmanager
def errors_shown(request):
    """Run a one-click action's service calls; a ValidationError they raise, or a database
    error (a lock that timed out, a dropped connection; the service's transaction rolled back),
    ends the block and becomes the person's error message (`outcome.failed` says so)."""
    outcome = Outcome()
    try:
        yield outcome
    except ValidationError as error:
        outcome.failed = True
        messages.error(request, error_text(error))
    except DatabaseError:
        logger.exception("a one-click action failed in the database")
        outcome.failed = True
        messages.error(request, database_error_text())


def change_and_return(request, obj, change, success, **kwargs):
    """Run `change(obj, actor=request.user, **kwargs)`, a service; flash its ValidationError or
    `success`; go back to the object's page."""
    with errors_shown(request):
        change(obj, actor=request.user, **kwargs)
        messages.success(request, success)
    return redirect(obj.get_absolute_url())


def add_service_errors(form, error, field_names=None):
    """Put each message on its field (renamed through `field_names` where the service and the
    form name it differently), or on the form when the form has no such field."""
    field_names = field_names or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, field_messages in error.message_dict.items():
        field = field_names.get(name, name)
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)
