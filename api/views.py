"""The public API, version 1 (`/api/v1/`): read endpoints over the directory, collaboration
requests, events and the forum programme. Every list applies the same queries and permission
predicates as the site's pages, so a caller sees through the API exactly what they would see
signed in on the site. The schema is at /api/v1/openapi.json, its docs at /api/v1/docs."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, ValidationError
from pydantic import Field

from api import schemas
from api.security import CallerThrottle, PersonalTokenAuth, anonymous
from cluster_hub import locales
from cluster_hub.pages import translations_in
from clusters import permissions as cluster_permissions
from clusters import queries as cluster_queries
from clusters.models import Product, person_name, spec_rows
from collaboration import queries as collaboration_queries
from collaboration.models import CollaborationRequest
from events.models import EventPage, EventSession
from forums import queries as forum_queries
from forums.models import ForumEditionPage
from outcomes import origins
from outcomes import queries as outcome_queries
from outcomes.models import Outcome
from translations.queries import localized_text, reading_of

api = NinjaAPI(
    title="ClusterHub API",
    version="1.0.0",
    description=(
        "Read the ClusterHub directory, open collaboration requests, events and forum "
        "programmes. Send a personal token (made on your dashboard, *API tokens*) as "
        "`Authorization: Bearer <token>` to see what your account may see; without one you "
        "see what the public site shows. Lists are paginated (`page`, `page_size` up to 100). "
        "Texts follow `Accept-Language` (ko, en, zh-hans, vi) where a translation exists."
    ),
    urls_namespace="api-v1",
    auth=[PersonalTokenAuth(), anonymous],
    throttle=[
        CallerThrottle(settings.API_RATE_ANONYMOUS, members=False),
        CallerThrottle(settings.API_RATE_MEMBER, members=True),
    ],
)

MAX_PAGE_SIZE = 100


class PageParams(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


def _page(queryset, params, build):
    """One page of `queryset`; `build(objects)` turns the page's objects into items. A page
    past the last gives the last page (the response says which page it is)."""
    paginator = Paginator(queryset, params.page_size)
    page = paginator.page(min(params.page, max(paginator.num_pages, 1)))
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "items": build(list(page.object_list)),
    }


def each(build_one):
    return lambda objects: [build_one(item) for item in objects]


def _absolute(request, path):
    return request.build_absolute_uri(path)


def _caller(request):
    return request.auth


@api.exception_handler(AuthenticationError)
def _unauthorised(request, error):
    message = error.message
    if message == "Unauthorized":  # ninja's own: an Authorization header that is not a token
        message = _("Send a personal token as “Authorization: Bearer <token>”, or no header.")
    return api.create_response(request, {"detail": str(message)}, status=401)


@api.exception_handler(Http404)
def _not_found(request, error):
    # Answered here: the site's locale middleware would otherwise redirect a 404 to /ko/...
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request, error):
    return api.create_response(
        request, {"detail": _("Check the parameters."), "errors": error.errors}, status=422
    )


# --- who am I ----------------------------------------------------------------------------------


@api.get("/me", response=schemas.MeOut, tags=["account"], summary="The caller")
def me(request):
    user = _caller(request)
    authenticated = bool(user.is_authenticated)
    return {
        "authenticated": authenticated,
        "name": person_name(user) if authenticated else None,
        "roles": cluster_permissions.role_names(user) if authenticated else [],
    }


# --- directory ---------------------------------------------------------------------------------


@api.get("/clusters", response=list[schemas.ClusterOut], tags=["directory"])
def clusters(request):
    """Every mini-cluster, in the caller's language where translated."""
    return [
        {
            "key": str(page.translation_key),
            "title": page.title,
            "field": page.field,
            "field_label": str(page.field_label),
            "summary": page.summary,
            "url": _absolute(request, page.url),
            "organisation_count": page.organisation_count,
        }
        for page in cluster_queries.cluster_pages_with_counts(locales.active_or_default())
    ]


