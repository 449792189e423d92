import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from equipment.models import EquipmentBooking
from tests.equipment.conftest import at
from tests.factories import EquipmentFactory, OrganisationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ROLES = [
    "anonymous",
    "visitor",
    "member",
    "colleague",
    "other_member",
    "reviewer",
    "coordinator",
    "other_coordinator",
]


def url(name, *args):
    with translation.override("ko"):
        return reverse(name, args=args)


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


def booking_form(day, start="10:00", end="12:00", purpose="브래킷 측정"):
    return {"date": day.isoformat(), "start_time": start, "end_time": end, "purpose": purpose}


def test_book_then_same_slot_refused_then_owner_approves(users, cmm, next_monday, login_as):
    client = login_as(users["other_member"])
    response = client.post(url("equipment:detail", cmm.pk), booking_form(next_monday))
    assert response.status_code == 302
    booking = EquipmentBooking.objects.get()
    assert booking.status == EquipmentBooking.Status.REQUESTED

    second = login_as(users["colleague"]).post(
        url("equipment:detail", cmm.pk), booking_form(next_monday, "11:00", "13:00")
    )
    assert second.status_code == 200
    assert "이 시간은 같은 장비의 다른 예약과 겹칩니다" in second.content.decode()
    assert EquipmentBooking.objects.count() == 1

    owner = login_as(users["member"])
    page = owner.get(url("equipment:detail", cmm.pk), {"week": next_monday.isoformat()})
    assert "승인을 기다리는 예약" in page.content.decode()
    owner.post(url("equipment:booking_decide", booking.pk), {"decision": "approve"})
    booking.refresh_from_db()
    assert booking.status == EquipmentBooking.Status.APPROVED
    mine = login_as(users["other_member"]).get(url("equipment:my_bookings")).content.decode()
    assert "3차원 측정기 CMM" in mine and "승인됨" in mine


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"date": "2026-13-40"}, "올바른 날짜"),
        ({"start_time": "25:00"}, "올바른 시각"),
        ({"purpose": ""}, "필수"),
        ({"start_time": "08:00", "end_time": "09:30"}, "운영시간"),
        ({"start_time": "12:00", "end_time": "11:00"}, "종료 시각은 시작 시각보다 뒤여야"),
    ],
)
def test_bad_booking_input_is_explained(users, cmm, next_monday, login_as, form, message):
    data = {**booking_form(next_monday), **form}
    response = login_as(users["other_member"]).post(url("equipment:detail", cmm.pk), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EquipmentBooking.objects.exists()


def test_detail_page_shows_the_week_and_hides_who_booked_from_others(
    users, cmm, next_monday, login_as
):
    EquipmentBooking.objects.create(
        equipment=cmm,
        booker=users["other_member"],
        starts_at=at(next_monday, 10),
        ends_at=at(next_monday, 12),
        purpose="비밀 프로젝트 측정",
    )
    week = {"week": next_monday.isoformat()}
    owner_view = login_as(users["member"]).get(url("equipment:detail", cmm.pk), week)
    assert "비밀 프로젝트 측정" in owner_view.content.decode()
    stranger_view = login_as(users["colleague"]).get(url("equipment:detail", cmm.pk), week)
    html = stranger_view.content.decode()
    assert "10:00" in html and "비밀 프로젝트 측정" not in html


@pytest.mark.parametrize("action", ["approve", "cancel"])
def test_decide_and_cancel_grid(users, cmm, next_monday, login_as, action):
    allowed = {
        "approve": {"member", "coordinator"},  # owner org admin, coordinator of its cluster
        "cancel": {"member", "coordinator", "other_member"},  # + the booker
    }[action]
    for role in ROLES:
        EquipmentBooking.objects.all().delete()
        booking = EquipmentBooking.objects.create(
            equipment=cmm,
            booker=users["other_member"],
            starts_at=at(next_monday, 10),
            ends_at=at(next_monday, 12),
            purpose="측정",
        )
        client = login_as(users[role])
        if action == "approve":
            path, data = url("equipment:booking_decide", booking.pk), {"decision": "approve"}
        else:
            path, data = url("equipment:booking_cancel", booking.pk), {}
        got = outcome(client.post(path, data))
        booking.refresh_from_db()
        expected = 302 if role in allowed else "login" if role == "anonymous" else 403
        assert got == expected, role
        assert (booking.status != EquipmentBooking.Status.REQUESTED) is (role in allowed), role


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("equipment:catalogue", {}),
        ("equipment:my_bookings", {"anonymous": "login"}),
        ("equipment:my_bookings_ical", {"anonymous": "login"}),
    ],
)
def test_page_access(users, cmm, login_as, view, expected):
    for role in ROLES:
        assert outcome(login_as(users[role]).get(url(view))) == expected.get(role, 200), role


