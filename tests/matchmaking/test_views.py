"""The meetings pages: who may see and do what (a grid over every view), the flow through the
forms, drag-and-drop moves, exports, and a fixed number of queries per list."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from matchmaking import services
from matchmaking.models import Meeting, MeetingRequest, Participant
from tests.factories import MemberProfileFactory, UserFactory

from .conftest import join, meeting_slots

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ROLES = [
    "anonymous",
    "visitor",
    "colleague",
    "buyer",
    "unverified_buyer",
    "exhibitor",
    "other_exhibitor",
    "coordinator",
    "other_coordinator",
]


def url(name, *args):
    with translation.override("ko"):
        return reverse(name, args=args)


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    if response.status_code == 302 and "/meetings/" in response["Location"]:
        return "home" if response["Location"].rstrip("/").endswith("siheung-fair") else 302
    return response.status_code


@pytest.fixture
def who(fair, users, people):
    # The agency verified the buyer's account; the second buyer's waits. A fair's registration
    # is its own gate: both meet exhibitors alike (verification gates inquiries, which reach
    # firms outside any event).
    services.verify_buyer(people["buyer_user"].buyer_profile, actor=users["coordinator"])
    waiting = MemberProfileFactory(
        user=UserFactory(username="waiting-buyer"), organisation=None, membership_confirmed=False
    ).user
    join(fair, waiting, Participant.Role.BUYER, company="Da Nang Trading", country="VN")
    return {
        "anonymous": None,
        "visitor": users["visitor"],  # signed in, not registered
        "colleague": users["colleague"],  # registered member who does not take part
        "buyer": people["buyer_user"],
        "unverified_buyer": waiting,  # takes part, party to nothing
        "exhibitor": users["member"],
        "other_exhibitor": users["other_member"],
        "coordinator": users["coordinator"],  # of the host cluster
        "other_coordinator": users["other_coordinator"],  # of another cluster
    }


@pytest.fixture
def published(fair, people, users):
    """A pending request from the other exhibitor to the buyer, and a published meeting
    between the buyer and the exhibitor."""
    meeting_request = services.send_request(people["exhibitor"], actor=people["buyer_user"])
    services.answer_request(meeting_request, actor=users["member"], accept=True)
    services.run_scheduler(fair, actor=users["coordinator"])
    services.publish_schedule(fair, actor=users["coordinator"])
    pending = services.send_request(people["buyer"], actor=users["other_member"])
    return {"meeting": Meeting.objects.get(request=meeting_request), "pending": pending}


READS = {
    # view: {role: outcome}; roles not named expect the default of the row
    "home": ({"anonymous": "login"}, 200),
    "people": (
        {
            "anonymous": "login",
            "visitor": "home",
            "colleague": "home",
            "coordinator": "home",
            "other_coordinator": "home",
        },
        200,
    ),
    "requests": (
        {
            "anonymous": "login",
            "visitor": "home",
            "colleague": "home",
            "coordinator": "home",
            "other_coordinator": "home",
        },
        200,
    ),
    "agenda": (
        {
            "anonymous": "login",
            "visitor": "home",
            "colleague": "home",
            "coordinator": "home",
            "other_coordinator": "home",
        },
        200,
    ),
    "agenda_ical": (
        {
            "anonymous": "login",
            "visitor": 404,
            "colleague": 404,
            "coordinator": 404,
            "other_coordinator": 404,
        },
        200,
    ),
    "manage": (
        {
            "anonymous": "login",
            "coordinator": 200,
            "buyer": 403,
            "unverified_buyer": 403,
            "exhibitor": 403,
            "other_exhibitor": 403,
        },
        404,
    ),
    "checkin": (
        {
            "anonymous": "login",
            "coordinator": 200,
            "buyer": 403,
            "unverified_buyer": 403,
            "exhibitor": 403,
            "other_exhibitor": 403,
        },
        404,
    ),
    "table_signs": (
        {
            "anonymous": "login",
            "coordinator": 200,
            "buyer": 403,
            "unverified_buyer": 403,
            "exhibitor": 403,
            "other_exhibitor": 403,
        },
        404,
    ),
    "resources": (
        {
            "anonymous": "login",
            "coordinator": 200,
            "buyer": 403,
            "unverified_buyer": 403,
            "exhibitor": 403,
            "other_exhibitor": 403,
        },
        404,
    ),
    "export_csv": (
        {
            "anonymous": "login",
            "coordinator": 200,
            "buyer": 403,
            "unverified_buyer": 403,
            "exhibitor": 403,
            "other_exhibitor": 403,
        },
        404,
    ),
}


@pytest.mark.parametrize("view", sorted(READS))
def test_page_permission_grid(view, fair, who, published, login_as):
    expected_for, default = READS[view]
    got = {}
    for role in ROLES:
        response = login_as(who[role]).get(url(f"matchmaking:{view}", fair.event.slug))
        got[role] = outcome(response)
    assert got == {role: expected_for.get(role, default) for role in ROLES}


def test_meeting_and_person_permission_grid(fair, who, people, published, login_as):
    meeting = published["meeting"]
    meeting_page = {
        role: outcome(login_as(who[role]).get(url("matchmaking:meeting", meeting.pk)))
        for role in ROLES
    }
    assert meeting_page == {
        "anonymous": "login",
        "visitor": 404,
        "colleague": 404,
        "buyer": 200,
        "unverified_buyer": 404,  # not a party
        "exhibitor": 200,
        "other_exhibitor": 404,
        "coordinator": 200,
        "other_coordinator": 404,
    }
    # A buyer sees exhibitors, an exhibitor sees buyers, coordinators everyone.
    exhibitor_page = url("matchmaking:person", fair.event.slug, people["exhibitor"].pk)
    seen = {role: outcome(login_as(who[role]).get(exhibitor_page)) for role in ROLES}
    assert seen == {
        "anonymous": "login",
        "visitor": 404,
        "colleague": 404,
        "buyer": 200,
        "unverified_buyer": 200,
        "exhibitor": 200,
        "other_exhibitor": 404,
        "coordinator": 200,
        "other_coordinator": 404,
    }


def test_draft_meetings_are_the_coordinators_only(fair, who, people, users, login_as):
    meeting_request = services.send_request(people["exhibitor"], actor=people["buyer_user"])
    services.answer_request(meeting_request, actor=users["member"], accept=True)
    services.run_scheduler(fair, actor=users["coordinator"])
    draft = Meeting.objects.get(request=meeting_request)
    for role, expected in (("buyer", 404), ("exhibitor", 404), ("coordinator", 200)):
        assert outcome(login_as(who[role]).get(url("matchmaking:meeting", draft.pk))) == expected
    agenda = login_as(who["buyer"]).get(url("matchmaking:agenda", fair.event.slug))
    assert "(주)한빛카본" not in agenda.content.decode()


ACTIONS = {
    # action: (url args from the fixture, POST data, {role: outcome}, default)
    "answer": (
        "pending",
        {"decision": "accept"},
        {"anonymous": "login", "buyer": 302, "other_exhibitor": 403, "coordinator": 403},
        404,
    ),
    "withdraw": (
        "pending",
        {},
        {"anonymous": "login", "other_exhibitor": 302, "buyer": 403, "coordinator": 403},
        404,
    ),
    "move": ("meeting", "move", {"anonymous": "login", "coordinator": 302}, 404),
    "attendance": ("meeting", {"held": "1"}, {"anonymous": "login", "coordinator": 302}, 404),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_action_permission_grid(action, fair, who, people, users, login_as, published):
    target, data, expected_for, default = ACTIONS[action]
    got = {}
    for role in ROLES:
        obj = published[target]
        if data == "move":
            free = next(s for s in meeting_slots(fair) if s.pk != obj.slot_id)
            post = {"slot": free.pk, "table": ""}
        else:
            post = data
        response = login_as(who[role]).post(url(f"matchmaking:{action}", obj.pk), post)
        # Each role meets the same state: a request answered or withdrawn is pending again.
        MeetingRequest.objects.filter(pk=published["pending"].pk).update(
            status=MeetingRequest.Status.PENDING, answered_at=None
        )
        got[role] = (
            outcome(response)
            if response.status_code != 302 or "login" in response["Location"]
            else 302
        )
    assert got == {role: expected_for.get(role, default) for role in ROLES}


def test_open_for_event_is_for_coordinators(fair_event, users, login_as):
    from matchmaking.models import Matchmaking

    assert login_as(users["member"]).post(url("matchmaking:open", fair_event.pk)).status_code == 403
    assert not Matchmaking.objects.exists()
    response = login_as(users["coordinator"]).post(url("matchmaking:open", fair_event.pk))
    assert response.status_code == 302 and "/manage/" in response["Location"]
    assert Matchmaking.objects.filter(event=fair_event).exists()


def test_joining_as_a_buyer_opens_a_buyer_account_for_coordinators_to_verify(
    fair, people, users, login_as
):
    from events import services as event_services
    from matchmaking.models import BuyerProfile

    newcomer = MemberProfileFactory(
        user=UserFactory(username="hanoi"), organisation=None, membership_confirmed=False
    ).user
    event_services.register(fair.event, actor=newcomer)
    joined = login_as(newcomer).post(
        url("matchmaking:home", fair.event.slug),
        {
            "join": "1",
            "role": "buyer",
            "company": "Hanoi Composite JSC",
            "country": "VN",
            "languages": ["vi"],
            "interests": "carbon sheets",
        },
    )
    assert joined.status_code == 302
    account = BuyerProfile.objects.get(user=newcomer)
    assert (account.company, account.country, account.sourcing) == (
        "Hanoi Composite JSC",
        "VN",
        "carbon sheets",
    )
    assert not account.is_verified
    verification = login_as(users["coordinator"]).get(url("matchmaking:buyer_verification"))
    assert "Hanoi Composite JSC" in verification.content.decode()
    # Exhibitors are told which buyers the agency has verified.
    person = url("matchmaking:person", fair.event.slug, people["buyer"].pk)
    listing = url("matchmaking:people", fair.event.slug)
    exhibitor = login_as(people["exhibitor"].user)
    badge = "status-accepted"
    assert badge not in exhibitor.get(person).content.decode()
    services.verify_buyer(people["buyer_user"].buyer_profile, actor=users["coordinator"])
    assert badge in exhibitor.get(person).content.decode()
    cards = exhibitor.get(listing).content.decode().split('<article class="card">')[1:]
    assert [badge in card for card in cards] == ["Shenzhen" in card for card in cards]
    assert any("Hanoi" in card for card in cards)


def test_a_buyer_account_fills_the_fair_join_form(fair, users, login_as):
    from events import services as event_services
    from matchmaking.models import BuyerProfile

    services.become_buyer(
        actor=users["colleague"], company="Busan Trading", country="KR", sourcing="heat pads"
    )
    event_services.register(fair.event, actor=users["colleague"])
    with translation.override("en"):
        home = reverse("matchmaking:home", args=[fair.event.slug])
    html = login_as(users["colleague"]).get(home).content.decode()
    assert re.search(r'value="buyer"[^>]*checked', html)
    assert re.search(r'name="company"[^>]*value="Busan Trading"', html)
    assert "heat pads</textarea>" in html
    assert re.search(r'value="en"[^>]*checked', html)  # the language they read the page in
    login_as(users["colleague"]).post(
        home,
        {
            "join": "1",
            "role": "buyer",
            "company": "Busan Trading",
            "country": "KR",
            "languages": ["ko"],
        },
    )
    assert Participant.objects.filter(user=users["colleague"], role="buyer").exists()
    assert BuyerProfile.objects.filter(user=users["colleague"]).count() == 1


def test_a_buyer_joins_finds_an_exhibitor_and_sends_a_request(fair, people, login_as):
    from events import services as event_services

    newcomer = MemberProfileFactory(
        user=UserFactory(username="hanoi"), organisation=None, membership_confirmed=False
    ).user
    event_services.register(fair.event, actor=newcomer)
    client = login_as(newcomer)
    home = client.get(url("matchmaking:home", fair.event.slug)).content.decode()
    assert 'name="join"' in home
    missing = client.post(
        url("matchmaking:home", fair.event.slug),
        {"join": "1", "role": "buyer", "country": "VN", "languages": ["vi"]},
    )
    assert missing.status_code == 200
    assert (
        "회사 이름을 입력해 주세요" in missing.content.decode()
        or "company" in missing.content.decode()
    )
    joined = client.post(
        url("matchmaking:home", fair.event.slug),
        {
            "join": "1",
            "role": "buyer",
            "company": "Hanoi Composite JSC",
            "country": "VN",
            "languages": ["vi", "en"],
            "interests": "carbon sheets",
        },
    )
    assert joined.status_code == 302
    listing = client.get(url("matchmaking:people", fair.event.slug), {"country": "KR"})
    text = listing.content.decode()
    assert "(주)한빛카본" in text and "Shenzhen" not in text  # exhibitors only
    page = url("matchmaking:person", fair.event.slug, people["exhibitor"].pk)
    sent = client.post(
        page, {"message": "견적 부탁드립니다", "priority": "3", "language": "", "online": "on"}
    )
    assert sent.status_code == 302
    meeting_request = MeetingRequest.objects.get(sender__user=newcomer)
    assert meeting_request.priority == 3 and meeting_request.online
    assert (
        "Hanoi Composite JSC"
        in login_as(people["exhibitor"].user)
        .get(url("matchmaking:requests", fair.event.slug))
        .content.decode()
    )


def test_self_service_pick_through_the_page(fair, people, users, login_as):
    fair.scheduling = fair.Scheduling.SELF_SERVICE
    fair.save()
    meeting_request = services.send_request(people["exhibitor"], actor=people["buyer_user"])
    client = login_as(users["member"])
    client.post(url("matchmaking:answer", meeting_request.pk), {"decision": "accept"})
    page = client.get(url("matchmaking:requests", fair.event.slug)).content.decode()
    assert f'action="{url("matchmaking:pick", meeting_request.pk)}"' in page
    slot = meeting_slots(fair)[1]
    response = client.post(
        url("matchmaking:pick", meeting_request.pk), {f"pick-{meeting_request.pk}-slot": slot.pk}
    )
    assert response.status_code == 302
    assert Meeting.objects.get(request=meeting_request).slot == slot
    agenda = login_as(people["buyer_user"]).get(url("matchmaking:agenda", fair.event.slug))
    assert "(주)한빛카본" in agenda.content.decode()
    ical = login_as(people["buyer_user"]).get(url("matchmaking:agenda_ical", fair.event.slug))
    assert ical["Content-Type"].startswith("text/calendar")
    assert (
        b"BEGIN:VEVENT" in ical.content
        and f"meeting-{Meeting.objects.get().pk}".encode() in ical.content
    )


def test_drag_and_drop_move_answers_json(fair, published, people, users, login_as):
    meeting = published["meeting"]
    client = login_as(users["coordinator"])
    taken_by_none = next(s for s in meeting_slots(fair) if s.pk != meeting.slot_id)
    table = fair.tables.last()
    response = client.post(
        url("matchmaking:move", meeting.pk),
        {"slot": taken_by_none.pk, "table": table.pk},
        headers={"Accept": "application/json"},
    )
    assert response.json() == {"ok": True}
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table) == (taken_by_none, table)
    # Onto the buyer's other meeting's table and time: refused with the reason.
    other = services.send_request(people["other_exhibitor"], actor=people["buyer_user"])
    services.answer_request(other, actor=users["other_member"], accept=True)
    services.run_scheduler(fair, actor=users["coordinator"])
    draft = Meeting.objects.get(request=other)
    response = client.post(
        url("matchmaking:move", draft.pk),
        {"slot": meeting.slot_id, "table": ""},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 409 and not response.json()["ok"]
    assert response.json()["error"]


def test_csv_export_is_formula_safe(fair, people, users, login_as):
    buyer = Participant.objects.get(pk=people["buyer"].pk)
    buyer.company = '=HYPERLINK("http://evil")'
    buyer.save()
    meeting_request = services.send_request(people["exhibitor"], actor=people["buyer_user"])
    services.answer_request(meeting_request, actor=users["member"], accept=True)
    services.run_scheduler(fair, actor=users["coordinator"])
    body = (
        login_as(users["coordinator"])
        .get(url("matchmaking:export_csv", fair.event.slug))
        .content.decode("utf-8-sig")
    )
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body


def test_the_event_page_offers_the_meetings(fair, people, users, login_as, client):
    event_url = fair.event.url
    anonymous = client.get(event_url).content.decode()
    assert url("matchmaking:home", fair.event.slug) not in anonymous
    assert "/accounts/login/" in anonymous
    mine = login_as(users["member"]).get(event_url).content.decode()
    assert url("matchmaking:home", fair.event.slug) in mine
    manage = login_as(users["coordinator"]).get(event_url).content.decode()
    assert url("matchmaking:manage", fair.event.slug) in manage


@pytest.mark.parametrize("view", ["people", "requests", "agenda", "manage"])
def test_list_pages_read_a_fixed_number_of_queries(view, fair, people, users, login_as):
    client = login_as(users["coordinator"] if view == "manage" else people["buyer_user"])
    page = url(f"matchmaking:{view}", fair.event.slug)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        return len(queries)

    def add_meetings(how_many, start):
        for index in range(start, start + how_many):
            exhibitor = join(
                fair,
                MemberProfileFactory(user=UserFactory(username=f"ex{index}")).user,
                Participant.Role.EXHIBITOR,
            )
            meeting_request = services.send_request(exhibitor, actor=people["buyer_user"])
            services.answer_request(meeting_request, actor=exhibitor.user, accept=True)
        services.run_scheduler(fair, actor=users["coordinator"])
        services.publish_schedule(fair, actor=users["coordinator"])
        count()  # writes change content: the first request warms the shared caches again

    add_meetings(5, 0)  # the buyer has 4 free slots: one request is left out, and listed
    few = count()
    add_meetings(6, 5)
    assert count() == few
    # One of them reads the version the live banner compares (docs/meetings-protocol.md).
    assert few <= (27 if view == "manage" else 21)


def test_move_form_has_no_duplicate_ids(fair, published, users, login_as):
    html = (
        login_as(users["coordinator"])
        .get(url("matchmaking:manage", fair.event.slug))
        .content.decode()
    )
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_the_calendar_subscription_follows_the_agenda_without_a_session(
    fair, published, people, login_as, client
):
    buyer = login_as(people["buyer_user"])
    page = buyer.get(url("matchmaking:agenda", fair.event.slug)).content.decode()
    feed = re.search(r'id="calendar-url" type="text" readonly value="([^"]+)"', page).group(1)
    path = feed.split("testserver", 1)[1]
    client.logout()
    body = client.get(path)
    assert body.status_code == 200 and body["Cache-Control"] == "private, no-store"
    assert f"meeting-{published['meeting'].pk}@clusterhub".encode() in body.content
    # A new address retires the old one at once.
    buyer = login_as(people["buyer_user"])
    buyer.post(url("matchmaking:agenda", fair.event.slug), {"calendar": "renew"})
    client.logout()
    assert client.get(path).status_code == 404


def test_xlsx_export_stores_text_as_text(fair, people, users, login_as):
    from openpyxl import load_workbook

    buyer = Participant.objects.get(pk=people["buyer"].pk)
    buyer.company = '=HYPERLINK("http://evil","x")'
    buyer.save()
    meeting_request = services.send_request(people["exhibitor"], actor=people["buyer_user"])
    services.answer_request(meeting_request, actor=users["member"], accept=True)
    services.run_scheduler(fair, actor=users["coordinator"])
    response = login_as(users["coordinator"]).get(url("matchmaking:export_xlsx", fair.event.slug))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row}
    assert cells['=HYPERLINK("http://evil","x")'] == "s"  # text, not a formula
    assert "(주)한빛카본" in cells


def test_the_years_dashboard_adds_up_the_fairs_a_coordinator_runs(fair, people, users, login_as):
    meeting_request = services.send_request(people["exhibitor"], actor=people["buyer_user"])
    services.answer_request(meeting_request, actor=users["member"], accept=True)
    services.send_request(people["other_exhibitor"], actor=people["buyer_user"])
    year = fair.event.starts_at.year
    page = url("matchmaking:yearly_dashboard")
    assert login_as(users["member"]).get(page).status_code == 403
    # Another cluster's coordinator runs none of this year's fairs.
    other = login_as(users["other_coordinator"]).get(page, {"year": year}).content.decode()
    assert "2026 시흥 구매상담회" not in other
    client = login_as(users["coordinator"])
    html = client.get(page, {"year": year}).content.decode()
    assert "2026 시흥 구매상담회" in html
    csv_text = client.get(page, {"year": year, "format": "csv"}).content.decode("utf-8-sig")
    fair_line = next(line for line in csv_text.splitlines() if "시흥" in line)
    # participants 3, requests 2, accepted 1, acceptance 100%
    assert fair_line.split(",")[1:5] == ["3", "2", "1", "100"]
    assert client.get(page, {"year": year, "format": "xlsx"}).status_code == 200


def test_people_are_filtered_by_product_category(fair, who, people, users, login_as):
    from tests.factories import ProductFactory
    from tests.matchmaking.conftest import Role, join

    ProductFactory(organisation=people["exhibitor"].organisation, name="발열 필름", hs_code="8516")
    ProductFactory(organisation=people["other_exhibitor"].organisation, name="금형", hs_code="8480")
    hanoi = MemberProfileFactory(
        user=UserFactory(username="hanoi"), organisation=None, membership_confirmed=False
    ).user
    second_buyer = join(
        fair, hanoi, Role.BUYER, company="Hanoi Import", country="VN", languages=["vi"]
    )
    # Joining as a buyer opened their buyer accounts; they name their categories there.
    services.update_buyer_profile(
        people["buyer_user"].buyer_profile,
        actor=people["buyer_user"],
        company="Shenzhen Carbon Trading",
        country="CN",
        sourcing="heating film",
        hs_chapters=["39", "85"],
    )
    services.update_buyer_profile(
        second_buyer.user.buyer_profile,
        actor=second_buyer.user,
        company="Hanoi Import",
        country="VN",
        sourcing="moulds",
        hs_chapters=["84"],
    )
    page = url("matchmaking:people", fair.event.slug)

    def names(user, chapter):
        html = login_as(user).get(page, {"chapter": chapter}).content.decode()
        known = ("(주)한빛카본", "(주)프린트메탈", "Shenzhen Carbon Trading", "Hanoi Import")
        return {name for name in known if name in html}

    assert names(people["buyer_user"], "85") == {"(주)한빛카본"}
    assert names(people["buyer_user"], "84") == {"(주)프린트메탈"}
    assert names(users["member"], "85") == {"Shenzhen Carbon Trading"}
    assert names(users["member"], "84") == {"Hanoi Import"}
    # Not a chapter: the filter is left out, everyone is shown.
    assert names(users["member"], "8") == {"Shenzhen Carbon Trading", "Hanoi Import"}
    shown = login_as(users["member"]).get(page).content.decode()
    assert "85 · " in shown  # the buyer's categories on their card


def test_coordinators_rename_tables_and_set_interpreters_availability(
    fair, who, people, users, login_as
):
    from matchmaking.models import Interpreter, MeetingTable

    page = url("matchmaking:resources", fair.event.slug)
    coordinator = login_as(users["coordinator"])
    first, second = list(MeetingTable.objects.filter(matchmaking=fair))[:2]
    response = coordinator.post(
        page, {"action": "rename_table", "table": first.pk, f"table-{first.pk}-name": " Hall  A-3 "}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.name == "Hall A-3" and first.display_name == "Hall A-3"
    # Two tables never share a name: refused with the reason, nothing changed.
    response = coordinator.post(
        page, {"action": "rename_table", "table": second.pk, f"table-{second.pk}-name": "Hall A-3"}
    )
    assert response.status_code == 200 and "Hall A-3" in response.content.decode()
    second.refresh_from_db()
    assert second.name != "Hall A-3"
    signs = coordinator.get(url("matchmaking:table_signs", fair.event.slug)).content.decode()
    assert "Hall A-3" in signs
    # Another cluster's coordinator and a participant cannot rename.
    for user in (users["other_coordinator"], users["member"]):
        refused = login_as(user).post(
            page, {"action": "rename_table", "table": first.pk, f"table-{first.pk}-name": "X"}
        )
        assert refused.status_code in (403, 404)
    first.refresh_from_db()
    assert first.name == "Hall A-3"

    # The Chinese interpreter is away in the first slot: the scheduler books them later.
    interpreter = Interpreter.objects.get(matchmaking=fair)
    slots = list(fair.slots.filter(is_break=False))
    prefix = f"interpreter-{interpreter.pk}"
    coordinator = login_as(users["coordinator"])
    response = coordinator.post(
        page,
        {
            "action": "update_interpreter",
            "interpreter": interpreter.pk,
            f"{prefix}-name": "왕리",
            f"{prefix}-languages": ["zh"],
            f"{prefix}-unavailable_slots": [slots[0].pk],
        },
    )
    assert response.status_code == 302
    assert list(interpreter.unavailable_slots.all()) == [slots[0]]
    meeting_request = services.send_request(
        people["exhibitor"], actor=people["buyer_user"], language="zh"
    )
    services.answer_request(meeting_request, actor=users["member"], accept=True)
    services.run_scheduler(fair, actor=users["coordinator"])
    meeting = Meeting.objects.get(request=meeting_request)
    assert meeting.interpreter == interpreter and meeting.slot != slots[0]
    # Marking them away when they are booked, or dropping a language a meeting needs, is
    # refused with the reason; so is removing them.
    for away, languages in (([meeting.slot.pk], ["zh"]), ([], ["en"])):
        response = coordinator.post(
            page,
            {
                "action": "update_interpreter",
                "interpreter": interpreter.pk,
                f"{prefix}-name": "왕리",
                f"{prefix}-languages": languages,
                f"{prefix}-unavailable_slots": away,
            },
        )
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
    interpreter.refresh_from_db()
    assert interpreter.languages == "zh"
    assert list(interpreter.unavailable_slots.all()) == [slots[0]]
    removal = coordinator.post(
        page, {"action": "remove_interpreter", "interpreter": interpreter.pk}
    )
    assert removal.status_code == 200 and Interpreter.objects.filter(pk=interpreter.pk).exists()


def test_a_database_failure_in_the_scheduler_or_a_move_is_an_answer(
    fair, people, users, login_as, monkeypatch
):
    from django.db import OperationalError

    meeting_request = services.send_request(people["exhibitor"], actor=people["buyer_user"])
    services.answer_request(meeting_request, actor=users["member"], accept=True)
    services.run_scheduler(fair, actor=users["coordinator"])
    meeting = Meeting.objects.get(request=meeting_request)
    coordinator = login_as(users["coordinator"])
    manage = url("matchmaking:manage", fair.event.slug)

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services.scheduler, "schedule", locked)
    response = coordinator.post(manage, {"action": "run"}, follow=True)
    assert response.status_code == 200
    assert "데이터베이스" in response.content.decode()  # the Korean page's message
    monkeypatch.setattr(services, "_place_meeting", locked)
    other = fair.slots.filter(is_break=False).exclude(pk=meeting.slot_id).first()
    response = coordinator.post(
        url("matchmaking:move", meeting.pk),
        {"slot": other.pk, "table": ""},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 503 and response.json()["ok"] is False
    assert Meeting.objects.get(pk=meeting.pk).slot_id == meeting.slot_id
