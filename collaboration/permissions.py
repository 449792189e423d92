"""Who may see and do what with collaboration requests. Views, templates and queries agree with
these predicates; `queries.visible_requests` is their SQL twin and is tested against them."""

from cluster_hub.permissions import rule
from clusters import permissions as cluster_permissions
from clusters.models import ClusterMembership
from collaboration.models import CollaborationRequest

Status = CollaborationRequest.Status
Visibility = CollaborationRequest.Visibility


def _profile(user):
    return cluster_permissions._profile(user)


member_organisation_id = cluster_permissions.member_organisation_id


def request_cluster_keys(collaboration_request):
    """Translation keys of the clusters a request belongs to: its targets and its owner's."""
    keys = {page.translation_key for page in collaboration_request.target_clusters.all()}
    keys |= {page.translation_key for page in collaboration_request.organisation.clusters.all()}
    return keys


def user_cluster_keys(user):
    """Translation keys of the clusters of the user's organisation (read once per request:
    search asks for every group of results)."""
    if member_organisation_id(user) is None:
        return set()
    cached = user.__dict__.get("_cluster_keys")
    if cached is None:
        organisation_id = member_organisation_id(user)
        cached = frozenset(
            ClusterMembership.objects.filter(organisation_id=organisation_id).values_list(
                "cluster__translation_key", flat=True
            )
        )
        user.__dict__["_cluster_keys"] = cached
    return set(cached)


def is_requester(user, collaboration_request):
    """The requesting side: the author and their organisation's confirmed members."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        collaboration_request.author_id == user.pk
        or member_organisation_id(user) == collaboration_request.organisation_id
    )


def moderates(user, collaboration_request):
    """Coordinators of a cluster the request targets or its organisation belongs to."""
    if cluster_permissions.is_coordinator_of_all(user):
        return True
    if not cluster_permissions.is_coordinator(user):
        return False
    keys = {
        key
        for kind, key in cluster_permissions._roles(user)
        if kind == cluster_permissions.ClusterRole.Kind.COORDINATOR
    }
    return bool(keys & request_cluster_keys(collaboration_request))


def can_view_request(user, collaboration_request):
    if collaboration_request.status == Status.DRAFT:
        return collaboration_request.author_id == getattr(user, "pk", None)
    if is_requester(user, collaboration_request) or moderates(user, collaboration_request):
        return True
    if collaboration_request.is_hidden:
        return False
    if collaboration_request.visibility == Visibility.PUBLIC:
        return True
    if not cluster_permissions.is_member(user):
        return False
    if collaboration_request.visibility == Visibility.MEMBERS:
        return True
    return bool(user_cluster_keys(user) & request_cluster_keys(collaboration_request))


@rule("collaboration.create_request")
def can_create_request(user):
    return cluster_permissions.is_member(user)


@rule("collaboration.edit_request")
def can_edit_request(user, collaboration_request):
    return collaboration_request.is_editable and is_requester(user, collaboration_request)


@rule("collaboration.respond")
def can_respond(user, collaboration_request):
    return (
        collaboration_request.is_accepting_responses
        and cluster_permissions.is_member(user)
        and not is_requester(user, collaboration_request)
        and can_view_request(user, collaboration_request)
    )


def can_decide_response(user, response):
    return is_requester(user, response.request) and response.request.status not in (
        Status.CLOSED,
        Status.EXPIRED,
    )


def can_view_thread(user, response):
    """The private thread: the accepted responder, the requesting side, and moderators."""
    if not response.is_accepted:
        return False
    return (
        response.responder_id == getattr(user, "pk", None)
        or is_requester(user, response.request)
        or moderates(user, response.request)
    )


def can_post_message(user, response):
    if response.request.status in (Status.CLOSED, Status.EXPIRED) or response.request.is_hidden:
        return False
    return response.is_accepted and (
        response.responder_id == getattr(user, "pk", None) or is_requester(user, response.request)
    )


@rule("collaboration.close_request")
def can_close_request(user, collaboration_request):
    if collaboration_request.status in (Status.CLOSED, Status.EXPIRED, Status.DRAFT):
        return False
    return is_requester(user, collaboration_request) or moderates(user, collaboration_request)


@rule("collaboration.mark_matched")
def can_mark_matched(user, collaboration_request):
    return collaboration_request.status == Status.IN_DISCUSSION and is_requester(
        user, collaboration_request
    )


@rule("collaboration.hide_request")
def can_hide_request(user, collaboration_request):
    return not collaboration_request.is_hidden and moderates(user, collaboration_request)


@rule("collaboration.unhide_request")
def can_unhide_request(user, collaboration_request):
    return collaboration_request.is_hidden and moderates(user, collaboration_request)


def can_see_recommendations(user, collaboration_request):
    return is_requester(user, collaboration_request) or moderates(user, collaboration_request)


def is_responder(user, response):
    return response.responder_id == getattr(user, "pk", None)


@rule("collaboration.wrote_message")
def wrote_message(user, message):
    return message.author_id == getattr(user, "pk", None)


@rule("collaboration.publish_request")
def can_publish_request(user, collaboration_request):
    """Only its author publishes a draft (colleagues see it among their organisation's)."""
    return (
        collaboration_request.status == Status.DRAFT
        and collaboration_request.author_id == getattr(user, "pk", None)
    )


@rule("collaboration.moderate")
def can_moderate_requests(user):
    """The moderation queue: coordinators, of their clusters' requests."""
    return cluster_permissions.is_coordinator(user)
