"""Who is calling the API, and how often they may.

The API reads personal tokens only (`Authorization: Bearer chp_...`), never the session cookie:
a third-party client needs no CSRF token, and a page on another site cannot make a visitor's
browser call it as them. No token means an anonymous caller, who sees what the public site
shows. A token that is unknown or revoked is refused (401), never read as anonymous; a
coordinator without two-factor authentication is refused (403) as on the site.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from clusters.permissions import passes_two_factor
from clusters.services import authenticate_token


class PersonalTokenAuth(HttpBearer):
    openapi_description = "A personal token made on the dashboard (API tokens)."

    def authenticate(self, request, token):
        user = authenticate_token(token)
        if user is None:
            raise AuthenticationError(message=_("This token is unknown or was revoked."))
        if not passes_two_factor(user):
            raise HttpError(
                403,
                _("Turn on two-factor authentication on the site before using the API."),
            )
        return user


def anonymous(request):
    """No Authorization header: an anonymous caller (ninja tries this after the token)."""
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    return AnonymousUser()


class CallerThrottle(SimpleRateThrottle):
    """Requests per caller: per token owner when a token is sent, else per client address."""

    scope = "caller"

    def __init__(self, rate, *, members):
        super().__init__(rate)
        self.members = members

    def get_cache_key(self, request):
        user = getattr(request, "auth", None)
        authenticated = bool(getattr(user, "is_authenticated", False))
        if authenticated != self.members:
            return None
        ident = f"user-{user.pk}" if authenticated else self.get_ident(request)
        return self.cache_format % {"scope": f"{self.scope}-{self.members}", "ident": ident}
