"""Every change to the outcomes ledger: recording, editing, confirming, disputing, verifying on
evidence and withdrawing, each kept in the audit trail and told to the side that must act."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from clusters.queries import members_speaking_for
from notifications.models import Notification
from notifications.services import notify_many, recipient_language
from outcomes import origins, permissions
from outcomes.figures import figure
from outcomes.models import Outcome, OutcomeChange, OutcomeEvidence

Kind = Outcome.Kind
Side = Outcome.Side
Status = Outcome.Status
NotificationKind = Notification.Kind

# The facts of an outcome: what an edit may change and the trail records.
FACT_FIELDS = (
    "kind",
    "investment_kind",
    "amount",
    "currency",
    "quantity",
    "occurred_on",
    "note",
    "counterpart",
    "counterpart_user",
    "counterpart_name",
)
# Kinds measured in money, and those counted (patents, certifications, jobs).
MONEY_KINDS = {
    Kind.INVESTMENT,
    Kind.SUPPLY_CONTRACT,
    Kind.EXPORT_CONTRACT,
    Kind.REVENUE,
}
COUNTED_KINDS = {Kind.PATENT, Kind.CERTIFICATION, Kind.JOBS}


class _System:
    """The platform itself (data migrations, the demo): not a person, allowed everything."""

    pk = None
    is_authenticated = False


SYSTEM = _System()


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _text(value):
    if value is None or value == "":
        return ""
    if hasattr(value, "pk"):
        name = getattr(value, "display_name", None) or getattr(value, "email", "") or value
        return f"{name} (#{value.pk})"
    return str(value)


def _facts(outcome):
    return {name: getattr(outcome, name) for name in FACT_FIELDS}


def _check(facts, organisation):
    kind = facts["kind"]
    amount = facts.get("amount")
    if amount is not None and amount < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})
    if kind in MONEY_KINDS and not amount:
        raise ValidationError({"amount": _("Give the amount.")})
    if kind == Kind.INVESTMENT and not facts.get("investment_kind"):
        raise ValidationError({"investment_kind": _("Say what kind of investment it is.")})
    if kind != Kind.INVESTMENT:
        facts["investment_kind"] = ""
    if kind in COUNTED_KINDS and not facts.get("quantity"):
        raise ValidationError({"quantity": _("Give the number.")})
    if facts.get("counterpart") is not None and facts["counterpart"].pk == organisation.pk:
        raise ValidationError({"counterpart": _("The other side is another organisation.")})
    if facts["occurred_on"] > timezone.localdate():
        raise ValidationError({"occurred_on": _("An outcome is something that has happened.")})


def _side_of_recorder(actor, organisation, facts):
    if actor is SYSTEM:
        return Side.AGENCY
    if permissions.speaks_for(actor, organisation):
        return Side.ORGANISATION
    counterpart_user = facts.get("counterpart_user")
    if permissions.speaks_for(actor, facts.get("counterpart")) or (
        counterpart_user is not None and counterpart_user.pk == actor.pk
    ):
        return Side.COUNTERPART
    if permissions.acts_as_agency(actor, organisation):
        return Side.AGENCY
    raise PermissionDenied


def _people_of(outcome, side):
    if side == Side.ORGANISATION:
        return members_speaking_for(outcome.organisation)
    if outcome.counterpart_id is not None:
        return members_speaking_for(outcome.counterpart)
    return [outcome.counterpart_user] if outcome.counterpart_user_id else []


def describe(outcome):
    """ "Export contract · USD 180,000 · 2026-03-02" in the active language."""
    parts = [
        str(outcome.get_kind_display()),
        figure(outcome),
        formats.date_format(outcome.occurred_on, "SHORT_DATE_FORMAT"),
    ]
    return " · ".join(part for part in parts if part)


def _tell(outcome, side, kind, *, actor, reason=""):
    for person in _people_of(outcome, side):
        with translation.override(recipient_language(person)):
            params = {
                "organisation": outcome.organisation.display_name,
                "other": outcome.other_side_name or _("the agency"),
                "outcome": describe(outcome),
                "reason": reason,
            }
        notify_many(
            recipients=[person],
            actor=actor if actor is not SYSTEM else None,
            kind=kind,
            params=params,
            url_name="outcomes:outcome",
            url_args=[outcome.pk],
        )


def _audit(outcome, action, *, actor, changes=None, reason=""):
    OutcomeChange.objects.create(
        outcome=outcome,
        action=action,
        actor=actor if actor is not SYSTEM else None,
        changes=changes or {},
        reason=reason,
    )


def record_outcome(
    *, actor, organisation, origin=None, recorded_at=None, recorded_side=None, **facts
):
    """An outcome as one side (or the agency) tells it: claimed until the other side confirms.

    `recorded_side` is for another app's service that has checked its own rule (the forum's
    managers record a pitch's outcomes for the agency); it still needs a citable origin."""
    facts = {name: facts.get(name) for name in FACT_FIELDS if name in facts}
    facts.setdefault("currency", Outcome.Currency.KRW)
    for name in ("investment_kind", "note", "counterpart_name"):
        facts[name] = facts.get(name) or ""
    _check(facts, organisation)
    if recorded_side is not None:
        _require(origin is not None)
        side = recorded_side
    else:
        side = _side_of_recorder(actor, organisation, facts)
    if origin is not None:
        kind = origins.kind_for_model(type(origin))
        _require(kind is not None and (actor is SYSTEM or kind.may_cite(actor, origin)))
    with transaction.atomic():
        outcome = Outcome.objects.create(
            organisation=organisation,
            origin_type=ContentType.objects.get_for_model(origin) if origin is not None else None,
            origin_id=origin.pk if origin is not None else None,
            recorded_by=actor if actor is not SYSTEM else None,
            recorded_side=side,
            recorded_at=recorded_at or timezone.now(),
            **facts,
        )
        _audit(
            outcome,
            OutcomeChange.Action.RECORDED,
            actor=actor,
            changes={name: ["", _text(value)] for name, value in _facts(outcome).items()},
        )
        confirming = permissions.confirming_side(outcome)
        if confirming is not None:
            _tell(outcome, confirming, NotificationKind.OUTCOME_CLAIMED, actor=actor)
    return outcome


