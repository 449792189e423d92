"""The visitors' page cache (cluster_hub/page_cache.py): hits, invalidation, and the grid that
proves nothing personal is ever served from it to someone else."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cluster_hub import page_cache
from cluster_hub.page_cache import HIT_HEADER
from events import services as event_services
from notifications.services import notify
from tests.cluster_hub.conftest import PAGE_NAMES
from tests.factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _visitor():
    return Client()


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_a_visitors_second_request_is_served_from_the_cache_without_queries(pages, name):
    first = _visitor().get(pages[name])
    assert first.status_code == 200
    assert first[HIT_HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = _visitor().get(pages[name])
    assert second[HIT_HEADER] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


def test_each_language_has_its_own_copy(pages, site_tree):
    korean = _visitor().get(pages["cluster"])
    english = _visitor().get(pages["cluster_en"])
    assert "탄소부품소재 미니클러스터" in korean.content.decode()
    assert "Carbon Parts &amp; Materials Mini-cluster" in english.content.decode()
    assert _visitor().get(pages["cluster_en"])[HIT_HEADER] == "hit"
    assert '<html lang="en">' in _visitor().get(pages["cluster_en"]).content.decode()


def test_publishing_a_page_invalidates_it(pages, site_tree):
    _visitor().get(pages["cluster"])
    carbon = site_tree["carbon"]
    carbon.title = "탄소 소재 미니클러스터 (개편)"
    carbon.save_revision().publish()
    response = _visitor().get(pages["cluster"])
    assert response[HIT_HEADER] == "miss"
    assert "탄소 소재 미니클러스터 (개편)" in response.content.decode()


def test_editing_an_organisation_invalidates_the_directory_and_its_page(pages, organisation):
    _visitor().get(pages["directory"])
    _visitor().get(pages["organisation"])
    organisation.summary = "새로운 소개: 탄소섬유 발열체 전문"
    organisation.save()
    for name in ("directory", "organisation"):
        response = _visitor().get(pages[name])
        assert response[HIT_HEADER] == "miss"
        assert "새로운 소개" in response.content.decode()


def test_a_registration_updates_the_seat_count_visitors_see(pages, event, users):
    assert "정원 30명 중 0명 신청" in _visitor().get(pages["event"]).text
    event_services.register(event, actor=users["member"])
    assert "정원 30명 중 1명 신청" in _visitor().get(pages["event"]).text


def test_live_questions_do_not_invalidate_pages(pages, event, users):
    """Live data goes over the sockets; a question asked must not empty the cache."""
    from events.models import EventSession

    session = EventSession.objects.create(
        event=event, title="Q&A", starts_at=event.starts_at, ends_at=event.ends_at
    )
    _visitor().get(pages["event"])
    event_services.ask_question(session, actor=users["member"], body="탄소섬유 단가는?")
    assert _visitor().get(pages["event"])[HIT_HEADER] == "hit"


def test_a_notification_does_not_invalidate_pages(pages, users):
    _visitor().get(pages["home"])
    notify(recipient=users["member"], kind="collaboration_response", params={})
    assert _visitor().get(pages["home"])[HIT_HEADER] == "hit"


# --- nothing personal, ever, to the wrong person ---------------------------------------------

ROLES = ["visitor", "member", "other_member", "coordinator"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_signed_in_people_never_get_the_cached_copy_and_never_leave_theirs(
    pages, users, client_for, role, name
):
    user = users[role]
    notify(recipient=user, kind="collaboration_response", params={})
    client = client_for(user)  # (a coordinator's TOTP is set up here, before the visitor)
    anonymous_first = _visitor().get(pages[name])
    signed_in = client.get(pages[name])
    assert signed_in.status_code == 200
    assert HIT_HEADER not in signed_in
    body = signed_in.content.decode()
    assert "Sign out" in body or "로그아웃" in body
    assert 'class="count-badge">1<' in body  # their own notification count
    # Their page (name, count, CSRF token) never becomes what visitors get.
    later_visitor = _visitor().get(pages[name])
    assert later_visitor[HIT_HEADER] == "hit"
    assert later_visitor.content == anonymous_first.content
    visitor_body = later_visitor.content.decode()
    assert "count-badge" not in visitor_body
    assert "csrfmiddlewaretoken" not in visitor_body
    assert "account/logout" not in visitor_body


def test_contact_details_for_members_stay_out_of_the_visitors_copy(pages, users, client_for):
    profile = users["member"].profile
    profile.contact_email = "seoyeon@hanbit.example"
    profile.contact_visibility = "members"
    profile.save()
    assert "seoyeon@hanbit.example" in client_for(users["colleague"]).get(pages["profile"]).text
    for _ in range(2):
        assert "seoyeon@hanbit.example" not in _visitor().get(pages["profile"]).text


def test_two_members_each_get_their_own_csrf_token_and_count(pages, users):
    first, second = Client(), Client()
    first.force_login(users["member"], backend="django.contrib.auth.backends.ModelBackend")
    second.force_login(users["other_member"], backend="django.contrib.auth.backends.ModelBackend")
    notify(recipient=users["member"], kind="collaboration_response", params={})
    one = first.get(pages["event"]).text
    two = second.get(pages["event"]).text
    token = r'name="csrfmiddlewaretoken" value="([^"]+)"'
    tokens = [re.findall(token, body) for body in (one, two)]
    assert tokens[0] and tokens[1]
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert 'class="count-badge">1<' in one
    assert "count-badge" not in two


def test_a_visitor_with_a_session_is_not_served_from_the_cache(pages):
    _visitor().get(pages["home"])
    with_session = Client()
    with_session.cookies["sessionid"] = "whatever-they-had"
    assert HIT_HEADER not in with_session.get(pages["home"])


def test_pending_messages_are_shown_not_skipped(pages, users, client_for):
    """A visitor coming back from a form with a message gets it, not the cached copy."""
    _visitor().get(pages["home"])
    signed_out = client_for(users["member"])
    signed_out.post(reverse("account_logout"))
    response = signed_out.get(pages["home"])
    assert HIT_HEADER not in response
    assert 'class="message message-' in response.text


def test_pages_with_a_form_token_are_not_cached(site_tree):
    login = reverse("account_login")
    one, two = _visitor().get(login), _visitor().get(login)
    assert HIT_HEADER not in one and HIT_HEADER not in two
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(one.text).group(1) != token.search(two.text).group(1)


def test_members_only_pages_redirect_visitors_and_are_not_cached(site_tree, users):
    dashboard = reverse("clusters:dashboard")
    for _ in range(2):
        response = _visitor().get(dashboard)
        assert response.status_code == 302
        assert HIT_HEADER not in response


def test_the_api_is_never_served_from_the_page_cache(site_tree):
    for _ in range(2):
        assert HIT_HEADER not in _visitor().get("/api/v1/clusters")


def test_the_generation_survives_a_flush_with_a_new_number(site_tree):
    from django.core.cache import cache

    before = page_cache.generation()
    cache.clear()
    assert page_cache.generation() != before


def test_signed_in_fragments_follow_content_changes(pages, site_tree, users, client_for):
    """The header is a shared fragment for signed-in people; a change shows at once."""
    client = client_for(users["member"])
    assert "탄소부품소재 미니클러스터" in client.get(pages["cluster"]).text
    carbon = site_tree["carbon_en"]
    carbon.slug = "carbon-materials"
    carbon.save_revision().publish()
    body = client.get(pages["cluster"]).text
    assert "/en/clusters/carbon-materials/" in body  # the language switcher's English link


def test_a_new_account_after_signup_sees_its_own_header(pages):
    user = UserFactory(username="newcomer")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    _visitor().get(pages["home"])
    assert HIT_HEADER not in client.get(pages["home"])


# --- the page route, from the shared cache (cluster_hub/pages.py serve_page) -----------------


def test_a_page_view_reads_no_page_tree_once_its_route_is_cached(pages, users, client_for):
    client = client_for(users["member"])
    assert client.get(pages["cluster"]).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(pages["cluster"])
    assert response.status_code == 200
    assert "탄소부품소재 미니클러스터" in response.text
    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if 'FROM "wagtailcore_site"' in sql]
    # Routing walked the tree one level per query; now only the page's own data is read.
    assert not [sql for sql in statements if '"wagtailcore_page"."slug" = ' in sql]


def test_an_unpublished_page_is_gone_at_once_despite_the_cached_route(
    pages, site_tree, users, client_for
):
    client = client_for(users["member"])
    assert client.get(pages["cluster"]).status_code == 200
    site_tree["carbon"].unpublish()
    assert client.get(pages["cluster"]).status_code == 404
    assert _visitor().get(pages["cluster"]).status_code == 404


def test_a_routable_page_still_resolves_its_sub_pages_from_the_cached_route(
    event, users, client_for
):
    client = client_for(users["member"])
    register = event.url + "register/"
    assert client.get(event.url).status_code == 200
    assert client.get(register, follow=False).status_code in (200, 302, 405)
    response = client.post(register)
    assert response.status_code == 302
    assert event.source.registrations.filter(user=users["member"]).exists()


def test_a_change_is_saved_when_the_cache_cannot_be_reached(organisation, monkeypatch):
    """Invalidating is a side effect: a cache (Redis) that is down must not lose the write."""
    from django.core.cache import cache

    def unreachable(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(cache, "incr", unreachable)
    monkeypatch.setattr(cache, "set", unreachable)
    organisation.summary = "캐시가 멈춘 동안 저장된 소개"
    organisation.save()
    organisation.refresh_from_db()
    assert organisation.summary == "캐시가 멈춘 동안 저장된 소개"
