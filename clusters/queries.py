"""Reusable querysets for clusters, organisations and member profiles."""

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q, Value
from django.db.models.functions import Replace, Trim
from taggit.models import Tag

from cluster_hub import locales
from cluster_hub.korean import LEGAL_FORMS
from cluster_hub.text import keyword_condition, tag_condition
from clusters.models import (
    ClusterMembership,
    ClusterRole,
    MemberProfile,
    MiniClusterPage,
    Organisation,
    PersonalToken,
)


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