def _locked(outcome):
    return Outcome.objects.select_for_update(of=("self",)).get(pk=outcome.pk)


def update_outcome(outcome, *, actor, **facts):
    """The recording side corrects its figures; a confirmation was of the old figures, so the
    other side is asked again."""
    _require(permissions.can_edit(actor, outcome))
    with transaction.atomic():
        locked = _locked(outcome)
        _require(permissions.can_edit(actor, locked))
        before = _facts(locked)
        merged = before | {name: value for name, value in facts.items() if name in FACT_FIELDS}
        for name in ("investment_kind", "note", "counterpart_name"):
            merged[name] = merged.get(name) or ""
        _check(merged, locked.organisation)
        changes = {
            name: [_text(before[name]), _text(merged[name])]
            for name in FACT_FIELDS
            if _text(before[name]) != _text(merged[name])
        }
        if not changes:
            return locked
        for name, value in merged.items():
            setattr(locked, name, value)
        asked_again = locked.status in (Status.CONFIRMED, Status.DISPUTED)
        if asked_again:
            locked.status = Status.CLAIMED
            locked.confirmed_by = None
            locked.confirmed_at = None
        locked.save()
        _audit(locked, OutcomeChange.Action.EDITED, actor=actor, changes=changes)
        confirming = permissions.confirming_side(locked)
        if confirming is not None:
            _tell(locked, confirming, NotificationKind.OUTCOME_CLAIMED, actor=actor)
    return locked


