from datetime import date

import pytest

from outcomes import services
from tests.factories import ClusterMembershipFactory, MemberProfileFactory, OrganisationFactory


@pytest.fixture
def partner(site_tree):
    """A second firm of the carbon cluster and its admin, who reads English."""
    firm = OrganisationFactory(name="(주)카본텍", name_en="CarbonTech", slug="carbontech")
    ClusterMembershipFactory(organisation=firm, cluster=site_tree["carbon"])
    person = MemberProfileFactory(
        organisation=firm, is_organisation_admin=True, full_name="최지우", preferred_language="en"
    ).user
    return {"organisation": firm, "user": person}


@pytest.fixture
def who(users, partner):
    return {
        "anonymous": None,
        "visitor": users["visitor"],
        "recorder": users["member"],  # 한빛카본, the firm credited
        "colleague": users["colleague"],  # 한빛카본 too
        "other_side": partner["user"],  # 카본텍, the other side
        "other_member": users["other_member"],  # 프린트메탈, not in it
        "coordinator": users["coordinator"],  # of the carbon cluster: both firms
        "other_coordinator": users["other_coordinator"],  # of the printing cluster
    }


def contract(users, partner, **facts):
    values = {
        "kind": "supply_contract",
        "amount": 250_000_000,
        "currency": "KRW",
        "occurred_on": date(2026, 9, 14),
        "counterpart": partner["organisation"],
        "note": "탄소 히터 공급",
    } | facts
    return services.record_outcome(
        actor=users["member"], organisation=users["member"].profile.organisation, **values
    )


@pytest.fixture
def two_factor(users, totp):
    """The coordinators have set up TOTP, as every entry point asks of them (pages get it from
    `login_as` instead)."""
    totp(users["coordinator"])
    totp(users["other_coordinator"])
