"""Reusable querysets for clusters, organisations, member profiles and the product catalogue."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Prefetch, Q, Value
from django.db.models.functions import Replace, Trim
from taggit.models import Tag

from cluster_hub import locales
from cluster_hub.korean import LEGAL_FORMS
from cluster_hub.text import compact, keyword_condition, query_terms, tag_condition
from clusters import permissions
from clusters.hs_codes import CHAPTERS, chapter_label
from clusters.models import (
    EXPORT_MARKETS,
    ClusterMembership,
    ClusterRole,
    LocalBrand,
    LocalBrandGrant,
    MemberProfile,
    MiniClusterPage,
    Organisation,
    PersonalToken,
    Product,
)
from translations.models import ContentTranslation
from translations.queries import localized_text, prefetch_translations


def source_clusters():
    """Cluster pages in the default locale: memberships and roles point at these."""
    return MiniClusterPage.objects.filter(locale=locales.default())


def localized_cluster_titles(locale):
    """{translation key: title} of the cluster pages in `locale` (empty without a locale)."""
    if locale is None:
        return {}
    return dict(
        MiniClusterPage.objects.filter(locale=locale).values_list("translation_key", "title")
    )


def cluster_pages_with_counts(locale):
    """Live cluster pages of one locale, each with `organisation_count` and `member_count`."""
    pages = list(MiniClusterPage.objects.live().filter(locale=locale).order_by("path"))
    keys = [page.translation_key for page in pages]
    org_counts = dict(
        ClusterMembership.objects.filter(cluster__translation_key__in=keys)
        .values_list("cluster__translation_key")
        .annotate(n=Count("organisation", distinct=True))
    )
    member_counts = dict(
        MemberProfile.objects.filter(
            is_listed=True,
            membership_confirmed=True,
            organisation__memberships__cluster__translation_key__in=keys,
        )
        .values_list("organisation__memberships__cluster__translation_key")
        .annotate(n=Count("id", distinct=True))
    )
    for page in pages:
        page.organisation_count = org_counts.get(page.translation_key, 0)
        page.member_count = member_counts.get(page.translation_key, 0)
    return pages


def directory_totals():
    return {
        "organisations": Organisation.objects.count(),
        "members": MemberProfile.objects.filter(is_listed=True).count(),
        "clusters": source_clusters().live().count(),
    }


def organisations_in_cluster(cluster_page):
    return (
        Organisation.objects.filter(
            memberships__cluster__translation_key=cluster_page.translation_key
        )
        .prefetch_related("tags")
        .distinct()
        .annotate(sort_name=name_without_legal_form())
        .order_by("sort_name", "name")
    )


def name_without_legal_form(field="name"):
    """The organisation's name without its legal form (cluster_hub.korean.LEGAL_FORMS), to sort
    by: "(주)한빛카본" sorts under 한, not before every other name."""
    text = F(field)
    for form in LEGAL_FORMS:
        text = Replace(text, Value(form), Value(""))
    return Trim(text)


def organisation_directory(*, cluster_key=None, kind=None, tag=None, query=None):
    organisations = Organisation.objects.prefetch_related(
        "tags",
        Prefetch("clusters", queryset=source_clusters().only("id", "title", "translation_key")),
    )
    if cluster_key:
        organisations = organisations.filter(memberships__cluster__translation_key=cluster_key)
    if kind:
        organisations = organisations.filter(kind=kind)
    if tag:
        organisations = organisations.filter(tag_condition("tags", tag))
    matches = keyword_condition(query, ["name", "name_en", "products__name", "capabilities"])
    if matches is not None:
        organisations = organisations.filter(matches)
    return (
        organisations.annotate(
            # Only confirmed members count: asking to join makes no one a member yet.
            people_count=Count(
                "people", filter=Q(people__membership_confirmed=True), distinct=True
            ),
            sort_name=name_without_legal_form(),
        )
        .distinct()
        .order_by("sort_name", "name")
    )


def profile_directory(*, cluster_key=None, kind=None, tag=None, query=None):
    profiles = (
        MemberProfile.objects.filter(is_listed=True)
        .exclude(full_name="")
        .select_related("organisation")
        .prefetch_related("expertise")
    )
    if cluster_key:
        profiles = profiles.filter(
            membership_confirmed=True,
            organisation__memberships__cluster__translation_key=cluster_key,
        )
    if kind:
        profiles = profiles.filter(membership_confirmed=True, organisation__kind=kind)
    if tag:
        profiles = profiles.filter(tag_condition("expertise", tag))
    matches = keyword_condition(query, ["full_name", "title", "skills"])
    if matches is not None:
        profiles = profiles.filter(matches)
    return profiles.distinct().order_by("full_name", "id")


def pending_members(organisation):
    return (
        MemberProfile.objects.filter(organisation=organisation, membership_confirmed=False)
        .select_related("user")
        .order_by("full_name")
    )


def people_of(organisation):
    return (
        MemberProfile.objects.filter(
            organisation=organisation, membership_confirmed=True, is_listed=True
        )
        .select_related("organisation")
        .prefetch_related("expertise")
        .order_by("full_name")
    )


def tokens_of(user):
    return PersonalToken.objects.filter(user=user)


def coordinators_of_organisation(organisation):
    """The coordinators of the organisation's clusters, and those of every cluster."""
    cluster_keys = [cluster.translation_key for cluster in organisation.clusters.all()]
    users = get_user_model().objects.filter(
        Q(cluster_roles__cluster__isnull=True)
        | Q(cluster_roles__cluster__translation_key__in=cluster_keys),
        cluster_roles__kind=ClusterRole.Kind.COORDINATOR,
        is_active=True,
    )
    return users.distinct().order_by("pk")


