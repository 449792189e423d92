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
    # One load of the demo for both checks: it takes half a minute.
    check_four_language_share(client)


def check_four_language_share(client):
    """Demo content in four languages in a realistic share (issue #15)."""
    from collections import Counter

    from events.models import EventPage
    from translations.models import TranslationStatus
    from translations.queries import prefetch_translations, statuses_of

    organisations = prefetch_translations(list(Organisation.objects.all()))
    statuses = {code: Counter() for code in ("en", "zh-hans", "vi")}
    for organisation in organisations:
        for code, status in statuses_of(organisation):
            if code in statuses:
                statuses[code][status] += 1
    total = len(organisations)
    # Every organisation in English; about two thirds in Chinese and Vietnamese, some of them
    # made before the Korean text last changed, some Vietnamese ones machine-made.
    assert statuses["en"][TranslationStatus.TRANSLATED] == total
    for code in ("zh-hans", "vi"):
        present = total - statuses[code][TranslationStatus.MISSING]
        assert 0.6 * total <= present <= 0.75 * total
        assert statuses[code][TranslationStatus.NEEDS_UPDATE] >= 3
    assert statuses["vi"][TranslationStatus.MACHINE] >= 3
    # Events: translated pages, not aliases, in every language for the forum day.
    forum_day = EventPage.objects.filter(slug="forum-live-day", alias_of__isnull=True)
    assert set(forum_day.values_list("locale__language_code", flat=True)) == {
        "ko",
        "en",
        "zh-hans",
        "vi",
    }
    # Every forum edition already held has its programme (2026-4 once had none: only
    # waiting-list decisions fell on it) and says so in every language.
    from forums.models import ForumEditionPage

    for edition in ForumEditionPage.objects.filter(locale__language_code="ko"):
        if edition.is_past:
            assert edition.programme_slots.exists(), edition.slug
    held = client.get("/en/forum/2026-4/").content.decode()
    assert "announced after the review" not in held
    # The platform's operator is not a card in the directory.
    people = client.get("/ko/directory/people/?q=관리자").content.decode()
    assert "관리자" not in people.split('<main id="main"', 1)[1].split("</form>", 1)[1]
