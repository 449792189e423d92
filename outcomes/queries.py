"""Reads of the outcomes ledger."""

from django.db.models import Q

from clusters import permissions as cluster_permissions
from clusters.models import ClusterMembership, MemberProfile
from outcomes.models import Outcome


def _with_parties(queryset):
    return queryset.select_related(
        "organisation", "counterpart", "counterpart_user", "recorded_by", "origin_type"
    )


def _ledger_where(user):
    organisation_id = cluster_permissions.member_organisation_id(user)
    where = Q(counterpart_user=user)
    if organisation_id is not None:
        where |= Q(organisation_id=organisation_id) | Q(counterpart_id=organisation_id)
    return where


def _coordinated_where(user):
    if cluster_permissions.is_coordinator_of_all(user):
        return Q()
    keys = cluster_permissions.coordinated_cluster_keys(user)
    firms = ClusterMembership.objects.filter(cluster__translation_key__in=keys).values(
        "organisation_id"
    )
    return Q(organisation_id__in=firms) | Q(counterpart_id__in=firms)


def ledger_of(user):
    """Outcomes of the organisation `user` speaks for (either side), and those where they are
    the other side in person (a buyer, an investor)."""
    return _with_parties(Outcome.objects.filter(_ledger_where(user)))


def coordinated_outcomes(user, *, status=""):
    """Outcomes of the firms in the clusters `user` coordinates (all for coordinators of all)."""
    outcomes = Outcome.objects.filter(_coordinated_where(user))
    if status:
        outcomes = outcomes.filter(status=status)
    return _with_parties(outcomes)


def visible_to(user):
    """What `user` may read in the ledger's lists: their ledger, and as a coordinator past
    two-factor, their clusters' firms' outcomes."""
    if not getattr(user, "is_authenticated", False):
        return Outcome.objects.none()
    where = _ledger_where(user)
    if cluster_permissions.is_coordinator(user) and cluster_permissions.passes_two_factor(user):
        where |= _coordinated_where(user)
    return _with_parties(Outcome.objects.filter(where))


def outcome_with_trail(pk):
    return (
        _with_parties(Outcome.objects.filter(pk=pk))
        .prefetch_related("evidence", "changes__actor")
        .first()
    )


def outcomes_of_origin(origin):
    from django.contrib.contenttypes.models import ContentType

    return Outcome.objects.filter(
        origin_type=ContentType.objects.get_for_model(origin), origin_id=origin.pk
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