def test_ical_export(users, cmm, next_monday, login_as):
    EquipmentBooking.objects.create(
        equipment=cmm,
        booker=users["other_member"],
        starts_at=at(next_monday, 10),
        ends_at=at(next_monday, 12),
        purpose="브래킷, 커버; 측정",
        status=EquipmentBooking.Status.APPROVED,
    )
    response = login_as(users["other_member"]).get(url("equipment:my_bookings_ical"))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    unfolded = body.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    # 10:00 in Seoul is 01:00 UTC.
    assert f"DTSTART:{next_monday:%Y%m%d}T010000Z" in unfolded
    assert "SUMMARY:3차원 측정기 CMM" in unfolded
    assert "DESCRIPTION:브래킷\\, 커버\\; 측정" in unfolded
    assert "STATUS:CONFIRMED" in unfolded
    # Nobody else's bookings.
    other = login_as(users["colleague"]).get(url("equipment:my_bookings_ical")).content.decode()
    assert "BEGIN:VEVENT" not in other


def test_catalogue_filters(users, cmm, organisation, login_as):
    EquipmentFactory(owner=organisation, name="대형 3D 프린터", category="printing")
    client = login_as(None)
    html = client.get(url("equipment:catalogue"), {"category": "printing"}).content.decode()
    assert "대형 3D 프린터" in html and "3차원 측정기 CMM" not in html
    html = client.get(url("equipment:catalogue"), {"q": "측정기"}).content.decode()
    assert "3차원 측정기 CMM" in html and "대형 3D 프린터" not in html


@pytest.mark.parametrize(
    ("view", "role"),
    [("equipment:catalogue", "anonymous"), ("equipment:my_bookings", "other_member")],
)
def test_list_query_count_does_not_grow(users, next_monday, login_as, view, role):
    client = login_as(users[role])

    def add(count):
        for index in range(count):
            equipment = EquipmentFactory(owner=OrganisationFactory())
            EquipmentBooking.objects.create(
                equipment=equipment,
                booker=users["other_member"],
                starts_at=at(next_monday, 9 + index % 8),
                ends_at=at(next_monday, 10 + index % 8),
                purpose="측정",
            )

    def count_queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url(view)).status_code == 200
        return len(context.captured_queries)

    add(2)
    few = count_queries()
    add(15)
    assert count_queries() <= few


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "9999-12-27", "2026-13-40"])
def test_calendar_weeks_far_out_are_brought_within_reach(users, cmm, login_as, week):
    from datetime import timedelta

    from django.utils import timezone

    response = login_as(users["other_member"]).get(url("equipment:detail", cmm.pk), {"week": week})
    assert response.status_code == 200
    monday = response.context["monday"]
    assert abs(monday - timezone.localdate()) <= timedelta(days=737)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_bookings_far_out_are_refused_with_a_reason(users, cmm, login_as, day):
    from datetime import date

    client = login_as(users["other_member"])
    response = client.post(url("equipment:detail", cmm.pk), booking_form(date.fromisoformat(day)))
    assert response.status_code == 200
    assert response.context["form"].errors["date"]
    assert EquipmentBooking.objects.count() == 0


def test_a_booking_more_than_a_year_ahead_is_refused(users, cmm, login_as):
    from datetime import timedelta

    from django.utils import timezone

    day = timezone.localdate() + timedelta(days=400)
    response = login_as(users["other_member"]).post(
        url("equipment:detail", cmm.pk), booking_form(day)
    )
    assert response.status_code == 200
    assert EquipmentBooking.objects.count() == 0
    assert response.context["form"].errors["date"]


