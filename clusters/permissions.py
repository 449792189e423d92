"""Plain predicates about who may do what; shared by views, templates and (later) consumers.

Roles: a visitor is anyone (signed in or not); a member belongs to an organisation that
confirmed them; reviewers and coordinators hold a `ClusterRole` (a coordinator with no cluster
coordinates every cluster). Superusers count as coordinators of every cluster.
"""

from allauth.mfa.models import Authenticator
from django.db import connection

from cluster_hub import page_cache
from cluster_hub.permissions import rule
from clusters.models import ClusterRole, MemberProfile, Visibility


def _viewer_facts(user):
    """(roles, profile) of a signed-in user, cached on the user object and shared between
    their requests until the next content change (see `load_viewer_facts`)."""
    cached = user.__dict__.get(_FACTS)
    if cached is None:
        load_viewer_facts([user])
        cached = user.__dict__[_FACTS]
    return cached


_FACTS = "_cluster_viewer_facts"


def load_viewer_facts(users):
    """Put each signed-in user's (roles, profile) on the user object, shared between their
    requests and sockets until the next content change (a role or profile saved or deleted
    bumps the page generation); for many users at once (a crowd's sockets) in one cache read
    and, for those not kept, two queries. Inside a transaction, whose changes may still roll
    back and must not be remembered, they are read straight from the database."""
    waiting = {}
    for user in users:
        if getattr(user, "is_authenticated", False) and _FACTS not in user.__dict__:
            waiting.setdefault(user.pk, []).append(user)
    if not waiting:
        return

    def load(user_ids):
        roles = {user_id: set() for user_id in user_ids}
        for user_id, kind, cluster_key in ClusterRole.objects.filter(user__in=user_ids).values_list(
            "user_id", "kind", "cluster__translation_key"
        ):
            roles[user_id].add((kind, cluster_key))
        profiles = {
            profile.user_id: profile for profile in MemberProfile.objects.filter(user__in=user_ids)
        }
        return {user_id: (frozenset(roles[user_id]), profiles.get(user_id)) for user_id in user_ids}

    if connection.in_atomic_block:
        facts = load(list(waiting))
    else:
        facts = page_cache.shared_many("viewer", load, list(waiting), cache_alias="people")
    for user_id, same_user in waiting.items():
        for user in same_user:
            user.__dict__[_FACTS] = facts[user_id]


def _roles(user):
    """The user's roles as (kind, cluster translation key or None)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return _viewer_facts(user)[0]


def _profile(user):
    if not getattr(user, "is_authenticated", False):
        return None
    if "profile" in user._state.fields_cache:  # loaded (or set) on this object already
        try:
            return user.profile
        except user.__class__.profile.RelatedObjectDoesNotExist:
            return None
    return _viewer_facts(user)[1]


def member_organisation_id(user):
    """The organisation a user acts for: only once that organisation confirmed them."""
    profile = _profile(user)
    if profile and profile.organisation_id and profile.membership_confirmed:
        return profile.organisation_id
    return None


def is_member(user):
    return member_organisation_id(user) is not None


def is_reviewer(user):
    return any(kind == ClusterRole.Kind.REVIEWER for kind, _ in _roles(user))


def is_coordinator(user, cluster=None):
    """Coordinator of `cluster` (any translation of the page), or of any cluster if None."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    for kind, cluster_key in _roles(user):
        if kind != ClusterRole.Kind.COORDINATOR:
            continue
        if cluster_key is None or cluster is None or cluster_key == cluster.translation_key:
            return True
    return False


def is_coordinator_of_all(user):
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return (ClusterRole.Kind.COORDINATOR, None) in _roles(user)


def coordinated_cluster_keys(user):
    """Translation keys of the clusters `user` coordinates (None stands for all)."""
    return {key for kind, key in _roles(user) if kind == ClusterRole.Kind.COORDINATOR}


def coordinates_organisation(user, organisation):
    if is_coordinator_of_all(user):
        return True
    if not is_coordinator(user):
        return False
    keys = coordinated_cluster_keys(user)
    return organisation.memberships.filter(cluster__translation_key__in=keys).exists()


def requires_two_factor(user):
    """Coordinators (and superusers) must protect their account with TOTP."""
    return is_coordinator(user)


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def passes_two_factor(user):
    """The rule of every entry point (pages, sockets, API): an account that must use TOTP may
    act only once it has it; until then it gets nothing but the set-up page."""
    if not getattr(user, "is_authenticated", False):
        return True
    return not requires_two_factor(user) or has_totp(user)


@rule("clusters.edit_profile")
def can_edit_profile(user, profile):
    return getattr(user, "is_authenticated", False) and (
        profile.user_id == user.pk or getattr(user, "is_superuser", False)
    )


@rule("clusters.edit_organisation")
def can_edit_organisation(user, organisation):
    if not getattr(user, "is_authenticated", False):
        return False
    profile = _profile(user)
    if (
        profile
        and profile.organisation_id == organisation.pk
        and profile.membership_confirmed
        and profile.is_organisation_admin
    ):
        return True
    return coordinates_organisation(user, organisation)


@rule("clusters.see_contact")
def can_see_contact(user, profile):
    if profile.contact_visibility == Visibility.PUBLIC:
        return True
    if can_edit_profile(user, profile) or is_coordinator(user):
        return True
    if profile.contact_visibility == Visibility.MEMBERS:
        return is_member(user)
    return False


def role_names(user):
    """Human role list for the dashboard, most privileged first."""
    names = []
    if is_coordinator(user):
        names.append("coordinator")
    if is_reviewer(user):
        names.append("reviewer")
    if is_member(user):
        names.append("member")
    if not names:
        names.append("visitor")
    return names


def can_manage_token(user, token):
    """A personal token is its owner's alone: nobody else lists, uses or revokes it."""
    return bool(getattr(user, "is_authenticated", False)) and token.user_id == user.pk


@rule("clusters.manage_local_brand")
def can_manage_local_brand(user, brand):
    """Grant, revoke and describe a local brand: its cluster's coordinators (all clusters' when
    it belongs to none), who must pass two-factor like on every coordinator page."""
    if not getattr(user, "is_authenticated", False) or not passes_two_factor(user):
        return False
    if brand.cluster_id is None:
        return is_coordinator_of_all(user)
    return is_coordinator(user, brand.cluster)


def can_create_local_brand(user):
    return (
        getattr(user, "is_authenticated", False)
        and passes_two_factor(user)
        and is_coordinator(user)
    )


def can_grant_local_brand(user, brand, product):
    """A brand goes only to products of firms in the coordinator's clusters (any firm for a
    brand of all clusters)."""
    if not can_manage_local_brand(user, brand):
        return False
    if brand.cluster_id is None:
        return True
    return product.organisation.memberships.filter(
        cluster__translation_key=brand.cluster.translation_key
    ).exists()
