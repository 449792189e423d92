import pytest
from django.core.management import call_command
from wagtail.models import Page

from clusters.models import (
    ClusterRole,
    MemberProfile,
    MiniClusterPage,
    Organisation,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def counts():
    return (
        Page.objects.count(),
        Organisation.objects.count(),
        MemberProfile.objects.count(),
        ClusterRole.objects.count(),
    )


def test_load_demo_data_is_complete_and_idempotent(client):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = counts()
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first

    assert MiniClusterPage.objects.filter(locale__language_code="ko").count() == 8
    for code in ("en", "zh-hans", "vi"):
        assert MiniClusterPage.objects.live().filter(locale__language_code=code).count() == 8
    organisations = Organisation.objects.all()
    assert 38 <= organisations.count() <= 45
    assert set(organisations.values_list("kind", flat=True)) == {
        "company",
        "university",
        "research",
        "support",
    }
    assert MemberProfile.objects.filter(is_listed=True).count() >= 150
    assert all(org.memberships.exists() for org in organisations)

    # The eight clusters show their members in Korean and in English.
    for language in ("ko", "en"):
        html = client.get(f"/{language}/clusters/").content.decode()
        assert html.count('class="card cluster-card"') == 8
    assert "탄소부품소재 미니클러스터" in client.get("/ko/clusters/").content.decode()
    assert "Carbon Parts &amp; Materials" in client.get("/en/clusters/").content.decode()

    # The printed member login works.
    response = client.post(
        "/ko/accounts/login/",
        {"login": "member@clusterhub.local", "password": "clusterhub-demo-2026"},
    )
    assert response.status_code == 302
    assert client.get("/ko/dashboard/").status_code == 200