class OrganisationFilters(PageParams):
    q: str = Field("", max_length=200, description="keyword (Korean spacing ignored)")
    cluster: str = Field("", description="a cluster key")
    kind: str = Field("", description="company, university, institute or support")
    tag: str = Field("", description="an expertise tag slug")


def _organisation(request, organisation):
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "name_en": organisation.name_en,
        "kind": organisation.kind,
        "summary": organisation.summary,
        "capabilities": organisation.capabilities,
        "certifications": organisation.certification_list,
        "industrial_complex": organisation.industrial_complex,
        "size_band": organisation.size_band,
        "website": organisation.website,
        "clusters": [str(cluster.translation_key) for cluster in organisation.clusters.all()],
        "tags": [tag.name for tag in organisation.tags.all()],
        "products": [
            {"name": product.name, "description": product.description}
            for product in organisation.products.all()
        ],
        "url": _absolute(request, organisation.get_absolute_url()),
    }


def _with_products(organisations):
    return organisations.prefetch_related(
        Prefetch("products", queryset=Product.objects.order_by("sort_order", "id"))
    )


@api.get("/organisations", response=schemas.page_of(schemas.OrganisationOut), tags=["directory"])
def organisations(request, filters: Query[OrganisationFilters]):
    """Member organisations with their products, as the directory lists them."""
    queryset = cluster_queries.organisation_directory(
        cluster_key=filters.cluster or None,
        kind=filters.kind or None,
        tag=filters.tag or None,
        query=filters.q.strip() or None,
    )
    return _page(_with_products(queryset), filters, each(lambda o: _organisation(request, o)))


@api.get(
    "/organisations/{slug}",
    response={200: schemas.OrganisationOut, 404: schemas.ErrorOut},
    tags=["directory"],
)
def organisation(request, slug: str):
    found = get_object_or_404(_with_products(cluster_queries.organisation_directory()), slug=slug)
    return _organisation(request, found)


class ProductFilters(PageParams):
    q: str = Field("", max_length=200, description="words in any language")
    chapter: str = Field("", max_length=2, description="HS chapter, two digits")
    brand: str = Field("", max_length=100, description="a local brand slug")
    certification: str = Field("", max_length=60)
    market: str = Field("", max_length=2, description="an export market, ISO country code")
    cluster: str = Field("", description="a cluster key")
    max_order: int | None = Field(None, ge=0, description="minimum order at most this")
    max_lead_days: int | None = Field(None, ge=0, description="lead time at most this many days")


def _product(request, product):
    return {
        "id": product.pk,
        "name": localized_text(product, "name"),
        "description": localized_text(product, "description"),
        "language": reading_of(product).language,
        "organisation": product.organisation.slug,
        "hs_code": product.hs_code,
        "hs_chapter": product.hs_chapter,
        "specs": [
            {"name": name, "value": value}
            for name, value in spec_rows(localized_text(product, "specs"))
        ],
        "materials": localized_text(product, "materials"),
        "certifications": product.certification_list,
        "min_order_quantity": product.min_order_quantity,
        "order_unit": product.order_unit,
        "lead_time_days": product.lead_time_days,
        "export_markets": product.market_list,
        "local_brands": [grant.brand.slug for grant in product.brand_grants.all()],
        "photos": [_absolute(request, photo.image.url) for photo in product.photos.all()],
        "url": _absolute(request, product.get_absolute_url()),
    }


@api.get("/products", response=schemas.page_of(schemas.CatalogueProductOut), tags=["catalogue"])
def products(request, filters: Query[ProductFilters]):
    """The product catalogue with the same filters as its page (`/catalogue/`)."""
    found = cluster_queries.catalogue(
        cluster_queries.CatalogueFilters(
            query=filters.q.strip(),
            chapter=filters.chapter,
            brand=filters.brand,
            certification=filters.certification.strip(),
            market=filters.market.upper(),
            cluster=filters.cluster,
            max_order=filters.max_order,
            max_lead_days=filters.max_lead_days,
        )
    )
    return _page(
        found.product_ids,
        filters,
        lambda ids: [_product(request, p) for p in cluster_queries.catalogue_products(ids)],
    )


