"""Every page of a live event × every role; registration through the page; one query-count
test for the event list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import JuryMember, Registration

from .conftest import make_event

pytestmark = pytest.mark.integration

ROLES = ["anonymous", "visitor", "member", "reviewer", "coordinator", "other_coordinator"]


def route(event, name, *args):
    return event.url + event.reverse_subpage(name, args=args)


# view name → role → expected status (302 = sent to log in)
GRID = {
    "page": dict.fromkeys(ROLES, 200),
    "live": dict.fromkeys(ROLES, 200),
    "screen": dict.fromkeys(ROLES, 200),
    "console": {
        "anonymous": 302,
        "visitor": 403,
        "member": 403,
        "reviewer": 403,
        "coordinator": 200,
        "other_coordinator": 403,
    },
    "check_in": {
        "anonymous": 302,
        "visitor": 403,
        "member": 403,
        "reviewer": 403,
        "coordinator": 200,
        "other_coordinator": 403,
    },
    "attendees_csv": {
        "anonymous": 403,
        "visitor": 403,
        "member": 403,
        "reviewer": 403,
        "coordinator": 200,
        "other_coordinator": 403,
    },
    # `member` is registered; nobody else has a ticket.
    "ticket": {
        "anonymous": 302,
        "visitor": 404,
        "member": 200,
        "reviewer": 404,
        "coordinator": 404,
        "other_coordinator": 404,
    },
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(GRID))
def test_permission_grid(users, live_event, talk, client_for, view, role):
    services.register(live_event, actor=users["member"])
    client = client_for(users[role])
    if view == "page":
        url = live_event.url
    elif view in ("live", "screen"):
        url = route(live_event, view, talk.pk)
    else:
        url = route(live_event, view)
    response = client.get(url)
    assert response.status_code == GRID[view][role]


def test_jury_page_only_for_jurors_of_a_forum_day(users, live_event, client_for):
    JuryMember.objects.create(event=live_event, user=users["reviewer"])
    # A seminar has no rubric: even its jurors have nothing to score.
    assert client_for(users["reviewer"]).get(route(live_event, "jury")).status_code == 403
    assert client_for(users["member"]).get(route(live_event, "jury")).status_code == 403


def test_unknown_session_is_404(users, live_event, talk, client):
    assert client.get(route(live_event, "live", talk.pk + 99)).status_code == 404


def test_register_and_cancel_through_the_page(users, live_event, client_for):
    client = client_for(users["member"])
    response = client.post(route(live_event, "register"))
    assert response.status_code == 302 and response.url.endswith("/ticket/")
    ticket = client.get(response.url)
    code = Registration.objects.get(user=users["member"]).code
    assert code in ticket.content.decode()
    client.post(route(live_event, "register"), {"cancel": "1"})
    assert Registration.objects.get(user=users["member"]).status == "cancelled"


def test_check_in_page_and_csv(users, live_event, client_for):
    registration = services.register(live_event, actor=users["member"])
    client = client_for(users["coordinator"])
    response = client.post(route(live_event, "check_in"), {"code": "WRONG222"})
    assert "이 코드로 신청한 참가자가 없습니다." in response.content.decode()
    response = client.post(route(live_event, "check_in"), {"code": registration.code})
    assert "이서연" in response.content.decode()
    csv_text = client.get(route(live_event, "attendees_csv")).content.decode("utf-8-sig")
    assert "이서연" in csv_text and registration.code in csv_text


def test_question_markup_is_never_rendered_by_the_server(users, live_event, talk, client):
    # Questions reach pages only through the socket (rendered with textContent), so the page
    # HTML holds no question text at all.
    services.ask_question(talk, actor=users["member"], body="<script>alert(1)</script>")
    body = client.get(route(live_event, "live", talk.pk)).content.decode()
    assert "<script>alert(1)" not in body


def test_event_index_query_count_does_not_grow(event_index, site_tree, client):
    make_event(event_index, site_tree, slug="one")
    client.get(event_index.url)
    with CaptureQueriesContext(connection) as few:
        client.get(event_index.url)
    for number in range(5):
        make_event(event_index, site_tree, slug=f"more-{number}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(event_index.url)
    assert response.status_code == 200
    assert len(many) <= len(few) + 2
