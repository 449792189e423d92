"""Reads of the outcomes ledger."""

from django.db.models import Q

from clusters import permissions as cluster_permissions
from clusters.queries import coordinated_organisation_ids
from outcomes import permissions
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
    firms = coordinated_organisation_ids(user)
    if firms is None:
        return Q()
    return Q(organisation_id__in=firms) | Q(counterpart_id__in=firms)


def ledger_of(user):
    """Outcomes of the organisation `user` speaks for (either side), and those where they are
    the other side in person (a buyer, an investor)."""
    return _with_parties(Outcome.objects.filter(_ledger_where(user)))


def has_ledger(user):
    """Members and coordinators have a ledger page, and anyone who is the other side of an
    outcome (a buyer, an investor)."""
    return permissions.can_use_ledger(user) or ledger_of(user).exists()


def waiting_for(user):
    """The claimed outcomes of `user`'s ledger that wait for their confirmation."""
    claimed = ledger_of(user).filter(status=Outcome.Status.CLAIMED)
    return [outcome for outcome in claimed if permissions.can_confirm(user, outcome)]


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
    if permissions.reviews_outcomes(user):
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
