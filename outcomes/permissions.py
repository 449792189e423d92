"""Who may do what with the outcomes ledger.

- The organisation an outcome is credited to and its other side (an organisation of the
  directory or a person with an account) each speak through their confirmed members.
- Either side records an outcome; the other side confirms it (or disputes it). One side alone
  never makes an outcome count: until confirmed it is "claimed".
- Coordinators of either organisation's clusters (past two-factor) record outcomes for a firm
  and verify an outcome on evidence (a private file), when the other side cannot confirm it.
- Only the two sides and those coordinators see an outcome, its evidence and its trail.
"""

from cluster_hub.permissions import rule
from clusters import permissions as cluster_permissions
from outcomes.models import Outcome

Side = Outcome.Side
Status = Outcome.Status


def _authenticated(user):
    return bool(getattr(user, "is_authenticated", False))


def speaks_for(user, organisation):
    return (
        organisation is not None
        and cluster_permissions.member_organisation_id(user) == organisation.pk
    )


def side_of(user, outcome):
    """ORGANISATION, COUNTERPART or None: the side `user` speaks for."""
    if not _authenticated(user):
        return None
    if speaks_for(user, outcome.organisation):
        return Side.ORGANISATION
    if speaks_for(user, outcome.counterpart) or (
        outcome.counterpart_user_id is not None and outcome.counterpart_user_id == user.pk
    ):
        return Side.COUNTERPART
    return None


def acts_as_agency(user, organisation):
    return (
        _authenticated(user)
        and organisation is not None
        and cluster_permissions.is_coordinator(user)
        and cluster_permissions.passes_two_factor(user)
        and cluster_permissions.coordinates_organisation(user, organisation)
    )


def coordinates(user, outcome):
    return acts_as_agency(user, outcome.organisation) or acts_as_agency(user, outcome.counterpart)


def cites_origin(user, outcome):
    """Those who may record outcomes of its origin see it too (the forum's managers, a
    pitch's outcomes)."""
    from outcomes.origins import origin_of

    if outcome.origin_type_id is None or not _authenticated(user):
        return False
    kind, origin = origin_of(outcome)
    return origin is not None and kind.may_cite(user, origin)


@rule("outcomes.see")
def can_see(user, outcome):
    return (
        side_of(user, outcome) is not None
        or coordinates(user, outcome)
        or cites_origin(user, outcome)
    )


def reviews_outcomes(user):
    """Coordinators past two-factor review their clusters' firms' outcomes."""
    return (
        _authenticated(user)
        and cluster_permissions.is_coordinator(user)
        and cluster_permissions.passes_two_factor(user)
    )


def can_use_ledger(user):
    """Members of an organisation and coordinators have a ledger page."""
    return cluster_permissions.is_member(user) or (
        _authenticated(user) and cluster_permissions.is_coordinator(user)
    )


def confirming_side(outcome):
    """The side whose word makes a claim count: the one that did not record it."""
    if outcome.recorded_side == Side.ORGANISATION:
        return Side.COUNTERPART if outcome.has_other_side else None
    return Side.ORGANISATION


@rule("outcomes.confirm")
def can_confirm(user, outcome):
    side = confirming_side(outcome)
    return outcome.status == Status.CLAIMED and side is not None and side_of(user, outcome) == side


def can_dispute(user, outcome):
    return can_confirm(user, outcome)


def is_recording_side(user, outcome):
    if outcome.recorded_side == Side.AGENCY:
        return side_of(user, outcome) is None and coordinates(user, outcome)
    return side_of(user, outcome) == outcome.recorded_side


@rule("outcomes.edit")
def can_edit(user, outcome):
    """The side that recorded it, until the agency has verified it."""
    return outcome.status not in (Status.VERIFIED, Status.WITHDRAWN) and is_recording_side(
        user, outcome
    )


def can_withdraw(user, outcome):
    return can_edit(user, outcome)


@rule("outcomes.verify")
def can_verify(user, outcome):
    """Coordinators who are neither side, on an outcome not yet verified (the service also
    asks for evidence)."""
    return (
        outcome.status in (Status.CLAIMED, Status.CONFIRMED, Status.DISPUTED)
        and side_of(user, outcome) is None
        and coordinates(user, outcome)
    )


def can_add_evidence(user, outcome):
    return outcome.status not in (Status.VERIFIED, Status.WITHDRAWN) and can_see(user, outcome)