def coordinated_organisation_ids(user):
    """The ids (a subquery) of the organisations in the clusters `user` coordinates, or None
    for a coordinator of every cluster (all of them)."""
    if permissions.is_coordinator_of_all(user):
        return None
    keys = permissions.coordinated_cluster_keys(user)
    return ClusterMembership.objects.filter(cluster__translation_key__in=keys).values(
        "organisation_id"
    )


def members_speaking_for(organisation):
    """Who is told for an organisation: its admins, else every confirmed member."""
    members = [
        profile.user
        for profile in MemberProfile.objects.filter(
            organisation=organisation, membership_confirmed=True, user__is_active=True
        )
        .select_related("user")
        .order_by("-is_organisation_admin", "pk")
    ]
    admins = [user for user in members if user.profile.is_organisation_admin]
    return admins or members


def tags_matching(text, *, limit=10):
    """Tag names in use that contain what was typed (compact: "heating el" finds
    "heating element", "탄소" finds "탄소섬유"), the most used first."""
    condition = keyword_condition(text, ["name"])
    if condition is None:
        return []
    return list(
        Tag.objects.filter(condition)
        .annotate(uses=Count("taggit_taggeditem_items"))
        .order_by("-uses", "name")
        .values_list("name", flat=True)[:limit]
    )


# --- the buyers' catalogue ------------------------------------------------------------------
# The facets a buyer filters on, each with one chosen value at a time. Counts follow the other
# facets' choices, so a count says how many products that choice would show.
FACETS = ("chapter", "brand", "certification", "market", "cluster")


@dataclass
class CatalogueFilters:
    query: str = ""
    chapter: str = ""
    brand: str = ""  # a LocalBrand slug
    certification: str = ""  # compared case-blind
    market: str = ""  # a country code
    cluster: str = ""  # a cluster translation key
    max_order: int | None = None  # minimum order at most this
    max_lead_days: int | None = None

    def chosen(self, facet):
        """The chosen value as rows hold it (certifications in capitals)."""
        value = getattr(self, facet)
        return value.upper() if facet == "certification" else value


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    chosen: bool = False


@dataclass
class Catalogue:
    product_ids: list  # every match, in catalogue order
    facets: dict = field(default_factory=dict)  # facet -> [FacetValue]


def _catalogue_rows():
    """One light row per listed product: what the facets and filters look at."""
    rows = list(
        Product.objects.annotate(sort_name=name_without_legal_form("organisation__name"))
        .order_by("sort_name", "organisation_id", "sort_order", "id")
        .values(
            "id",
            "organisation_id",
            "hs_code",
            "certifications",
            "export_markets",
            "min_order_quantity",
            "lead_time_days",
        )
    )
    brands = {}
    for product_id, slug in LocalBrandGrant.objects.values_list("product_id", "brand__slug"):
        brands.setdefault(product_id, set()).add(slug)
    clusters = {}
    for organisation_id, key in ClusterMembership.objects.values_list(
        "organisation_id", "cluster__translation_key"
    ):
        clusters.setdefault(organisation_id, set()).add(str(key))
    for row in rows:
        row["chapter"] = {row["hs_code"][:2]} if row["hs_code"] else set()
        row["brand"] = brands.get(row["id"], set())
        row["certification"] = {
            part.strip().upper() for part in row["certifications"].split(",") if part.strip()
        }
        row["market"] = set(row["export_markets"].split())
        row["cluster"] = clusters.get(row["organisation_id"], set())
    return rows


