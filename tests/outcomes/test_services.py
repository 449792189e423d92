"""The ledger's rules: two-party confirmation, disputes and corrections, verification on
evidence by a coordinator who is neither side, and an audit trail of every change."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cluster_hub.uploads import validate_attachment
from notifications.models import Notification
from outcomes import permissions, services
from outcomes.models import Outcome, OutcomeChange

from .conftest import contract

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.usefixtures("two_factor")]
Status = Outcome.Status
Kind = Notification.Kind


def pdf(name="contract.pdf"):
    upload = SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    return validate_attachment(upload)


def test_one_side_claims_and_only_the_other_side_makes_it_count(who, users, partner):
    outcome = contract(users, partner)
    assert outcome.status == Status.CLAIMED and not outcome.counts
    assert outcome.recorded_side == Outcome.Side.ORGANISATION
    told = Notification.objects.get(recipient=partner["user"], kind=Kind.OUTCOME_CLAIMED)
    # In the other side's language, with the firm's English name and figures in English.
    assert "Hanbit Carbon" in told.message or "한빛카본" in told.message
    assert "250,000,000" in told.message
    for role in ("recorder", "colleague", "other_member", "coordinator", "visitor"):
        assert not permissions.can_confirm(who[role], outcome), role
        with pytest.raises(PermissionDenied):
            services.confirm_outcome(outcome, actor=who[role])
    confirmed = services.confirm_outcome(outcome, actor=partner["user"])
    assert confirmed.status == Status.CONFIRMED and confirmed.counts
    assert confirmed.confirmed_by == partner["user"]
    assert Notification.objects.filter(recipient=users["member"], kind=Kind.OUTCOME_CONFIRMED)
    with pytest.raises(PermissionDenied):  # once
        services.confirm_outcome(confirmed, actor=partner["user"])


def test_a_dispute_says_why_and_a_correction_asks_again(who, users, partner):
    outcome = contract(users, partner)
    with pytest.raises(ValidationError):
        services.dispute_outcome(outcome, actor=partner["user"], reason="  ")
    disputed = services.dispute_outcome(
        outcome, actor=partner["user"], reason="The contract was KRW 200,000,000."
    )
    assert disputed.status == Status.DISPUTED and not disputed.counts
    told = Notification.objects.get(recipient=users["member"], kind=Kind.OUTCOME_DISPUTED)
    assert "200,000,000" in told.message
    corrected = services.update_outcome(disputed, actor=users["member"], amount=200_000_000)
    assert corrected.status == Status.CLAIMED
    assert (
        Notification.objects.filter(recipient=partner["user"], kind=Kind.OUTCOME_CLAIMED).count()
        == 2
    )
    services.confirm_outcome(corrected, actor=partner["user"])
    trail = list(corrected.changes.values_list("action", "changes", "actor"))
    assert [action for action, _, _ in trail] == ["recorded", "disputed", "edited", "confirmed"]
    assert trail[2][1] == {"amount": ["250000000", "200000000"]}
    assert trail[2][2] == users["member"].pk
    assert trail[1][2] == partner["user"].pk
    reason = OutcomeChange.objects.get(outcome=corrected, action="disputed").reason
    assert reason == "The contract was KRW 200,000,000."


def test_correcting_a_confirmed_outcome_asks_the_other_side_again(who, users, partner):
    outcome = services.confirm_outcome(contract(users, partner), actor=partner["user"])
    unchanged = services.update_outcome(outcome, actor=users["member"], amount=250_000_000)
    assert unchanged.status == Status.CONFIRMED  # nothing changed: nothing to ask
    changed = services.update_outcome(outcome, actor=users["member"], note="2차 계약 포함")
    assert changed.status == Status.CLAIMED and changed.confirmed_by is None
    with pytest.raises(PermissionDenied):  # only the side that recorded it corrects it
        services.update_outcome(changed, actor=partner["user"], amount=1)
    assert not permissions.can_edit(who["other_coordinator"], changed)


def test_an_outcome_of_one_firm_counts_once_the_agency_verifies_it_on_evidence(who, users, totp):
    patent = services.record_outcome(
        actor=users["member"],
        organisation=users["member"].profile.organisation,
        kind="patent",
        quantity=2,
        occurred_on=date(2026, 6, 2),
        note="탄소섬유 발열체 특허 2건",
    )
    assert permissions.confirming_side(patent) is None
    assert not any(permissions.can_confirm(person, patent) for person in who.values())
    assert not Notification.objects.filter(kind=Kind.OUTCOME_CLAIMED).exists()
    with pytest.raises(ValidationError):  # on evidence only
        services.verify_outcome(patent, actor=users["coordinator"])
    services.add_evidence(patent, actor=users["member"], upload=pdf("특허증.pdf"))
    for role in ("recorder", "colleague", "other_coordinator", "other_side", "visitor"):
        with pytest.raises(PermissionDenied):
            services.verify_outcome(patent, actor=who[role])
    verified = services.verify_outcome(patent, actor=users["coordinator"])
    assert verified.status == Status.VERIFIED and verified.counts
    assert verified.verified_by == users["coordinator"]
    with pytest.raises(PermissionDenied):  # verified: no more corrections
        services.update_outcome(verified, actor=users["member"], quantity=3)
    actions = list(verified.changes.values_list("action", flat=True))
    assert actions == ["recorded", "evidence", "verified"]


def test_a_coordinator_without_two_factor_verifies_nothing(users, partner):
    from allauth.mfa.models import Authenticator

    outcome = contract(users, partner)
    services.add_evidence(outcome, actor=users["member"], upload=pdf())
    Authenticator.objects.filter(user=users["coordinator"]).delete()
    with pytest.raises(PermissionDenied):
        services.verify_outcome(outcome, actor=users["coordinator"])


def test_the_agency_records_for_a_firm_and_the_firm_confirms(who, users):
    organisation = users["member"].profile.organisation
    outcome = services.record_outcome(
        actor=users["coordinator"],
        organisation=organisation,
        kind="investment",
        investment_kind="vc",
        amount=1_500_000_000,
        counterpart_name="블루포인트파트너스",
        occurred_on=date(2026, 4, 1),
    )
    assert outcome.recorded_side == Outcome.Side.AGENCY
    assert Notification.objects.filter(recipient=users["member"], kind=Kind.OUTCOME_CLAIMED)
    assert not permissions.can_confirm(users["coordinator"], outcome)
    services.confirm_outcome(outcome, actor=users["colleague"])
    with pytest.raises(PermissionDenied):  # another cluster's coordinator
        services.record_outcome(
            actor=users["other_coordinator"],
            organisation=organisation,
            kind="jobs",
            quantity=3,
            occurred_on=date(2026, 4, 1),
        )


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"kind": "investment", "investment_kind": ""}, "investment_kind"),
        ({"kind": "export_contract", "amount": None}, "amount"),
        ({"kind": "jobs", "amount": None}, "quantity"),
        ({"amount": -5}, "amount"),
        ({"occurred_on": "tomorrow"}, "occurred_on"),
    ],
)
def test_figures_that_make_no_sense_are_refused_with_the_field(users, partner, facts, field):
    if facts.get("occurred_on") == "tomorrow":
        # Worked out when the test runs, not when it is collected (a run across midnight).
        facts = facts | {"occurred_on": timezone.localdate() + timedelta(days=1)}
    with pytest.raises(ValidationError) as refused:
        contract(users, partner, **facts)
    assert field in refused.value.message_dict
    assert not Outcome.objects.exists()


def test_the_other_side_is_another_organisation(users, partner):
    with pytest.raises(ValidationError):
        contract(users, partner, counterpart=users["member"].profile.organisation)


def test_nobody_records_for_a_firm_they_do_not_speak_for(who, users, partner):
    for role in ("visitor", "other_member", "other_coordinator"):
        with pytest.raises(PermissionDenied):
            services.record_outcome(
                actor=who[role],
                organisation=users["member"].profile.organisation,
                kind="mou",
                occurred_on=date(2026, 1, 5),
            )


def test_withdrawn_is_kept_and_never_counted(users, partner):
    outcome = contract(users, partner)
    with pytest.raises(PermissionDenied):
        services.withdraw_outcome(outcome, actor=partner["user"])
    withdrawn = services.withdraw_outcome(outcome, actor=users["member"], reason="중복 입력")
    assert withdrawn.status == Status.WITHDRAWN and not withdrawn.counts
    assert Outcome.objects.filter(pk=outcome.pk).exists()
    assert not permissions.can_confirm(partner["user"], withdrawn)
    assert list(withdrawn.changes.values_list("action", flat=True))[-1] == "withdrawn"


def test_a_booking_of_shared_equipment_is_an_origin_its_booker_may_cite(users, partner):
    from datetime import datetime

    from equipment.models import EquipmentBooking
    from outcomes.origins import origin_of
    from tests.factories import EquipmentFactory

    machine = EquipmentFactory(owner=partner["organisation"])
    starts = timezone.make_aware(datetime(2026, 6, 3, 10))
    booking = EquipmentBooking.objects.create(
        equipment=machine,
        booker=users["member"],
        organisation=users["member"].profile.organisation,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        purpose="KC 인증 시험",
        status=EquipmentBooking.Status.APPROVED,
    )
    certification = services.record_outcome(
        actor=users["member"],
        organisation=users["member"].profile.organisation,
        kind="certification",
        quantity=1,
        occurred_on=date(2026, 7, 1),
        origin=booking,
    )
    kind, found = origin_of(certification)
    assert (kind.key, found) == ("booking", booking)
    with pytest.raises(PermissionDenied):  # not their booking
        services.record_outcome(
            actor=users["other_member"],
            organisation=users["other_member"].profile.organisation,
            kind="certification",
            quantity=1,
            occurred_on=date(2026, 7, 1),
            origin=booking,
        )
