"""Wagtail pages: changing them from services, and the seams between page models and views."""

import hashlib

from django.http import Http404
from django.urls import path as django_path
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Site

from cluster_hub import locales, page_cache


def republish(page, *, actor, children=None, **changes):
    """Change a page through a new published revision, as the Wagtail admin does, so that the
    change (and inline children such as a programme or sessions, which live in the page's
    revisions) survives the next edit in the admin. `children` maps a child relation name to
    its complete new list."""
    fresh = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(fresh, name, value)
    for relation, items in (children or {}).items():
        setattr(fresh, relation, items)
    user = actor if getattr(actor, "is_authenticated", False) else None
    fresh.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    return type(page).objects.get(pk=page.pk)


class SourcePageMixin:
    """A translated page whose data (registrations, pitches, live rooms...) hangs off its page in
    the default language, the source the translations were made from."""

    @property
    def source(self):
        if self.locale_id == locales.default().pk:
            return self
        return (
            type(self)
            .objects.filter(translation_key=self.translation_key, locale=locales.default())
            .first()
            or self
        )


# Page types show data that queries, permissions and views compute, and those modules import
# the models; so a page model never imports them. An app's views module fills these registries
# at startup (its AppConfig.ready) instead: `page_context` adds to a page's template context,
# `page_route` adds a sub-page URL to a routable page.
_page_contexts = {}
_page_routes = {}


def page_context(model):
    """Register `builder(request, page) -> dict` as the extra template context of `model`."""

    def register(builder):
        _page_contexts[model] = builder
        return builder

    return register


def page_route(model, pattern, *, name):
    """Register `view(request, page, **kwargs)` at `pattern` under a routable `model`."""

    def register(view):
        def routed(page, request, *args, **kwargs):
            return view(request, page, *args, **kwargs)

        routed.__name__ = name
        _page_routes.setdefault(model, []).append(django_path(pattern, routed, name=name))
        return view

    return register


class RegisteredContextMixin:
    """Adds the context its app's views registered for this page type."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        builder = _page_contexts.get(type(self))
        if builder is not None:
            context.update(builder(request, self))
        return context


class RegisteredRoutesMixin(RegisteredContextMixin, RoutablePageMixin):
    """A routable page whose sub-page views its app's views module registered."""

    @classmethod
    def get_subpage_urls(cls):
        return (*super().get_subpage_urls(), *_page_routes.get(cls, ()))


def localized_page_url(model):
    """The URL of the live `model` page in the active language, else in any language, or None."""
    code = translation.get_language()
    page = (
        model.objects.live().filter(locale__language_code=code).first()
        or model.objects.live().first()
    )
    return page.url if page is not None else None


def site_root(locale):
    """The default site's root page (the home page) in `locale`, or None."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    return site.root_page.get_translation_or_none(locale)


def translations_in(pages, locale):
    """{translation key: page} of the live translations of `pages` in `locale` (one query)."""
    if not pages:
        return {}
    model = type(pages[0])
    return {
        page.translation_key: page
        for page in model.objects.live()
        .filter(locale=locale, translation_key__in=[page.translation_key for page in pages])
        .select_related("locale")
    }


# --- serving: the page route from the shared cache --------------------------------------------

ROUTE_SECONDS = 600


def _route_key(request, path):
    # Under the content generation: any change to a page (publish, move, unpublish) is a new key.
    digest = hashlib.sha256(f"{request.get_host()}|{path}".encode()).hexdigest()
    return f"routes:v2:{page_cache.generation()}:{translation.get_language()}:{digest}"


def serve_page(request, path):
    """Wagtail's page view, with the route (the site, the page and how much of the path it
    took) kept in the shared cache: a page view reads no page tree, only the page's own data.
    Wagtail reads both from the request when they are set there (Site.find_for_request,
    Page.route_for_request); a routable page still resolves its sub-page from the rest of the
    path, and Wagtail's own checks (view restrictions, hooks) run as always."""
    from django.core.cache import cache
    from wagtail import views as wagtail_views
    from wagtail.models import Page

    key = _route_key(request, path)
    cached = cache.get(key)
    components = [component for component in path.split("/") if component]
    if cached is not None:
        site, page, consumed, restrictions = cached
        request._wagtail_site = site
        try:
            route = page.route(request, components[consumed:])
        except Http404:
            route = None
        if route is not None and route[0] is page:
            # Wagtail's view-restriction hook asks the page; the rows came with the route (a
            # restriction added or removed is a content change: a new route key). Each still
            # judges this request (signed in, in the group, password given).
            page.get_view_restrictions = lambda: restrictions
        request._wagtail_route_for_request = route
        return wagtail_views.serve(request, path)
    response = wagtail_views.serve(request, path)
    route = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if route is not None and site is not None and response.status_code == 200:
        page = route[0]
        # Fresh copies: nothing this request cached on them travels into the cache.
        fresh_page = type(page).objects.get(pk=page.pk)
        fresh_site = Site.objects.get(pk=site.pk)
        consumed = (
            page.depth
            - Page.objects.filter(pk=site.root_page_id).values_list("depth", flat=True).get()
        )
        restrictions = list(fresh_page.get_view_restrictions())
        cache.set(key, (fresh_site, fresh_page, consumed, restrictions), ROUTE_SECONDS)
    return response
