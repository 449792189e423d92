"""Explainable partner recommendations for a collaboration request.

Scoring is deterministic and small enough to explain on the page:
- 3 points per request tag the organisation (or person) lists as expertise,
- 2 points per request tag named in one of the organisation's products,
- 1 point per request tag named in its capabilities (or a person's skills),
- 1 point for belonging to a target cluster, once something else matched.
Ties break on name, then id. The requester's own organisation is never recommended.
A fixed number of queries per request, whatever the number of candidates.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from taggit.models import TaggedItem

from clusters.models import MemberProfile, Organisation
from collaboration.models import InterestResponse

TAG_POINTS = 3
PRODUCT_POINTS = 2
TEXT_POINTS = 1
CLUSTER_POINTS = 1


@dataclass
class Recommendation:
    target: object
    score: int = 0
    tags: list = field(default_factory=list)
    products: list = field(default_factory=list)
    text_terms: list = field(default_factory=list)
    in_target_cluster: bool = False


def _request_tags(collaboration_request):
    return {tag.pk: tag.name for tag in collaboration_request.tags.all()}


def _text_filter(names, *paths):
    condition = Q()
    for name in names:
        for path in paths:
            condition |= Q(**{f"{path}__icontains": name})
    return condition


def _mentions(text, names):
    lowered = (text or "").lower()
    return sorted(name for name in names if name.lower() in lowered)


def _tagged_with(model, tags):
    """{object id: tag names} of the `model` objects carrying any of `tags` (one query)."""
    content_type = ContentType.objects.get_for_model(model)
    tagged = {}
    for object_id, tag_id in TaggedItem.objects.filter(
        content_type=content_type, tag_id__in=tags
    ).values_list("object_id", "tag_id"):
        tagged.setdefault(object_id, set()).add(tags[tag_id])
    return tagged


def _best(results, name_of, limit):
    """The scoring recommendations, best first; ties on name, then id."""
    scored = [item for item in results if item.score]
    scored.sort(key=lambda item: (-item.score, name_of(item.target), item.target.pk))
    return scored[:limit]


def _accepted(collaboration_request):
    """The responses the requester accepted (used as a subquery: no query of its own)."""
    return InterestResponse.objects.filter(
        request=collaboration_request, status=InterestResponse.Status.ACCEPTED
    )


def recommend_organisations(collaboration_request, *, limit=6):
    tags = _request_tags(collaboration_request)
    if not tags:
        return []
    names = sorted(tags.values())
    tagged = _tagged_with(Organisation, tags)
    text_ids = set(
        Organisation.objects.filter(
            _text_filter(names, "capabilities", "products__name", "products__description")
        ).values_list("pk", flat=True)
    )
    candidate_ids = (set(tagged) | text_ids) - {collaboration_request.organisation_id}
    # A partner already accepted is no longer a suggestion.
    candidates = Organisation.objects.filter(pk__in=candidate_ids).exclude(
        pk__in=_accepted(collaboration_request).values("organisation_id")
    )
    target_cluster_ids = {page.pk for page in collaboration_request.target_clusters.all()}
    results = []
    for organisation in candidates.prefetch_related("products", "memberships"):
        recommendation = Recommendation(target=organisation)
        recommendation.tags = sorted(tagged.get(organisation.pk, ()))
        recommendation.score += TAG_POINTS * len(recommendation.tags)
        product_terms = set()
        for product in organisation.products.all():
            terms = _mentions(f"{product.name} {product.description}", names)
            if terms:
                recommendation.products.append(product.name)
                product_terms.update(terms)
        recommendation.score += PRODUCT_POINTS * len(product_terms)
        recommendation.text_terms = _mentions(organisation.capabilities, names)
        recommendation.score += TEXT_POINTS * len(recommendation.text_terms)
        cluster_ids = {membership.cluster_id for membership in organisation.memberships.all()}
        if recommendation.score and cluster_ids & target_cluster_ids:
            recommendation.in_target_cluster = True
            recommendation.score += CLUSTER_POINTS
        results.append(recommendation)
    return _best(results, lambda organisation: organisation.name, limit)


def recommend_people(collaboration_request, *, limit=6):
    tags = _request_tags(collaboration_request)
    if not tags:
        return []
    names = sorted(tags.values())
    tagged = _tagged_with(MemberProfile, tags)
    listed = (
        MemberProfile.objects.filter(is_listed=True)
        .exclude(organisation_id=collaboration_request.organisation_id)
        .exclude(user_id__in=_accepted(collaboration_request).values("responder_id"))
    )
    text_ids = set(listed.filter(_text_filter(names, "skills")).values_list("pk", flat=True))
    results = []
    for profile in listed.filter(pk__in=set(tagged) | text_ids).select_related("organisation"):
        recommendation = Recommendation(target=profile)
        recommendation.tags = sorted(tagged.get(profile.pk, ()))
        recommendation.text_terms = _mentions(profile.skills, names)
        recommendation.score = TAG_POINTS * len(recommendation.tags) + TEXT_POINTS * len(
            recommendation.text_terms
        )
        results.append(recommendation)
    return _best(results, lambda profile: profile.full_name, limit)
