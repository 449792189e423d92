"""One way to ask "may this person do that?" from views, templates and other apps.

Each app's `permissions.py` holds plain predicates `(user, obj) -> bool` and names the ones
pages need with `@rule("app.name")`. Views guard themselves with `permission_required`, templates
ask `{% can "app.name" obj as allowed %}` (library `permissions`), consumers and the API call the
predicates themselves: the same functions everywhere, no check written inline.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

_rules = {}


def rule(name):
    """Register the decorated predicate under `name` (for templates and view decorators)."""

    def register(predicate):
        if _rules.get(name, predicate) is not predicate:
            raise ValueError(f"permission rule {name!r} registered twice")
        _rules[name] = predicate
        return predicate

    return register


def predicate_for(name):
    try:
        return _rules[name]
    except KeyError:
        raise LookupError(f"no permission rule {name!r}; known: {sorted(_rules)}") from None


def allowed(name, user, *objects):
    """`name`'s predicate for `user` (and the object it is about, for most rules)."""
    return bool(predicate_for(name)(user, *objects))


def refusal(request, name, *objects, hide=False, sign_in=True):
    """None when `name` allows this request's user; a redirect to sign in for an anonymous
    visitor (unless `sign_in=False`); otherwise it raises PermissionDenied (Http404 with
    `hide=True`). For a view that checks only part of what it does (a form posted to a public
    page), and behind `permission_required`."""
    if sign_in and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not allowed(name, request.user, *objects):
        raise Http404 if hide else PermissionDenied
    return None


def permission_required(name, *, on=None, hide=False, sign_in=True):
    """Guard a view: anonymous visitors are sent to sign in, then `name` is checked for the
    signed-in user against `on(*view_args, **view_kwargs)` (the object of the page), if given.
    Refused: 403, or 404 with `hide=True` where the object must not be known to exist.
    `sign_in=False` refuses anonymous visitors too instead (a file download, not a page)."""
    predicate_for(name)  # fail at import, not at request time, on a misspelled rule

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            objects = (on(*args, **kwargs),) if on is not None else ()
            refused = refusal(request, name, *objects, hide=hide, sign_in=sign_in)
            return refused if refused is not None else view(request, *args, **kwargs)

        return guarded

    return decorate


class SignInRequired(Exception):
    """Raised where a page is hidden from the current reader: a signed-in person gets a 404,
    a visitor who is not signed in is sent to sign in and brought back (SignInMiddleware)."""


def hidden_from(request):
    """The exception to raise for a page this request's user may not see: members-only pages
    send visitors to sign in first (a link shared among members must not look dead); to
    someone signed in it does not exist."""
    if not request.user.is_authenticated:
        return SignInRequired()
    return Http404()


class SignInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SignInRequired):
            return redirect_to_login(request.get_full_path())
        return None
