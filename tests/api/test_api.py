"""The public API: its OpenAPI schema, a permission grid over every endpoint and role, what each
role sees, pagination, filters, rate limits and query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openapi_spec_validator import validate

from clusters import services as cluster_services
from clusters.models import MemberProfile, Visibility
from tests.factories import (
    CollaborationRequestFactory,
    MemberProfileFactory,
    OrganisationFactory,
    ProductFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ENDPOINTS = [
    "/api/v1/me",
    "/api/v1/clusters",
    "/api/v1/organisations",
    "/api/v1/organisations/hanbit-carbon",
    "/api/v1/products",
    "/api/v1/people",
    "/api/v1/collaboration-requests",
    "/api/v1/events",
    "/api/v1/forum-editions",
    "/api/v1/outcomes",
]


@pytest.fixture
def token_for(totp):
    """The secret of a new personal token of `user` (coordinators get TOTP, as they must)."""
    from clusters import permissions

    def make(user, *, two_factor=True):
        if two_factor and permissions.requires_two_factor(user) and not permissions.has_totp(user):
            totp(user)
        _token, secret = cluster_services.create_token(actor=user, name="test")
        return secret

    return make


@pytest.fixture
def call(token_for):
    def get(path, user=None, *, secret=None, **headers):
        if user is not None and secret is None:
            secret = token_for(user)
        if secret is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        return Client().get(path, HTTP_HOST="localhost", **headers)

    return get


def test_openapi_schema_validates_and_names_every_endpoint(call):
    response = call("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)  # raises on an invalid OpenAPI document
    paths = set(schema["paths"])
    for endpoint in ENDPOINTS:
        template = endpoint.replace("hanbit-carbon", "{slug}").removeprefix("/api/v1")
        assert f"/api/v1{template}" in paths
    assert schema["components"]["securitySchemes"]["PersonalTokenAuth"]["scheme"] == "bearer"


def test_docs_page_is_served_from_the_site(call):
    response = call("/api/v1/docs")
    assert response.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content  # no CDN


ROLES = [
    "anonymous",
    "visitor",
    "member",
    "other_member",
    "reviewer",
    "coordinator",
    "other_coordinator",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_grid_every_endpoint_answers_every_role(users, call, endpoint, role):
    response = call(endpoint, users[role])
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_bad_or_revoked_token_is_refused_not_read_as_anonymous(users, call, endpoint):
    assert call(endpoint, secret="chp_not-a-token").status_code == 401
    assert call(endpoint, secret="something-else").status_code == 401
    member = users["member"]
    token, secret = cluster_services.create_token(actor=member, name="phone")
    assert call(endpoint, secret=secret).status_code == 200
    cluster_services.revoke_token(token, actor=member)
    refused = call(endpoint, secret=secret, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_coordinator_without_two_factor_is_refused_as_on_the_site(
    users, call, token_for, endpoint
):
    secret = token_for(users["coordinator"], two_factor=False)
    response = call(endpoint, secret=secret, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 403
    assert "2단계" in response.json()["detail"] or "two-factor" in response.json()["detail"]


def test_me_says_who_the_token_is(users, call):
    assert call("/api/v1/me").json() == {"authenticated": False, "name": None, "roles": []}
    me = call("/api/v1/me", users["member"]).json()
    assert me == {"authenticated": True, "name": "이서연", "roles": ["member"]}


def _people_by_name(response):
    return {person["full_name"]: person for person in response.json()["items"]}


def test_contact_details_follow_the_persons_choice(users, call, organisation):
    for name, visibility in (
        ("공개", Visibility.PUBLIC),
        ("회원", Visibility.MEMBERS),
        ("비공개", Visibility.PRIVATE),
    ):
        MemberProfileFactory(
            user=UserFactory(username=name),
            organisation=organisation,
            full_name=name,
            contact_visibility=visibility,
        )
    grid = {
        None: {"공개": True, "회원": False, "비공개": False},
        "visitor": {"공개": True, "회원": False, "비공개": False},
        "other_member": {"공개": True, "회원": True, "비공개": False},
        "coordinator": {"공개": True, "회원": True, "비공개": True},
    }
    for role, expected in grid.items():
        people = _people_by_name(call("/api/v1/people?page_size=100", users.get(role)))
        seen = {name: people[name]["contact"] is not None for name in expected}
        assert seen == expected, role
    shown = _people_by_name(call("/api/v1/people?page_size=100"))["공개"]["contact"]
    public = MemberProfile.objects.get(full_name="공개")
    assert shown == {"email": public.contact_email, "phone": public.phone}


def test_unlisted_people_are_not_in_the_api(users, call, organisation):
    MemberProfileFactory(
        user=UserFactory(username="hidden"),
        organisation=organisation,
        full_name="숨김",
        is_listed=False,
    )
    assert "숨김" not in _people_by_name(call("/api/v1/people?page_size=100", users["coordinator"]))


def test_requests_are_the_open_ones_the_caller_may_see(users, call, site_tree):
    def titles(user=None):
        items = call("/api/v1/collaboration-requests", user).json()["items"]
        return {item["title"] for item in items}

    author = users["member"]
    CollaborationRequestFactory(author=author, title="공개 요청", visibility="public")
    CollaborationRequestFactory(author=author, title="회원 요청", visibility="members")
    CollaborationRequestFactory(
        author=author,
        title="클러스터 요청",
        visibility="clusters",
        target_clusters=[site_tree["carbon"]],
    )
    CollaborationRequestFactory(author=author, title="초안", visibility="public", status="draft")
    CollaborationRequestFactory(
        author=author, title="숨긴 요청", visibility="public", is_hidden=True
    )
    CollaborationRequestFactory(
        author=author, title="닫힌 요청", visibility="public", status="closed"
    )
    assert titles() == {"공개 요청"}
    assert titles(users["visitor"]) == {"공개 요청"}
    assert titles(users["other_member"]) == {"공개 요청", "회원 요청"}  # another cluster
    assert titles(users["colleague"]) == {"공개 요청", "회원 요청", "클러스터 요청", "숨긴 요청"}
    assert titles(users["coordinator"]) >= {"공개 요청", "회원 요청", "클러스터 요청"}
    assert "초안" not in titles(users["coordinator"])
    assert "닫힌 요청" not in titles(users["coordinator"])


def test_organisations_have_products_and_filters(users, call, organisation, site_tree):
    ProductFactory(organisation=organisation, name="탄소 발열 필름")
    response = call(f"/api/v1/organisations?cluster={site_tree['carbon'].translation_key}")
    items = response.json()["items"]
    assert [item["slug"] for item in items] == ["hanbit-carbon"]
    assert items[0]["products"] == [{"name": "탄소 발열 필름", "description": ""}]
    assert items[0]["clusters"] == [str(site_tree["carbon"].translation_key)]
    assert call("/api/v1/organisations?kind=university").json()["count"] == 0
    detail = call("/api/v1/organisations/hanbit-carbon").json()
    assert detail["name_en"] == "Hanbit Carbon"


def test_products_follow_the_catalogue_filters_and_the_callers_language(call, organisation):
    from translations.services import import_translation

    heater = ProductFactory(
        organisation=organisation,
        name="발열 매트",
        hs_code="851680",
        specs="전원: 12 V",
        certifications="KC, CE",
        export_markets="CN VN",
        min_order_quantity=200,
    )
    ProductFactory(organisation=organisation, name="프리프레그", hs_code="681599")
    import_translation(heater, "zh-hans", {"name": "发热垫", "specs": "电源: 12 V"})
    response = call("/api/v1/products?chapter=85&market=cn", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["name"], item["language"], item["organisation"]) == (
        "发热垫",
        "zh-hans",
        "hanbit-carbon",
    )
    assert item["specs"] == [{"name": "电源", "value": "12 V"}]
    assert item["certifications"] == ["KC", "CE"] and item["export_markets"] == ["CN", "VN"]
    assert (
        call("/api/v1/products?max_order=100").json()["count"] == 1
    )  # the prepreg has no minimum order
    assert call("/api/v1/products?q=发热垫").json()["count"] == 1
    assert call(f"/api/v1/products/{heater.pk}").json()["name"] == "발열 매트"
    assert call("/api/v1/products/999999").status_code == 404


def test_a_missing_organisation_is_a_json_404_not_a_redirect(call):
    response = call("/api/v1/organisations/no-such", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_pagination(call, site_tree):
    for number in range(5):
        OrganisationFactory(name=f"기업{number}", slug=f"company-{number}")
    first = call("/api/v1/organisations?page_size=2").json()
    assert first["count"] == 5 and first["pages"] == 3 and first["page"] == 1
    assert len(first["items"]) == 2
    last = call("/api/v1/organisations?page_size=2&page=3").json()
    assert len(last["items"]) == 1
    beyond = call("/api/v1/organisations?page_size=2&page=9").json()
    assert beyond["page"] == 3  # past the last page: the last page, saying so
    assert call("/api/v1/organisations?page_size=1000").status_code == 422
    assert call("/api/v1/organisations?page=0").status_code == 422


def test_events_come_with_sessions_and_socket_paths(call, site_tree):
    from events.models import EventIndexPage, EventPage, EventSession

    index = EventIndexPage(title="행사", slug="events")
    site_tree["home"].add_child(instance=index)
    now = timezone.now()
    event = EventPage(
        title="탄소 세미나",
        slug="seminar",
        kind=EventPage.Kind.SEMINAR,
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=2),
        venue="구미코",
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    past = EventPage(
        title="지난 행사",
        slug="past",
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3, hours=-2),
        venue="구미코",
    )
    index.add_child(instance=past)
    past.save_revision().publish()
    talk = EventSession.objects.create(
        event=event, title="발표", starts_at=event.starts_at, ends_at=event.ends_at
    )
    items = call("/api/v1/events").json()["items"]
    assert [item["title"] for item in items] == ["탄소 세미나"]
    assert items[0]["sessions"][0]["live_socket"] == f"/ws/live/{talk.pk}/"
    everything = call("/api/v1/events?upcoming=false").json()["items"]
    assert {item["title"] for item in everything} == {"탄소 세미나", "지난 행사"}


def test_rate_limit_per_caller(users, call, settings, token_for):
    from api.views import api

    limited = list(api.throttle)
    original = [(throttle.rate, throttle.num_requests, throttle.duration) for throttle in limited]
    try:
        for throttle in limited:
            throttle.rate = "3/m"
            throttle.num_requests, throttle.duration = 3, 60
        statuses = [call("/api/v1/clusters").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        secret = token_for(users["member"])
        # A token holder has their own allowance, apart from the anonymous address's.
        assert call("/api/v1/clusters", secret=secret).status_code == 200
    finally:
        for throttle, (rate, num, duration) in zip(limited, original, strict=True):
            throttle.rate, throttle.num_requests, throttle.duration = rate, num, duration


@pytest.mark.parametrize(
    ("endpoint", "maker"),
    [
        ("/api/v1/organisations?page_size=50", "organisation"),
        ("/api/v1/people?page_size=50", "person"),
        ("/api/v1/collaboration-requests?page_size=50", "request"),
    ],
)
def test_lists_take_a_fixed_number_of_queries(users, call, token_for, endpoint, maker):
    secret = token_for(users["member"])

    def add(start, count):
        for number in range(start, start + count):
            if maker == "organisation":
                organisation = OrganisationFactory(name=f"기업{number}", slug=f"org-{number}")
                ProductFactory(organisation=organisation)
                organisation.tags.set(["탄소"])
            elif maker == "person":
                MemberProfileFactory(expertise=["탄소"])
            else:
                CollaborationRequestFactory(author=users["member"], tags=["탄소"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert call(endpoint, secret=secret).status_code == 200
        return len(queries)

    add(0, 2)
    count_queries()  # the token's first use is recorded (one write a minute at most)
    few = count_queries()
    add(2, 10)
    count_queries()  # the content change re-reads what is kept per generation (the locales)
    assert count_queries() == few


def _edition(site_tree, slug):
    from forums.models import ForumEditionPage, ForumIndexPage

    index = ForumIndexPage.objects.first()
    if index is None:
        index = ForumIndexPage(title="포럼", slug="forum")
        site_tree["home"].add_child(instance=index)
        index.save_revision().publish()
    now = timezone.now()
    edition = ForumEditionPage(
        title=f"포럼 {slug}",
        slug=slug,
        forum_date=now + timedelta(days=30),
        venue="구미코",
        call_opens_at=now - timedelta(days=1),
        call_closes_at=now + timedelta(days=10),
    )
    index.add_child(instance=edition)
    edition.save_revision().publish()
    return edition


def _event(site_tree, slug):
    from events.models import EventIndexPage, EventPage, EventSession

    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(title="행사", slug="events")
        site_tree["home"].add_child(instance=index)
        index.save_revision().publish()
    now = timezone.now()
    event = EventPage(
        title=f"행사 {slug}",
        slug=slug,
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=2),
        venue="구미코",
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    EventSession.objects.create(
        event=event, title="발표", starts_at=event.starts_at, ends_at=event.ends_at
    )
    return event


@pytest.mark.parametrize(
    ("endpoint", "make"),
    [("/api/v1/events?page_size=50", _event), ("/api/v1/forum-editions", _edition)],
)
def test_event_and_forum_lists_take_a_fixed_number_of_queries(call, site_tree, endpoint, make):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = call(endpoint)
        assert response.status_code == 200
        return len(queries)

    make(site_tree, "a")
    count_queries()  # warms the caches every request shares (site root paths, locales)
    few = count_queries()
    for number in range(5):
        make(site_tree, f"more-{number}")
    count_queries()  # the content change re-reads what is kept per generation (the locales)
    assert count_queries() == few


def test_outcomes_are_the_callers_ledger_and_their_clusters_for_coordinators(
    users, call, organisation
):
    from datetime import date

    from outcomes import services as outcome_services

    patent = outcome_services.record_outcome(
        actor=users["member"],
        organisation=organisation,
        kind="patent",
        quantity=2,
        occurred_on=date(2026, 6, 2),
    )
    outcome_services.record_outcome(
        actor=users["member"],
        organisation=organisation,
        kind="jobs",
        quantity=5,
        occurred_on=date(2025, 12, 1),
    )

    def ids(user, query=""):
        return [item["id"] for item in call(f"/api/v1/outcomes{query}", user).json()["items"]]

    seen = {role: len(ids(users[role])) for role in ROLES}
    assert seen == {
        "anonymous": 0,
        "visitor": 0,
        "member": 2,
        "other_member": 0,
        "reviewer": 0,
        "coordinator": 2,  # of the carbon cluster, the firm's
        "other_coordinator": 0,
    }
    (item,) = call("/api/v1/outcomes?year=2026", users["member"]).json()["items"]
    assert item["id"] == patent.pk and item["kind"] == "patent" and item["quantity"] == 2
    assert item["status"] == "claimed" and item["counts"] is False
    assert item["organisation"] == "hanbit-carbon" and item["origin"] is None
    assert item["url"].endswith(patent.get_absolute_url())
    assert ids(users["member"], "?counts=true") == []
    assert ids(users["member"], "?kind=jobs&counts=false") != []
