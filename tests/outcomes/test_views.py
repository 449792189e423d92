"""The ledger's pages: who sees and does what (a grid over every page and action), recording
through the form, evidence checked by content, and a fixed number of queries per list."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from outcomes import services
from outcomes.models import Outcome, OutcomeEvidence

from .conftest import contract
from .test_services import pdf

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
ROLES = [
    "anonymous",
    "visitor",
    "recorder",
    "colleague",
    "other_side",
    "other_member",
    "coordinator",
    "other_coordinator",
]


def url(name, *args):
    with translation.override("ko"):
        return reverse(name, args=args)


def outcome_of(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


@pytest.fixture
def claimed(users, partner):
    outcome = contract(users, partner)
    services.add_evidence(outcome, actor=users["member"], upload=pdf())
    return outcome


PAGES = {
    # page: ({role: outcome}, default)
    "ledger": (
        {"anonymous": "login", "visitor": 403, "other_coordinator": 200, "coordinator": 200},
        200,
    ),
    "record": ({"anonymous": "login", "visitor": 403}, 200),
    "review": ({"anonymous": "login", "coordinator": 200, "other_coordinator": 200}, 403),
    "review_csv": ({"anonymous": "login", "coordinator": 200, "other_coordinator": 200}, 403),
    "outcome": (
        {
            "anonymous": "login",
            "recorder": 200,
            "colleague": 200,
            "other_side": 200,
            "coordinator": 200,
        },
        404,
    ),
    "edit": (
        {
            "anonymous": "login",
            "recorder": 200,
            "colleague": 200,
            "other_side": 403,
            "coordinator": 403,
        },
        404,
    ),
    "evidence": (
        {
            "anonymous": "login",
            "recorder": 200,
            "colleague": 200,
            "other_side": 200,
            "coordinator": 200,
        },
        404,
    ),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_permission_grid(page, who, claimed, login_as):
    expected_for, default = PAGES[page]
    args = {"outcome": [claimed.pk], "edit": [claimed.pk]}.get(page, [])
    if page == "evidence":
        args = [claimed.evidence.get().pk]
    got = {
        role: outcome_of(login_as(who[role]).get(url(f"outcomes:{page}", *args))) for role in ROLES
    }
    assert got == {role: expected_for.get(role, default) for role in ROLES}


ACTIONS = {
    # action: the roles that may (302 back to the page); others get 403, or 404 when they
    # cannot see the outcome at all.
    "confirm": {"other_side"},
    "dispute": {"other_side"},
    "verify": {"coordinator"},
    "withdraw": {"recorder", "colleague"},
}
SEES = {"recorder", "colleague", "other_side", "coordinator"}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_action_permission_grid(action, who, claimed, login_as):
    got = {}
    for role in ROLES:
        Outcome.objects.filter(pk=claimed.pk).update(status=Outcome.Status.CLAIMED)
        response = login_as(who[role]).post(
            url("outcomes:outcome", claimed.pk),
            {"action": action, "dispute-reason": "금액이 다릅니다"},
        )
        got[role] = outcome_of(response)
    expected = {
        role: "login"
        if role == "anonymous"
        else 302
        if role in ACTIONS[action]
        else 403
        if role in SEES
        else 404
        for role in ROLES
    }
    assert got == expected


def test_a_member_records_an_outcome_through_the_form(who, users, partner, login_as):
    client = login_as(users["member"])
    page = url("outcomes:record")
    form = client.get(page).content.decode()
    assert 'name="amount"' in form and "(주)카본텍" in form
    refused = client.post(
        page,
        {
            "organisation": users["member"].profile.organisation.pk,
            "kind": "investment",
            "amount": "300000000",
            "currency": "KRW",
            "occurred_on": "2026-05-20",
        },
    )
    assert refused.status_code == 200
    assert "투자 종류" in refused.content.decode() or "investment" in refused.content.decode()
    assert not Outcome.objects.exists()
    saved = client.post(
        page,
        {
            "organisation": users["member"].profile.organisation.pk,
            "kind": "supply_contract",
            "amount": "80000000",
            "currency": "KRW",
            "occurred_on": "2026-05-20",
            "counterpart": partner["organisation"].pk,
            "note": "시제품 공급",
        },
    )
    outcome = Outcome.objects.get()
    assert saved.status_code == 302 and saved["Location"] == outcome.get_absolute_url()
    assert outcome.counterpart == partner["organisation"] and outcome.amount == 80_000_000
    # Someone else's organisation is not on offer.
    other = client.post(
        page,
        {
            "organisation": users["other_member"].profile.organisation.pk,
            "kind": "mou",
            "currency": "KRW",
            "occurred_on": "2026-05-20",
        },
    )
    assert other.status_code == 200 and Outcome.objects.count() == 1


def test_the_other_side_confirms_on_the_page_in_english(who, users, partner, login_as):
    outcome = contract(users, partner)
    client = login_as(partner["user"])
    with translation.override("en"):
        page = reverse("outcomes:outcome", args=[outcome.pk])
        ledger = reverse("outcomes:ledger")
    waiting = client.get(ledger).content.decode()
    assert "Waiting for your confirmation" in waiting and page in waiting
    html = client.get(page).content.decode()
    assert "Is this right?" in html and "KRW 250,000,000" in html
    assert client.post(page, {"action": "confirm"}).status_code == 302
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.CONFIRMED
    assert "Confirmed" in client.get(page).content.decode()


def test_evidence_is_checked_by_content_and_stored_under_a_random_name(
    who, users, partner, login_as
):
    outcome = contract(users, partner)
    client = login_as(users["member"])
    page = url("outcomes:outcome", outcome.pk)
    fake = SimpleUploadedFile("contract.pdf", b"<html><script>alert(1)</script></html>")
    refused = client.post(page, {"action": "evidence", "evidence-file": fake})
    assert refused.status_code == 200 and not OutcomeEvidence.objects.exists()
    good = SimpleUploadedFile("계약서.pdf", b"%PDF-1.4\n%%EOF\n")
    assert client.post(page, {"action": "evidence", "evidence-file": good}).status_code == 302
    stored = OutcomeEvidence.objects.get()
    assert stored.content_type == "application/pdf" and stored.name == "계약서.pdf"
    assert stored.file.name.startswith("outcomes/") and stored.file.name.endswith(".pdf")
    assert "계약서" not in stored.file.name
    download = client.get(stored.get_absolute_url())
    assert download["Content-Type"] == "application/pdf"


def test_the_trail_is_on_the_page(who, users, partner, login_as):
    outcome = contract(users, partner)
    services.dispute_outcome(outcome, actor=partner["user"], reason="금액 확인 필요")
    services.update_outcome(outcome, actor=users["member"], amount=240_000_000)
    html = login_as(users["coordinator"]).get(url("outcomes:outcome", outcome.pk)).content.decode()
    assert "금액 확인 필요" in html
    assert "250000000 → 240000000" in html
    assert "(주)한빛카본 · " in html  # recorded by the firm, as the other side knows it


def test_the_recording_side_reads_what_the_other_side_disputes(who, users, partner, login_as):
    outcome = contract(users, partner)
    services.dispute_outcome(outcome, actor=partner["user"], reason="운송비는 별도였습니다")
    page = url("outcomes:outcome", outcome.pk)
    mine = login_as(users["colleague"]).get(page).content.decode()
    assert 'id="disputed-heading"' in mine and "운송비는 별도였습니다" in mine
    theirs = login_as(partner["user"]).get(page).content.decode()
    assert 'id="disputed-heading"' not in theirs


def test_lists_read_a_fixed_number_of_queries(who, users, partner, login_as):
    def count(user, page):
        client = login_as(user)
        client.get(page)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        return len(queries)

    contract(users, partner)
    few = {page: count(who["recorder"], url(page)) for page in ("outcomes:ledger",)}
    few["review"] = count(who["coordinator"], url("outcomes:review"))
    for day in range(1, 8):
        contract(users, partner, occurred_on=date(2026, 3, day), amount=day * 1_000_000)
    many = {page: count(who["recorder"], url(page)) for page in ("outcomes:ledger",)}
    many["review"] = count(who["coordinator"], url("outcomes:review"))
    assert many == few


def test_an_outcome_records_where_it_came_from_and_only_its_parties_may_cite_it(
    who, users, partner, login_as
):
    from tests.factories import CollaborationRequestFactory

    request = CollaborationRequestFactory(author=users["member"], title="탄소 히터 공동개발")
    origin = f"collaboration:{request.pk}"
    client = login_as(users["member"])
    form = client.get(url("outcomes:record"), {"origin": origin}).content.decode()
    assert "탄소 히터 공동개발" in form and f'value="{origin}"' in form
    client.post(
        url("outcomes:record"),
        {
            "origin": origin,
            "organisation": users["member"].profile.organisation.pk,
            "kind": "joint_rd",
            "currency": "KRW",
            "occurred_on": "2026-08-01",
            "counterpart": partner["organisation"].pk,
        },
    )
    outcome = Outcome.objects.get()
    page = login_as(partner["user"]).get(outcome.get_absolute_url()).content.decode()
    assert "탄소 히터 공동개발" in page and request.get_absolute_url() in page
    # Someone who is not a party to the request cannot cite it: the form leaves it out, the
    # service refuses it.
    stranger = login_as(users["other_member"])
    assert (
        "탄소 히터 공동개발"
        not in stranger.get(url("outcomes:record"), {"origin": origin}).content.decode()
    )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.record_outcome(
            actor=users["other_member"],
            organisation=users["other_member"].profile.organisation,
            kind="mou",
            occurred_on=date(2026, 8, 1),
            origin=request,
        )


def test_coordinators_download_their_firms_outcomes_with_safe_cells(who, users, partner, login_as):
    contract(users, partner, note='=HYPERLINK("http://x")')
    csv_text = login_as(users["coordinator"]).get(url("outcomes:review_csv")).content.decode()
    header, row = csv_text.lstrip("\ufeff").splitlines()[:2]
    assert header.startswith("id,occurred_on,kind,investment_kind,status,counts")
    assert "supply_contract" in row and "claimed" in row and "250000000" in row
    assert "'=HYPERLINK" in row  # a formula becomes text
    elsewhere = login_as(users["other_coordinator"]).get(url("outcomes:review_csv"))
    assert len(elsewhere.content.decode().lstrip("\ufeff").splitlines()) == 1  # header only