def _keyword_matches(query):
    """Ids of the products whose text, in any language, holds every term of `query`: names and
    descriptions, specifications, materials, HS code, certifications and the firm's names."""
    terms = query_terms(query)
    if not terms:
        return None
    texts = {}
    for product in Product.objects.values(
        "id",
        "name",
        "description",
        "specs",
        "materials",
        "hs_code",
        "certifications",
        "organisation__name",
        "organisation__name_en",
    ):
        texts[product.pop("id")] = [compact(value) for value in product.values()]
    content_type = ContentType.objects.get_for_model(Product)
    for object_id, fields in ContentTranslation.objects.filter(
        content_type=content_type
    ).values_list("object_id", "fields"):
        if object_id in texts:
            texts[object_id].extend(compact(value) for value in fields.values())
    joined = {pk: " ".join(values) for pk, values in texts.items()}
    return {pk for pk, text in joined.items() if all(term in text for term in terms)}


def _passes(row, filters, *, skip=None):
    for facet in FACETS:
        wanted = filters.chosen(facet)
        if facet == skip or not wanted:
            continue
        if wanted not in row[facet]:
            return False
    if filters.max_order is not None and (row["min_order_quantity"] or 0) > filters.max_order:
        return False
    return not (
        filters.max_lead_days is not None
        and (row["lead_time_days"] is None or row["lead_time_days"] > filters.max_lead_days)
    )


def catalogue(filters, *, locale=None):
    """The products that match `filters`, in catalogue order, with every facet's values and
    counts. A fixed number of queries, however many products."""
    rows = _catalogue_rows()
    matches = _keyword_matches(filters.query)
    if matches is not None:
        rows = [row for row in rows if row["id"] in matches]
    facets = {}
    for facet in FACETS:
        counts = {}
        for row in rows:
            if _passes(row, filters, skip=facet):
                for value in row[facet]:
                    counts[value] = counts.get(value, 0) + 1
        chosen = filters.chosen(facet)
        if chosen and chosen not in counts:
            counts[chosen] = 0  # a choice that matches nothing stays visible, to be undone
        facets[facet] = counts
    labels = _facet_labels(facets, locale)
    result = Catalogue(product_ids=[row["id"] for row in rows if _passes(row, filters)])
    for facet, counts in facets.items():
        chosen = filters.chosen(facet)
        values = [
            FacetValue(
                value=value,
                label=labels[facet].get(value, value),
                count=count,
                chosen=value == chosen,
            )
            for value, count in counts.items()
            if value in labels[facet] or facet == "certification"
        ]
        if facet == "chapter":
            values.sort(key=lambda item: item.value)
        else:
            values.sort(key=lambda item: (-item.count, str(item.label)))
        result.facets[facet] = values
    return result


def _facet_labels(facets, locale):
    brands = list(LocalBrand.objects.filter(slug__in=facets["brand"]))
    prefetch_translations(brands)
    markets = dict(EXPORT_MARKETS)
    return {
        "chapter": {code: chapter_label(code) for code in facets["chapter"] if code in CHAPTERS},
        "brand": {brand.slug: localized_text(brand, "name") for brand in brands},
        "certification": {},
        "market": {code: markets[code] for code in facets["market"] if code in markets},
        "cluster": {
            str(key): title
            for key, title in localized_cluster_titles(locale).items()
            if str(key) in facets["cluster"]
        },
    }


def catalogue_products(product_ids):
    """The products of one catalogue page, in the given order, with what their cards show."""
    products = Product.objects.filter(pk__in=product_ids).select_related("organisation")
    products = products.prefetch_related(
        "photos", Prefetch("brand_grants", LocalBrandGrant.objects.select_related("brand"))
    )
    by_id = {product.pk: product for product in products}
    ordered = [by_id[pk] for pk in product_ids if pk in by_id]
    brands = {grant.brand for product in ordered for grant in product.brand_grants.all()}
    prefetch_translations([*ordered, *brands])
    # One brand object per brand, so its translations are loaded once for every card.
    shared = {brand.pk: brand for brand in brands}
    for product in ordered:
        for grant in product.brand_grants.all():
            grant.brand = shared[grant.brand_id]
    return ordered


def product_for_page(pk):
    return (
        Product.objects.select_related("organisation")
        .prefetch_related(
            "photos",
            "organisation__clusters",
            Prefetch("brand_grants", LocalBrandGrant.objects.select_related("brand")),
        )
        .get(pk=pk)
    )


def other_products(product, *, limit=6):
    return list(
        Product.objects.filter(organisation_id=product.organisation_id)
        .exclude(pk=product.pk)
        .prefetch_related("photos")[:limit]
    )


def local_brands():
    return LocalBrand.objects.select_related("cluster").annotate(product_count=Count("grants"))
