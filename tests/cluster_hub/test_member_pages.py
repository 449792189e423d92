"""Signed-in pages (#16): at most 10 queries once the shared fragments are warm, and the
caches that get them there (the viewer's roles and profile, the route with its view
restrictions, the locales) never outlive the change that would alter an answer."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from clusters import permissions, services
from clusters.models import ClusterRole
from events.models import EventSession
from tests.cluster_hub.conftest import PAGE_NAMES
from tests.factories import ClusterMembershipFactory, OrganisationFactory, ProductFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
# Outside a test transaction: the viewer's facts are only shared from committed data.
committed = pytest.mark.django_db(transaction=True)
QUERY_BUDGET = 10


@committed
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_a_members_page_runs_at_most_ten_queries(pages, users, name):
    member = Client()
    member.force_login(users["member"])
    assert member.get(pages[name]).status_code == 200  # warms the shared fragments
    with CaptureQueriesContext(connection) as queries:
        response = member.get(pages[name])
    assert response.status_code == 200
    assert len(queries) <= QUERY_BUDGET, [query["sql"][:120] for query in queries]


def _fresh(user):
    """The user as the next request loads them (nothing remembered on the object)."""
    return get_user_model().objects.get(pk=user.pk)


@committed
def test_a_granted_or_revoked_role_counts_at_the_next_request(users, site_tree):
    member = users["member"]
    assert not permissions.is_coordinator(_fresh(member))
    role = services.assign_role(
        actor=None, user=member, kind=ClusterRole.Kind.COORDINATOR, cluster=site_tree["carbon"]
    )
    assert permissions.is_coordinator(_fresh(member), site_tree["carbon"])
    services.revoke_role(role, actor=None)
    assert not permissions.is_coordinator(_fresh(member))


@committed
def test_a_role_read_inside_a_rolled_back_transaction_is_not_remembered(users, site_tree):
    member = users["member"]
    assert not permissions.is_coordinator(_fresh(member))

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        services.assign_role(actor=None, user=member, kind=ClusterRole.Kind.COORDINATOR)
        assert permissions.is_coordinator(_fresh(member))
        raise RolledBack
    assert not permissions.is_coordinator(_fresh(member))


@committed
def test_a_profile_change_counts_at_the_next_request(users):
    member = users["member"]
    assert permissions.is_member(_fresh(member))
    profile = member.profile
    profile.membership_confirmed = False
    profile.save()
    assert not permissions.is_member(_fresh(member))


def test_view_restrictions_hold_on_a_cached_route(site_tree, users):
    page = site_tree["carbon"]
    url = page.url
    visitor, member = Client(), Client()
    member.force_login(users["member"])
    assert visitor.get(url).status_code == 200
    assert visitor.get(url).status_code == 200  # the route is cached now
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        refused = Client().get(url)
        assert refused.status_code == 302 and "login" in refused["Location"]
        assert member.get(url).status_code == 200
    PageViewRestriction.objects.filter(page=page).delete()
    assert Client().get(url).status_code == 200


def test_the_shared_directory_results_follow_changes_and_filters(users, organisation):
    member = Client()
    member.force_login(users["member"])
    url = reverse("clusters:organisation_directory")
    assert "(주)한빛카본" in member.get(url).content.decode()
    organisation.name = "(주)한빛카본소재"
    organisation.save()
    assert "(주)한빛카본소재" in member.get(url).content.decode()
    assert "(주)한빛카본소재" in Client().get(url).content.decode()
    filtered = member.get(url, {"q": "존재하지않는기관이름"}).content.decode()
    assert "한빛카본소재" not in filtered
    with translation.override("en"):
        english = reverse("clusters:organisation_directory")
    assert "Hanbit Carbon" in member.get(english).content.decode()


def test_a_cluster_pages_shared_part_follows_edits_and_never_holds_a_preview(site_tree, users):
    carbon = site_tree["carbon"]
    member = Client()
    member.force_login(users["member"])
    assert "(주)새회원기관" not in member.get(carbon.url).content.decode()
    organisation = OrganisationFactory(name="(주)새회원기관", slug="new-member")
    ClusterMembershipFactory(organisation=organisation, cluster=carbon)
    assert "(주)새회원기관" in member.get(carbon.url).content.decode()

    draft = type(carbon).objects.get(pk=carbon.pk)
    draft.goals = "<p>아직 공개하지 않은 목표 초안</p>"
    assert "공개하지 않은 목표 초안" in draft.make_preview_request().content.decode()
    assert "공개하지 않은 목표 초안" not in member.get(carbon.url).content.decode()
    assert "공개하지 않은 목표 초안" not in Client().get(carbon.url).content.decode()


def test_an_organisation_pages_shared_part_follows_edits_and_keeps_each_readers_buttons(
    users, organisation
):
    url = reverse("clusters:organisation_detail", args=[organisation.slug])
    edit_url = reverse("clusters:organisation_edit", args=[organisation.slug])
    admin, other = Client(), Client()
    admin.force_login(users["member"])
    other.force_login(users["other_member"])
    assert "새 제품 라인" not in admin.get(url).content.decode()
    ProductFactory(organisation=organisation, name="새 제품 라인")
    mine, theirs = admin.get(url).content.decode(), other.get(url).content.decode()
    assert "새 제품 라인" in mine and "새 제품 라인" in theirs
    assert edit_url in mine and edit_url not in theirs


def test_an_event_pages_agenda_follows_edits_and_never_holds_a_preview(event, users):
    member = Client()
    member.force_login(users["member"])
    session = EventSession.objects.create(
        event=event, title="개회사", starts_at=event.starts_at, ends_at=event.ends_at
    )
    assert "개회사" in member.get(event.url).content.decode()
    session.title = "새로 이름 붙인 세션"
    session.save()
    assert "새로 이름 붙인 세션" in member.get(event.url).content.decode()

    draft = type(event).objects.get(pk=event.pk)
    draft.summary = "아직 공개하지 않은 행사 소개"
    assert "공개하지 않은 행사 소개" in draft.make_preview_request().content.decode()
    assert "공개하지 않은 행사 소개" not in member.get(event.url).content.decode()


def _generation_reads(monkeypatch):
    from cluster_hub import page_cache

    reads = []
    original = page_cache.cache.get

    def counting_get(key, *args, **kwargs):
        if key == page_cache.GENERATION_KEY:
            reads.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(page_cache.cache, "get", counting_get)
    return reads


@pytest.mark.parametrize("name", ["cluster", "event", "directory"])
def test_a_members_request_reads_the_content_generation_once(pages, users, name, monkeypatch):
    member = Client()
    member.force_login(users["member"])
    assert member.get(pages[name]).status_code == 200
    reads = _generation_reads(monkeypatch)
    assert member.get(pages[name]).status_code == 200
    assert len(reads) == 1


def test_a_write_inside_a_request_forgets_the_remembered_generation(db):
    from cluster_hub import page_cache

    seen = {}

    def view(request):
        seen["before"] = page_cache.generation()
        assert page_cache.generation() == seen["before"]  # remembered
        page_cache.invalidate()
        seen["after"] = page_cache.generation()
        return "done"

    assert page_cache.remembered_per_request(view)(object()) == "done"
    assert seen["after"] != seen["before"]
    assert page_cache.generation() == seen["after"]  # outside a request: read each time
