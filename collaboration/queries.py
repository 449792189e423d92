"""Reusable querysets for collaboration requests, built to avoid N+1 queries."""

from django.db.models import Count, F, Prefetch, Q

from cluster_hub.text import keyword_condition, tag_condition
from clusters import permissions as cluster_permissions
from clusters.models import ClusterRole
from collaboration import permissions
from collaboration.models import CollaborationRequest, ConversationMessage, InterestResponse

Status = CollaborationRequest.Status
Visibility = CollaborationRequest.Visibility
LISTED_STATUSES = (Status.OPEN, Status.IN_DISCUSSION, Status.MATCHED)
ACTIVE_STATUSES = (Status.OPEN, Status.IN_DISCUSSION)


def _in_clusters(keys):
    return Q(target_clusters__translation_key__in=keys) | Q(
        organisation__clusters__translation_key__in=keys
    )


def visible_requests(user):
    """Every request `user` may see: the SQL twin of `permissions.can_view_request`."""
    published = ~Q(status=Status.DRAFT)
    condition = published & Q(visibility=Visibility.PUBLIC, is_hidden=False)
    if getattr(user, "is_authenticated", False):
        if cluster_permissions.is_member(user):
            condition |= published & Q(visibility=Visibility.MEMBERS, is_hidden=False)
            keys = permissions.user_cluster_keys(user)
            if keys:
                condition |= (
                    published
                    & Q(visibility=Visibility.CLUSTERS, is_hidden=False)
                    & _in_clusters(keys)
                )
        condition |= Q(author=user)
        organisation_id = permissions.member_organisation_id(user)
        if organisation_id:
            condition |= published & Q(organisation_id=organisation_id)
        if cluster_permissions.is_coordinator_of_all(user):
            condition |= published
        elif cluster_permissions.is_coordinator(user):
            keys = {
                key
                for kind, key in cluster_permissions._roles(user)
                if kind == ClusterRole.Kind.COORDINATOR
            }
            condition |= published & _in_clusters(keys)
    ids = CollaborationRequest.objects.filter(condition).values("pk")
    return CollaborationRequest.objects.filter(pk__in=ids)


def with_list_data(queryset):
    """What a request card shows, in a fixed number of queries whatever the page size."""
    return (
        queryset.select_related("organisation")
        .prefetch_related("tags", "target_clusters")
        .annotate(response_count=Count("responses", distinct=True))
    )


def request_list(user, *, kind=None, cluster_key=None, tag=None, status=None, query=None):
    queryset = visible_requests(user)
    if status:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.filter(status__in=LISTED_STATUSES)
    if kind:
        queryset = queryset.filter(kind=kind)
    if cluster_key:
        queryset = queryset.filter(
            pk__in=CollaborationRequest.objects.filter(_in_clusters([cluster_key])).values("pk")
        )
    if tag:
        queryset = queryset.filter(tag_condition("tags", tag))
    matches = keyword_condition(
        query, ["title", "description", "organisation__name", "organisation__name_en"]
    )
    if matches is not None:
        queryset = queryset.filter(matches)
    return with_list_data(queryset.distinct()).order_by(
        F("published_at").desc(nulls_last=True), "-id"
    )


def requests_of(user):
    """The requests of the user's side: their own (drafts too) and their organisation's."""
    condition = Q(author=user)
    organisation_id = permissions.member_organisation_id(user)
    if organisation_id:
        condition |= Q(organisation_id=organisation_id) & ~Q(status=Status.DRAFT)
    return with_list_data(CollaborationRequest.objects.filter(condition)).order_by(
        "-created_at", "-id"
    )


def responses_of(user):
    return (
        InterestResponse.objects.filter(responder=user)
        .select_related("request", "request__organisation")
        .order_by("-created_at", "-id")
    )


def responses_for_requester(collaboration_request):
    return collaboration_request.responses.select_related(
        "organisation", "responder", "responder__profile"
    ).prefetch_related(
        Prefetch("messages", queryset=_messages_with_authors()),
    )


def _messages_with_authors():
    return ConversationMessage.objects.select_related("author", "author__profile")


def requests_for_you(user, *, limit=6):
    """Open requests that fit the user's and their organisation's expertise, best first."""
    tag_ids = expertise_tag_ids(user)
    if not tag_ids:
        return []
    queryset = (
        visible_requests(user)
        .filter(status__in=ACTIVE_STATUSES, is_hidden=False, tags__id__in=tag_ids)
        .exclude(responses__responder=user)
    )
    organisation_id = permissions.member_organisation_id(user)
    if organisation_id:
        queryset = queryset.exclude(organisation_id=organisation_id)
    queryset = (
        queryset.annotate(
            score=Count("tags", filter=Q(tags__id__in=tag_ids), distinct=True),
            response_count=Count("responses", distinct=True),
        )
        .select_related("organisation")
        .prefetch_related("tags")
        .order_by("-score", F("deadline").asc(nulls_last=True), "-id")[:limit]
    )
    results = list(queryset)
    for item in results:
        item.matched_tags = sorted(tag.name for tag in item.tags.all() if tag.pk in tag_ids)
    return results


def expertise_tag_ids(user):
    profile = cluster_permissions._profile(user)
    if profile is None:
        return set()
    ids = set(profile.expertise.values_list("id", flat=True))
    organisation_id = permissions.member_organisation_id(user)
    if organisation_id:
        ids |= set(profile.organisation.tags.values_list("id", flat=True))
    return ids


def moderation_queue(user):
    """For coordinators: every published request of the clusters they coordinate."""
    return with_list_data(
        visible_requests(user).exclude(status=Status.DRAFT).filter(pk__in=_moderated_ids(user))
    ).order_by("-created_at", "-id")


def _moderated_ids(user):
    if cluster_permissions.is_coordinator_of_all(user):
        return CollaborationRequest.objects.values("pk")
    keys = {
        key
        for kind, key in cluster_permissions._roles(user)
        if kind == ClusterRole.Kind.COORDINATOR
    }
    return CollaborationRequest.objects.filter(_in_clusters(keys)).values("pk")
