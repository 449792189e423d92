"""In a real browser against a live server: a member posts a request, a second member finds it
under "for you", expresses interest, the first accepts and both exchange messages; a member
books equipment, a second booking of the same slot is refused, and the owner approves."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from collaboration.models import CollaborationRequest
from equipment.models import EquipmentBooking
from tests.factories import PASSWORD, EquipmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


def test_request_interest_accept_and_talk(live_server, new_page, users, site_tree, screenshot_dir):
    base = f"{live_server.url}/ko"
    requester, partner = users["member"], users["other_member"]
    partner.profile.expertise.set(["발열체"])

    # The first member posts a request.
    first = new_page()
    sign_in(first, base, requester)
    first.goto(f"{base}/collaboration/new/")
    first.select_option("select[name=kind]", "joint_rnd")
    first.fill("input[name=title]", "탄소섬유 발열 매트 공동개발")
    description = "차량용 시트 히터 시제품을 함께 만들 파트너를 찾습니다."
    first.fill("textarea[name=description]", description)
    first.fill("input[name=tags]", "발열체, 탄소섬유")
    first.check(f"input[name=target_clusters][value='{site_tree['carbon'].pk}']")
    first.select_option("select[name=visibility]", "members")
    deadline = timezone.localdate() + timedelta(days=30)
    first.fill("input[name=deadline]", deadline.isoformat())
    first.locator("button[name=action][value=publish]").click()
    expect(first.locator(".message-success")).to_have_text("요청을 게시했습니다.")
    expect(first.locator("h1")).to_have_text("탄소섬유 발열 매트 공동개발")
    item = CollaborationRequest.objects.get()

    # The second member sees it under "for you" and expresses interest.
    second = new_page()
    sign_in(second, base, partner)
    for_you = second.locator("section[aria-labelledby=for-you-heading]")
    expect(for_you).to_contain_text("탄소섬유 발열 매트 공동개발")
    second.screenshot(path=str(screenshot_dir / "dashboard-for-you.png"), full_page=True)
    for_you.get_by_role("link", name="탄소섬유 발열 매트 공동개발").click()
    second.fill("textarea[name=message]", "면상 발열체 양산 경험이 있습니다. 함께 하시죠.")
    second.get_by_role("button", name="관심 보내기").click()
    expect(second.locator(".message-success")).to_have_text("요청자에게 관심을 보냈습니다.")

    # The first member is notified, accepts and writes.
    first.goto(f"{base}/notifications/")
    expect(first.locator("main")).to_contain_text("관심을 보냈습니다")
    first.goto(f"{base}{item.get_absolute_url().removeprefix('/ko')}")
    expect(first.locator("article.response")).to_contain_text("면상 발열체 양산 경험")
    first.get_by_role("button", name="수락").click()
    expect(first.locator(".message-success")).to_contain_text("수락했습니다")
    first.fill("textarea[name=body]", "다음 주 화요일에 회의 가능하신가요?")
    first.get_by_role("button", name="보내기").click()
    expect(first.locator(".thread-messages")).to_contain_text("다음 주 화요일에 회의")

    # The second member reads it in the private thread and answers.
    second.reload()
    thread = second.locator(".thread-messages")
    expect(thread).to_contain_text("다음 주 화요일에 회의 가능하신가요?")
    second.fill("textarea[name=body]", "네, 오후 2시에 뵙겠습니다.")
    second.get_by_role("button", name="보내기").click()
    expect(thread).to_contain_text("오후 2시에 뵙겠습니다")
    second.screenshot(path=str(screenshot_dir / "request-thread.png"), full_page=True)

    first.reload()
    expect(first.locator(".thread-messages")).to_contain_text("오후 2시에 뵙겠습니다")
    expect(first.locator(".request-meta")).to_contain_text("협의 중")


def test_booking_conflict_and_approval(live_server, new_page, users, organisation, screenshot_dir):
    base = f"{live_server.url}/ko"
    equipment = EquipmentFactory(owner=organisation, name="3차원 측정기 CMM", max_hours=4)
    today = timezone.localdate()
    day = today + timedelta(days=7 - today.weekday() + 1)  # next week's Tuesday

    def request_slot(page, start, end, purpose):
        page.goto(f"{base}/equipment/{equipment.pk}/?week={day.isoformat()}")
        page.fill("input[name=date]", day.isoformat())
        page.fill("input[name=start_time]", start)
        page.fill("input[name=end_time]", end)
        page.fill("input[name=purpose]", purpose)
        page.get_by_role("button", name="예약 신청").click()

    booker = new_page()
    sign_in(booker, base, users["other_member"])
    request_slot(booker, "10:00", "12:00", "시제품 브래킷 측정")
    expect(booker.locator(".message-success")).to_contain_text("예약을 신청했습니다")

    rival = new_page()
    sign_in(rival, base, users["colleague"])
    request_slot(rival, "11:00", "13:00", "금형 측정")
    expect(rival.locator(".errorlist")).to_contain_text(
        "이 시간은 같은 장비의 다른 예약과 겹칩니다."
    )
    rival.screenshot(path=str(screenshot_dir / "booking-conflict.png"), full_page=True)
    assert EquipmentBooking.objects.count() == 1

    owner = new_page()
    sign_in(owner, base, users["member"])
    owner.goto(f"{base}/equipment/{equipment.pk}/?week={day.isoformat()}")
    pending = owner.locator(".pending-booking")
    expect(pending).to_contain_text("시제품 브래킷 측정")
    pending.get_by_role("button", name="승인").click()
    expect(owner.locator(".message-success")).to_have_text("예약을 승인했습니다.")
    owner.screenshot(path=str(screenshot_dir / "equipment-approved.png"), full_page=True)

    booker.goto(f"{base}/equipment/bookings/")
    expect(booker.locator("main")).to_contain_text("승인됨")
    assert EquipmentBooking.objects.get().status == EquipmentBooking.Status.APPROVED
