"""allauth's account adapter: its emails (verification, password reset...) go out through
the notifications queue like every other email."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.reauthentication import get_authentication_records
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.services import queue_email

EMAIL_MAX_LENGTH = 254


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        # The database keeps 254 characters; a longer address would be cut, not refused.
        email = super().clean_email(email)
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError(
                _("An email address can be at most %(max)s characters long.")
                % {"max": EMAIL_MAX_LENGTH}
            )
        return email

    def send_mail(self, template_prefix, email, context):
        # Account emails go out in the language the person is using the site in.
        request = context.get("request") or getattr(self, "request", None)
        language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        # Through the queue like every email: a slow or failing mail server never holds up or
        # breaks sign-up, verification or password reset.
        queue_email(message)

    def is_reauthentication_required(self, app=""):
        # Just after signing in (a coordinator sent straight to TOTP setup), asking for the
        # password again adds nothing; once the timeout has passed, MFA changes ask again.
        request = getattr(self, "request", None)
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            if (
                records
                and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
            ):
                return False
        return super().is_reauthentication_required(app=app)
