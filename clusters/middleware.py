from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from clusters import permissions

# Paths a coordinator without TOTP may still reach: setting it up, signing out, assets.
_ALLOWED_FRAGMENTS = ("/accounts/", "/static/", "/media/", "/i18n/", "/jsi18n/", "/healthz")


class CoordinatorTwoFactorMiddleware:
    """Coordinators must enable TOTP before using the site; the setting lets tests opt out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not any(fragment in request.path for fragment in _ALLOWED_FRAGMENTS)
            and not permissions.passes_two_factor(user)
        ):
            messages.warning(
                request,
                _("Coordinators must turn on two-factor authentication before continuing."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