def test_empty_days_of_a_paid_machine_read_available_not_free(users, cmm, login_as):
    # "무료" (free of charge) on every empty day of a paid machine misled bookers.
    cmm.fee_per_hour = 30000
    cmm.save()
    html = login_as(users["colleague"]).get(url("equipment:detail", cmm.pk)).content.decode()
    assert "종일 예약 가능" in html
    assert "무료" not in html
    cmm.fee_per_hour = 0
    cmm.save()
    html = login_as(users["colleague"]).get(url("equipment:detail", cmm.pk)).content.decode()
    assert "무료" in html


def test_booking_notifications_give_the_date_in_the_readers_language(
    users, cmm, next_monday, login_as
):
    # The booker asks in Korean; the owner reads in English (the date was once written out
    # in the booker's language when the notification was made).
    login_as(users["other_member"]).post(url("equipment:detail", cmm.pk), booking_form(next_monday))
    owner = login_as(users["member"])
    english = owner.get("/en/notifications/").content.decode()
    assert next_monday.strftime("%m/%d/%Y") in english
    korean = owner.get("/ko/notifications/").content.decode()
    assert next_monday.strftime("%Y. %m. %d.") in korean


@pytest.mark.parametrize("role", ROLES)
def test_the_approvals_queue_shows_each_manager_what_waits_for_them(
    users, cmm, next_monday, login_as, role
):
    other_machine = EquipmentFactory(
        owner=OrganisationFactory(slug="elsewhere"), name="레이저 커터"
    )
    for machine, booker in ((cmm, "other_member"), (other_machine, "colleague")):
        EquipmentBooking.objects.create(
            equipment=machine,
            booker=users[booker],
            starts_at=at(next_monday, 10),
            ends_at=at(next_monday, 12),
            purpose=f"{machine.name} 측정",
        )
    response = login_as(users[role]).get(url("equipment:approvals"))
    if role == "anonymous":
        assert outcome(response) == "login"
        return
    html = response.content.decode()
    # The owner's admin and the coordinator of its cluster decide on the CMM; nobody here
    # manages the other organisation's laser cutter (it is in no cluster).
    assert (f"{cmm.name} 측정" in html) == (role in {"member", "coordinator"})
    assert "레이저 커터 측정" not in html


def test_deciding_from_the_queue_comes_back_to_it(users, cmm, next_monday, login_as):
    booking = EquipmentBooking.objects.create(
        equipment=cmm,
        booker=users["other_member"],
        starts_at=at(next_monday, 10),
        ends_at=at(next_monday, 12),
        purpose="측정",
    )
    owner = login_as(users["member"])
    bookings_page = owner.get(url("equipment:my_bookings")).content.decode()
    assert "승인할 요청 1건" in bookings_page
    response = owner.post(
        url("equipment:booking_decide", booking.pk), {"decision": "approve", "from": "approvals"}
    )
    assert response["Location"] == url("equipment:approvals")
    booking.refresh_from_db()
    assert booking.status == EquipmentBooking.Status.APPROVED
    assert "측정" not in owner.get(url("equipment:approvals")).content.decode().split("<main", 1)[1]


def test_the_calendar_subscription_address_needs_no_session_and_can_be_renewed(
    users, cmm, next_monday, login_as, client
):
    EquipmentBooking.objects.create(
        equipment=cmm,
        booker=users["other_member"],
        starts_at=at(next_monday, 10),
        ends_at=at(next_monday, 12),
        purpose="브래킷 측정",
    )
    member = login_as(users["other_member"])
    page = member.get(url("equipment:my_bookings")).content.decode()
    address = re.search(r'id="calendar-url"[^>]*value="([^"]+)"', page).group(1)
    path = address.split("://", 1)[1].split("/", 1)[1]
    member.logout()
    feed = client.get("/" + path)
    assert feed.status_code == 200 and "BEGIN:VEVENT" in feed.content.decode()
    assert "no-store" in feed["Cache-Control"]
    assert client.get("/ko/equipment/calendar/not-a-token.ics").status_code == 404
    # A new address retires the old one.
    member = login_as(users["other_member"])
    member.post(url("equipment:my_bookings"), {"calendar": "renew"})
    assert client.get("/" + path).status_code == 404