def confirm_outcome(outcome, *, actor, note=""):
    _require(permissions.can_confirm(actor, outcome))
    with transaction.atomic():
        locked = _locked(outcome)
        _require(permissions.can_confirm(actor, locked))
        locked.status = Status.CONFIRMED
        locked.confirmed_by = actor
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        _audit(
            locked,
            OutcomeChange.Action.CONFIRMED,
            actor=actor,
            changes={"status": [Status.CLAIMED, Status.CONFIRMED]},
            reason=note,
        )
        _tell(locked, _recording_side(locked), NotificationKind.OUTCOME_CONFIRMED, actor=actor)
    return locked


def _recording_side(outcome):
    return Side.ORGANISATION if outcome.recorded_side == Side.AGENCY else outcome.recorded_side


def dispute_outcome(outcome, *, actor, reason):
    _require(permissions.can_dispute(actor, outcome))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is wrong, so the other side can correct it.")})
    with transaction.atomic():
        locked = _locked(outcome)
        _require(permissions.can_dispute(actor, locked))
        locked.status = Status.DISPUTED
        locked.save(update_fields=["status"])
        _audit(
            locked,
            OutcomeChange.Action.DISPUTED,
            actor=actor,
            changes={"status": [Status.CLAIMED, Status.DISPUTED]},
            reason=reason.strip(),
        )
        _tell(
            locked,
            _recording_side(locked),
            NotificationKind.OUTCOME_DISPUTED,
            actor=actor,
            reason=reason.strip(),
        )
    return locked


def add_evidence(outcome, *, actor, upload):
    """`upload` was checked by content (`cluster_hub.uploads.validate_attachment`)."""
    _require(actor is SYSTEM or permissions.can_add_evidence(actor, outcome))
    content_type = getattr(upload, "detected_content_type", None)
    if content_type is None:
        raise ValidationError(_("The file was not checked."))
    with transaction.atomic():
        evidence = OutcomeEvidence.objects.create(
            outcome=outcome,
            file=upload,
            name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor if actor is not SYSTEM else None,
        )
        _audit(
            outcome,
            OutcomeChange.Action.EVIDENCE,
            actor=actor,
            changes={"evidence": ["", evidence.name]},
        )
    return evidence


def verify_outcome(outcome, *, actor, note=""):
    """A coordinator, neither side, verifies an outcome on its evidence: it then counts even
    when the other side cannot confirm it (a patent, an investor without an account)."""
    _require(actor is SYSTEM or permissions.can_verify(actor, outcome))
    with transaction.atomic():
        locked = _locked(outcome)
        _require(actor is SYSTEM or permissions.can_verify(actor, locked))
        if not locked.evidence.exists():
            raise ValidationError(
                _("Verify on evidence: attach the contract, certificate or statement first.")
            )
        before = locked.status
        locked.status = Status.VERIFIED
        locked.verified_by = actor if actor is not SYSTEM else None
        locked.verified_at = timezone.now()
        locked.save(update_fields=["status", "verified_by", "verified_at"])
        _audit(
            locked,
            OutcomeChange.Action.VERIFIED,
            actor=actor,
            changes={"status": [before, Status.VERIFIED]},
            reason=note,
        )
        _tell(locked, Side.ORGANISATION, NotificationKind.OUTCOME_VERIFIED, actor=actor)
    return locked


def withdraw_outcome(outcome, *, actor, reason=""):
    """Taken back by the side that recorded it; kept, with its trail, but never counted."""
    _require(actor is SYSTEM or permissions.can_withdraw(actor, outcome))
    with transaction.atomic():
        locked = _locked(outcome)
        if locked.status == Status.WITHDRAWN:
            return locked
        before = locked.status
        locked.status = Status.WITHDRAWN
        locked.save(update_fields=["status"])
        _audit(
            locked,
            OutcomeChange.Action.WITHDRAWN,
            actor=actor,
            changes={"status": [before, Status.WITHDRAWN]},
            reason=reason,
        )
    return locked
