import pytest
from wagtail.test.utils import WagtailPageTestCase

from clusters.models import MiniClusterIndexPage, MiniClusterPage
from events.models import EventIndexPage, EventPage
from forums.models import ForumIndexPage
from home.models import HomePage, StandardPage

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


class TestPageTree(WagtailPageTestCase):
    def test_allowed_parents_and_children(self):
        self.assertAllowedSubpageTypes(
            HomePage, {MiniClusterIndexPage, ForumIndexPage, EventIndexPage, StandardPage}
        )
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(MiniClusterIndexPage, {MiniClusterPage})
        self.assertAllowedSubpageTypes(MiniClusterPage, set())
        self.assertAllowedParentPageTypes(MiniClusterPage, {MiniClusterIndexPage})


@pytest.fixture
def wagtail_asserts(client):
    """Wagtail's page-test assertions, bound to pytest-django's client."""
    from django.test import RequestFactory

    case = WagtailPageTestCase(methodName="run")
    case.client = client
    case.dummy_request = RequestFactory().get("/")
    return case


def test_pages_render_and_open_in_the_editor(site_tree, admin_user, totp, client):
    totp(admin_user)  # superusers need TOTP to reach the admin
    client.force_login(admin_user)
    for page in site_tree.values():
        assert client.get(page.url).status_code == 200, page.url
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


def test_coordinators_can_save_a_cluster_page(site_tree, users, totp, wagtail_asserts):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    coordinator = users["coordinator"]
    totp(coordinator)
    data = nested_form_data(
        {
            "title": "탄소부품소재 미니클러스터",
            "slug": "carbon",
            "field": "carbon",
            "summary": "탄소섬유 기업의 협업",
            "goals": rich_text("<p>공동 R&amp;D</p>"),
            "contacts": inline_formset(
                [{"name": "박지현", "role": "코디네이터", "email": "c@example.kr", "phone": "054"}]
            ),
            "body": streamfield([("heading", {"text": "소식", "size": "h2"})]),
        }
    )
    wagtail_asserts.assertPageIsEditable(site_tree["carbon"], data, user=coordinator)


def test_coordinators_cannot_edit_other_clusters(site_tree, users, totp, client):
    coordinator = users["coordinator"]
    totp(coordinator)
    client.force_login(coordinator)
    assert client.get(f"/admin/pages/{site_tree['carbon'].pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{site_tree['printing'].pk}/edit/").status_code in {302, 403}


def test_cluster_page_lists_member_organisations_in_both_languages(
    client, site_tree, organisation, other_organisation
):
    html = client.get(site_tree["carbon"].url).content.decode()
    assert "탄소부품소재 미니클러스터" in html
    assert organisation.name in html and other_organisation.name not in html
    html_en = client.get(site_tree["carbon_en"].url).content.decode()
    assert site_tree["carbon_en"].url.startswith("/en/")
    assert "Carbon Parts &amp; Materials Mini-cluster" in html_en
    assert "Hanbit Carbon" in html_en  # memberships follow the page's translations
    assert "Member organisations" in html_en and "회원 기관" in html


def test_home_page_shows_clusters_with_counts(client, site_tree, users):
    response = client.get(site_tree["home"].url)
    clusters = {page.slug: page for page in response.context["clusters"]}
    assert clusters["carbon"].organisation_count == 1
    assert clusters["carbon"].member_count == 2  # member and colleague of Hanbit Carbon
    assert clusters["3d-printing"].member_count == 1
    assert response.context["totals"]["clusters"] == 2


def test_language_switcher_points_at_translated_page(client, site_tree):
    html = client.get(site_tree["carbon"].url).content.decode()
    assert f'href="{site_tree["carbon_en"].url}" hreflang="en"' in html


def test_cluster_index_query_count_is_constant(
    uncached_pages, client, site_tree, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ClusterMembershipFactory, MemberProfileFactory

    def measure():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(site_tree["index"].url).status_code == 200
        return len(queries)

    measure()
    before = measure()
    for _ in range(10):
        profile = MemberProfileFactory()
        ClusterMembershipFactory(organisation=profile.organisation, cluster=site_tree["carbon"])
    measure()  # the shared header fragments are rebuilt after a change
    assert measure() == before
