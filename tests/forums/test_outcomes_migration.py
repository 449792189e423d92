"""The forum's pitch outcomes move into the outcomes ledger (forums 0002) and back: every
outcome carried with its figures, counterparty, note, date and recorder, and every figure of
the forum dashboard the same on both sides of the migration, checked against the figures
worked out by hand from the fixed data below."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from forums import queries, services
from forums.models import Pitch
from outcomes.models import Outcome

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
Status = Pitch.Status
BEFORE = [("forums", "0001_initial"), ("outcomes", "0001_initial")]
# By hand from FIXED below: investment 300,000,000 + 150,000,000; contracts 2,000,000,000;
# one collaboration; one MOU; 2 patents; 4 jobs; two pitches of three followed up.
EXPECTED = {
    "investment": Decimal("450000000"),
    "contracts": Decimal("2000000000"),
    "collaborations": 1,
    "mous": 1,
    "patents": 2,
    "jobs": 4,
}
FIXED = [
    # (pitch, recorder, forum kind, amount, investment kind, counterparty, quantity, note)
    (0, "member", "contract", 2_000_000_000, "", "(주)한결가구", None, "가구용 발열체 공급"),
    (0, "coordinator", "investment", 300_000_000, "angel", "수도권 엔젤클럽", None, ""),
    (0, "member", "jobs", None, "", "", 4, "생산직 채용"),
    (1, "coordinator", "investment", 150_000_000, "public_fund", "경북 창업펀드", None, ""),
    (1, "member", "collaboration", None, "", "(주)메디쿡", None, "센서 공동개발"),
    (1, "member", "mou", None, "", "경북테크노파크", None, ""),
    (1, "member", "patent", None, "", "", 2, "발열체 특허"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_pitch_outcomes_move_into_the_ledger_and_back_with_every_figure(users, make_pitch):
    pitches = [
        make_pitch(Status.ACCEPTED, title="탄소섬유 면상 발열체"),
        make_pitch(Status.ACCEPTED, title="병원 배식카트 센서"),
        make_pitch(Status.ACCEPTED, title="후속 없음"),
    ]
    for index, recorder, kind, amount, investment, counterparty, quantity, note in FIXED:
        services.record_outcome(
            pitches[index],
            actor=users[recorder],
            kind=kind,
            amount=amount,
            investment_kind=investment,
            counterparty=counterparty,
            quantity=quantity,
            note=note,
            occurred_on=date(2026, 5, 1 + index),
        )
    (row,) = queries.dashboard_editions()
    assert {key: row["totals"][key] for key in EXPECTED} == EXPECTED
    assert row["funnel"]["followed_up"] == 2
    years = queries.yearly_totals()

    # Back: the outcomes are the forum's PitchOutcomes again, in its words.
    try:
        _check_both_ways(pitches, years)
    finally:
        _migrate(_leaf())  # whatever happened, the next test meets today's schema


def _check_both_ways(pitches, years):
    old = _migrate(BEFORE)
    PitchOutcome = old.get_model("forums", "PitchOutcome")
    assert old.get_model("outcomes", "Outcome").objects.count() == 0
    rows = sorted(
        PitchOutcome.objects.values_list(
            "pitch__title", "kind", "amount", "investment_kind", "counterparty", "quantity", "note"
        )
    )
    assert rows == sorted(
        (pitches[i].title, kind, amount, inv, party, qty, note)
        for i, _r, kind, amount, inv, party, qty, note in FIXED
    )

    # The forum dashboard's figures, as its code counted them before the ledger.
    def total(kind, field="amount"):
        values = PitchOutcome.objects.filter(kind=kind).values_list(field, flat=True)
        return sum(values)

    assert (total("investment"), total("contract")) == (450_000_000, 2_000_000_000)
    assert PitchOutcome.objects.filter(kind="collaboration").count() == 1
    assert (total("patent", "quantity"), total("jobs", "quantity")) == (2, 4)

    # Forward again: nothing lost, the recorder's side kept, the figures unchanged.
    _migrate(_leaf())
    moved = Outcome.objects.order_by("pk")
    assert moved.count() == len(FIXED)
    assert {outcome.status for outcome in moved} == {Outcome.Status.CLAIMED}
    assert all(outcome.changes.filter(action="migrated").exists() for outcome in moved)
    sides = {(o.counterpart_name, o.recorded_side) for o in moved if o.counterpart_name}
    assert ("(주)한결가구", "organisation") in sides  # recorded by the firm's member
    assert ("수도권 엔젤클럽", "agency") in sides  # recorded by a coordinator
    assert moved.get(counterpart_name="경북 창업펀드").investment_kind == "grant"
    assert moved.get(counterpart_name="(주)메디쿡").kind == "joint_rd"
    assert {outcome.organisation_id for outcome in moved} == {pitches[0].organisation_id}
    (row,) = queries.dashboard_editions()
    assert {key: row["totals"][key] for key in EXPECTED} == EXPECTED
    assert row["funnel"]["followed_up"] == 2
    assert [(y["year"], y["totals"] | {"counted": 0}) for y in queries.yearly_totals()] == [
        (y["year"], y["totals"] | {"counted": 0}) for y in years
    ]
