"""Who may see which indexed documents, as the audience tokens stored on each document."""

from clusters import permissions as cluster_permissions
from clusters.models import ClusterRole
from collaboration import permissions as collaboration_permissions
from search.documents import (
    MEMBERS,
    PUBLIC,
    cluster_audience,
    coordinator_audience,
    organisation_audience,
    user_audience,
)


def reader_audiences(user):
    """The audience tokens `user` belongs to, or None when they may see every document."""
    if cluster_permissions.is_coordinator_of_all(user):
        return None
    tokens = [PUBLIC]
    if not getattr(user, "is_authenticated", False):
        return tokens
    tokens.append(user_audience(user.pk))
    organisation_id = cluster_permissions.member_organisation_id(user)
    if organisation_id:
        tokens += [MEMBERS, organisation_audience(organisation_id)]
        tokens += [
            cluster_audience(str(k)) for k in collaboration_permissions.user_cluster_keys(user)
        ]
    tokens += [
        coordinator_audience(str(key))
        for kind, key in cluster_permissions._roles(user)
        if kind == ClusterRole.Kind.COORDINATOR and key
    ]
    return sorted(set(tokens))


def can_edit_glossary(user):
    """Coordinators add, change and remove the glossary's term pairs."""
    return cluster_permissions.is_coordinator(user)
