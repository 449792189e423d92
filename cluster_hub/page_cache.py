"""Whole-page cache for visitors, and the content generation that invalidates it.

A visitor who presents no session and no pending messages sees exactly what every other visitor
sees in the same language, so their GET responses of HTML pages are kept in the shared cache
(Redis when `REDIS_URL` is set) and served from it. Anything that could make a response
personal keeps it out: a session or messages cookie on the request, a signed-in user, a cookie
set or a CSRF token used by the response, `Cache-Control: private/no-cache/no-store`.

Invalidation is safe by default: saving or deleting a row of *any* model bumps one content
generation, which every key embeds, at once and again when the transaction commits (so that a
reader racing the commit cannot keep the old state under the new number). Apps name the
high-churn models no cached page shows (questions, votes, the live log, notifications...) in
their AppConfig's `page_cache_ignores`; those keep Django's fast deletes. Entries also expire
after `PAGE_CACHE_SECONDS`, which bounds what depends on the clock (an event that starts, a
registration deadline). Fragments of signed-in pages use the same generation
(`page_generation` in the template context).
"""

import contextvars
import hashlib
import logging
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)
GENERATION_KEY = "pages:generation"
HIT_HEADER = "X-Page-Cache"
# Paths never cached: the API counts its callers' requests, the admin and health checks are
# not pages for visitors, media and downloads set their own headers.
EXCLUDED_PREFIXES = ("/api/", "/admin/", "/django-admin/", "/healthz", "/media/", "/static/")
# Third-party models whose rows no page shows (sessions, logs, the search index, task queue…).
IGNORED_BY_DEFAULT = {
    "sessions.session",
    "admin.logentry",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailcore.revision",
    "wagtailcore.pagesubscription",
    "wagtailusers.userprofile",
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    "django_tasks_database.dbtaskresult",
    "account.emailconfirmation",
    "mfa.authenticator",
}


# A request reads the generation once (its page, fragments, route, viewer's facts and locales
# all embed it), not once per key; a write inside the request forgets it (invalidate), so that
# what the request caches afterwards carries the new number.
_request_memo = contextvars.ContextVar("page_generation_memo", default=None)


def generation():
    if _invalidation_missed:
        invalidate()
    memo = _request_memo.get()
    if memo:
        return memo["value"]
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh number after a flush or restart, so that entries of an earlier run never match.
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    if memo is not None:
        memo["value"] = value
    return value


def remembered_per_request(get_response):
    """Run `get_response(request)` with the generation read at most once (until a write)."""

    def respond(request):
        token = _request_memo.set({})
        try:
            return get_response(request)
        finally:
            _request_memo.reset(token)

    return respond


# Changes saved while the cache could not be reached: once it answers again, the generation is
# bumped, or a Redis restarted from its dump would serve the pages it held before them.
_invalidation_missed = False


def invalidate():
    """Every cached page and fragment is out of date from now on. A cache that cannot be
    reached must not fail the change that called this (a save inside its transaction)."""
    global _invalidation_missed
    memo = _request_memo.get()
    if memo:
        memo.clear()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:
        if not _invalidation_missed:
            logger.warning("page cache unreachable: pages not invalidated", exc_info=True)
        _invalidation_missed = True
        return
    _invalidation_missed = False


def fragment_seconds(request):
    """How long a page's shared `{% cache %}` fragment is kept: like a visitor's page (what
    depends on the clock, such as an event now past, is at most that stale), and not at all in
    a preview, whose draft must neither reach readers nor be hidden by their copy (the key
    includes `request.is_preview` too)."""
    if getattr(request, "is_preview", False):
        return 0
    return settings.PAGE_CACHE_SECONDS


def shared(name, build, *vary, cache_alias="default"):
    """What `build()` returns, shared by everyone until the next content change (or
    PAGE_CACHE_SECONDS): figures and lists a page shows every reader alike. `vary` names what
    it depends on besides the content (a language, a page); `cache_alias` where it is kept
    ("people" for what is kept per person, of which there are many)."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return build()
    store = caches[cache_alias]
    key = _shared_key(name, vary)
    value = store.get(key)
    if value is None:
        value = build()
        store.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


def shared_many(name, build_missing, varies, *, cache_alias="default"):
    """`shared(name, ..., vary)` for each of `varies` at once, {vary: value}: what is kept is
    read in one round trip, and `build_missing(varies)` returns {vary: value} for the rest
    (a crowd's sockets, each one person's facts, are read together)."""
    varies = list(varies)
    if settings.PAGE_CACHE_SECONDS <= 0:
        return build_missing(varies)
    store = caches[cache_alias]
    keys = {_shared_key(name, (vary,)): vary for vary in varies}
    values = {keys[key]: value for key, value in store.get_many(list(keys)).items()}
    missing = [vary for vary in varies if vary not in values]
    if missing:
        built = build_missing(missing)
        store.set_many(
            {_shared_key(name, (vary,)): value for vary, value in built.items()},
            settings.PAGE_CACHE_SECONDS,
        )
        values.update(built)
    return values


def _shared_key(name, vary):
    return f"shared:{generation()}:{name}:" + ":".join(str(part) for part in vary)


def _changed(sender, **kwargs):
    fields = kwargs.get("update_fields")
    if fields is not None and set(fields) <= {"last_login"}:
        return  # signing in changes no page
    invalidate()
    connection = connections[router.db_for_write(sender)]
    if not connection.in_atomic_block:
        return
    # Once more when the transaction commits: one callback per transaction, however many rows
    # it writes (keyed on the outermost block, so a rolled-back one does not hold the flag).
    outermost = connection.atomic_blocks[0]
    if getattr(connection, "_page_cache_block", None) is outermost:
        return
    connection._page_cache_block = outermost

    def committed():
        connection._page_cache_block = None
        invalidate()

    transaction.on_commit(committed, using=connection.alias, robust=True)


def ignored_models():
    labels = set(IGNORED_BY_DEFAULT)
    for config in apps.get_app_configs():
        labels.update(label.lower() for label in getattr(config, "page_cache_ignores", ()))
    return labels


def connect_signals():
    """Invalidate on every change of every model but the ignored ones (called once, when the
    apps are ready; models are connected one by one so ignored ones keep fast deletes)."""
    ignored = ignored_models()
    for model in apps.get_models():
        if model._meta.label_lower in ignored:
            continue
        uid = f"page_cache:{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + ":delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if isinstance(through, type):
                m2m_changed.connect(_changed, sender=through, dispatch_uid=uid + field.name)


def _key(request):
    full = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(full.encode()).hexdigest()
    return f"pages:{generation()}:{translation.get_language()}:{digest}"


def _cacheable_request(request):
    return (
        request.method == "GET"
        and settings.PAGE_CACHE_SECONDS > 0
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _messages_used(request):
    storage = getattr(request, "_messages", None)
    return storage is not None and bool(
        getattr(storage, "_queued_messages", None) or getattr(storage, "_loaded_data", None)
    )


def _cacheable_response(request, response):
    control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and not any(word in control for word in ("private", "no-cache", "no-store"))
        and not request.user.is_authenticated
        and not getattr(getattr(request, "session", None), "modified", False)
        and not _messages_used(request)
    )


class AnonymousPageCacheMiddleware:
    """Serves visitors' pages from the cache; sits below the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.respond = remembered_per_request(self._respond)

    def __call__(self, request):
        return self.respond(request)

    def _respond(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            response = stored
            response[HIT_HEADER] = "hit"
            return response
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        if _cacheable_response(request, response):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            response[HIT_HEADER] = "miss"
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response
