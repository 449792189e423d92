"""allauth's account adapter: its emails (verification, password reset...) go out through
the notifications queue like every other email."""

import time
from types import SimpleNamespace

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.reauthentication import get_authentication_records
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from notifications.services import queue_email

EMAIL_MAX_LENGTH = 254


def site_identity(request):
    """The name emails call the site by (the Wagtail site's name) and its domain."""
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    domain = request.get_host() if request is not None else (site.hostname if site else "")
    return SimpleNamespace(name=name, domain=domain)


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
        # They greet with the site's name, not the host name allauth falls back to.
        context = {**context, "current_site": site_identity(request)}
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