@api.get(
    "/products/{product_id}",
    response={200: schemas.CatalogueProductOut, 404: schemas.ErrorOut},
    tags=["catalogue"],
)
def product(request, product_id: int):
    found = cluster_queries.catalogue_products([product_id])
    if not found:
        raise Http404
    return _product(request, found[0])


class PeopleFilters(PageParams):
    q: str = Field("", max_length=200)
    cluster: str = Field("", description="a cluster key")
    tag: str = Field("", description="an expertise tag slug")


def _person(request, profile):
    user = _caller(request)
    organisation = profile.confirmed_organisation
    return {
        "id": profile.pk,
        "full_name": profile.full_name,
        "title": profile.title,
        "organisation": organisation.slug if organisation else None,
        "expertise": [tag.name for tag in profile.expertise.all()],
        "languages": list(profile.languages or []),
        "contact": (
            {"email": profile.contact_email, "phone": profile.phone}
            if cluster_permissions.can_see_contact(user, profile)
            else None
        ),
        "url": _absolute(request, profile.get_absolute_url()),
    }


@api.get("/people", response=schemas.page_of(schemas.PersonOut), tags=["directory"])
def people(request, filters: Query[PeopleFilters]):
    """Listed member profiles; contact details only where the person's choice allows."""
    queryset = cluster_queries.profile_directory(
        cluster_key=filters.cluster or None,
        tag=filters.tag or None,
        query=filters.q.strip() or None,
    )
    return _page(queryset, filters, each(lambda p: _person(request, p)))


# --- collaboration -----------------------------------------------------------------------------


class RequestFilters(PageParams):
    q: str = Field("", max_length=200)
    kind: str = Field("", description="joint_rnd, sourcing, subcontracting, ...")
    cluster: str = Field("", description="a cluster key")
    tag: str = Field("", description="a tag name")


def _request(request, item):
    return {
        "id": item.pk,
        "title": item.title,
        "kind": item.kind,
        "description": item.description,
        "organisation": item.organisation.slug,
        "visibility": item.visibility,
        "tags": [tag.name for tag in item.tags.all()],
        "target_clusters": [str(cluster.translation_key) for cluster in item.target_clusters.all()],
        "budget_min": item.budget_min,
        "budget_max": item.budget_max,
        "deadline": item.deadline,
        "published_at": item.published_at,
        "url": _absolute(request, item.get_absolute_url()),
    }


@api.get(
    "/collaboration-requests",
    response=schemas.page_of(schemas.RequestOut),
    tags=["collaboration"],
)
def collaboration_requests(request, filters: Query[RequestFilters]):
    """Open requests the caller may see (public ones; members', clusters' and their
    organisation's as their account allows)."""
    queryset = collaboration_queries.request_list(
        _caller(request),
        kind=filters.kind or None,
        cluster_key=filters.cluster or None,
        tag=filters.tag or None,
        status=CollaborationRequest.Status.OPEN,
        query=filters.q.strip() or None,
    )
    return _page(queryset, filters, each(lambda r: _request(request, r)))


# --- outcomes ----------------------------------------------------------------------------------


class OutcomeFilters(PageParams):
    status: str = Field("", description="claimed, confirmed, verified, disputed or withdrawn")
    kind: str = Field("", description="one of the kinds, e.g. export_contract")
    year: int | None = Field(None, description="the year it happened")
    counts: bool | None = Field(None, description="only those that count (or only those not)")


def _outcome(request, outcome, origin_keys):
    return {
        "id": outcome.pk,
        "kind": outcome.kind,
        "investment_kind": outcome.investment_kind,
        "status": outcome.status,
        "counts": outcome.counts,
        "amount": int(outcome.amount) if outcome.amount is not None else None,
        "currency": outcome.currency,
        "quantity": outcome.quantity,
        "occurred_on": outcome.occurred_on,
        "organisation": outcome.organisation.slug,
        "other_side": outcome.other_side_name,
        "origin": origins.reference(outcome, origin_keys),
        "url": _absolute(request, outcome.get_absolute_url()),
    }


@api.get("/outcomes", response=schemas.page_of(schemas.OutcomeOut), tags=["outcomes"])
def outcomes(request, filters: Query[OutcomeFilters]):
    """The outcomes ledger as the caller may read it: their organisation's outcomes, those they
    are the other side of, and (coordinators) their clusters' firms'. Nothing for anonymous
    callers. Reports count only those with `counts`."""
    queryset = outcome_queries.visible_to(_caller(request)).order_by("-occurred_on", "-pk")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.year:
        queryset = queryset.filter(occurred_on__year=filters.year)
    if filters.counts is True:
        queryset = queryset.filter(status__in=Outcome.COUNTING)
    elif filters.counts is False:
        queryset = queryset.exclude(status__in=Outcome.COUNTING)
    keys = origins.keys_by_type()
    return _page(queryset, filters, each(lambda o: _outcome(request, o, keys)))


# --- events and the forum ----------------------------------------------------------------------


class EventFilters(PageParams):
    upcoming: bool = Field(True, description="only events that have not ended")


def _in_language(pages, locale):
    translations = translations_in(pages, locale)
    return [(page, translations.get(page.translation_key, page)) for page in pages]


@api.get("/events", response=schemas.page_of(schemas.EventOut), tags=["events"])
def events(request, filters: Query[EventFilters]):
    """Published events with their sessions, soonest first."""
    queryset = EventPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)
    if filters.upcoming:
        queryset = queryset.filter(ends_at__gte=timezone.now())
    queryset = (
        queryset.order_by("starts_at", "pk")
        .select_related("locale")
        .prefetch_related(
            Prefetch("sessions", queryset=EventSession.objects.order_by("sort_order", "starts_at"))
        )
    )
    locale = locales.active_or_default()
    return _page(
        queryset,
        filters,
        lambda sources: [
            _event(request, source, shown) for source, shown in _in_language(sources, locale)
        ],
    )


def _event(request, source, shown):
    return {
        "id": source.pk,
        "title": shown.title,
        "language": shown.locale.language_code,
        "kind": source.kind,
        "starts_at": source.starts_at,
        "ends_at": source.ends_at,
        "venue": source.venue,
        "summary": shown.summary,
        "url": _absolute(request, shown.url),
        "sessions": [
            {
                "id": session.pk,
                "kind": session.kind,
                "title": session.title,
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "room": session.room,
                "has_qa": session.has_qa,
                "live_socket": f"/ws/live/{session.pk}/" if session.has_qa else None,
            }
            for session in source.sessions.all()
        ],
    }


@api.get("/forum-editions", response=list[schemas.ForumEditionOut], tags=["forum"])
def forum_editions(request):
    """Published editions of the New Business Venture Forum with their programmes."""
    sources = list(
        ForumEditionPage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("-forum_date", "-pk")
        .select_related("locale")
        .prefetch_related(
            Prefetch("programme_slots", queryset=forum_queries.programme_slots(), to_attr="slots")
        )
    )
    locale = locales.active_or_default()
    return [
        {
            "id": source.pk,
            "title": shown.title,
            "language": shown.locale.language_code,
            "forum_date": source.forum_date,
            "venue": source.venue,
            "call_opens_at": source.call_opens_at,
            "call_closes_at": source.call_closes_at,
            "url": _absolute(request, shown.url),
            "programme": [
                {
                    "starts_at": slot.starts_at,
                    "minutes": slot.minutes,
                    "pitch": slot.pitch.title,
                    "organisation": slot.pitch.organisation.display_name,
                }
                for slot in source.slots
            ],
        }
        for source, shown in _in_language(sources, locale)
    ]
