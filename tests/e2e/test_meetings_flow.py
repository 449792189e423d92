"""In a real browser against a live server: a buyer reading Chinese sends a firm an inquiry
about a product (shown in Chinese), finds it among a fair's exhibitors and requests a meeting;
the firm sees the inquiry and accepts the meeting in Korean; the coordinator runs the
scheduler and publishes; both see the meeting on their agendas, each in their language."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from matchmaking import services
from matchmaking.models import Inquiry, Meeting, MeetingRequest
from tests.factories import PASSWORD, ProductFactory
from tests.matchmaking.conftest import event_index, fair, fair_event, people  # noqa: F401
from translations.services import import_translation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


def test_buyer_requests_firm_accepts_scheduler_places_both_see_it(
    live_server,
    new_page,
    fair,  # noqa: F811 — the fixture imported above
    people,  # noqa: F811
    users,
    totp,
    screenshot_dir,
):
    product = ProductFactory(
        organisation=people["exhibitor"].organisation, name="탄소섬유 면상발열체"
    )
    import_translation(product, "zh-hans", {"name": "碳纤维面状发热体"})
    slug = fair.event.slug

    # The buyer, in Chinese, joined the fair as a buyer, which opened a buyer account; once a
    # coordinator verifies it, they send the firm an inquiry from its page, about the product
    # shown in Chinese.
    services.verify_buyer(people["buyer_user"].buyer_profile, actor=users["coordinator"])
    buyer = new_page("zh-CN")
    zh = f"{live_server.url}/zh-hans"
    sign_in(buyer, zh, people["buyer_user"])
    buyer.goto(f"{zh}{people['exhibitor'].organisation.get_absolute_url().removeprefix('/ko')}")
    buyer.get_by_role("link", name="发送询价").click()
    buyer.select_option("select[name=product]", label="碳纤维面状发热体")
    buyer.fill("input[name=quantity]", "5,000 pcs")
    buyer.select_option("select[name=incoterm]", "FOB")
    buyer.fill("textarea[name=message]", "请报价，并告知交货期。")
    buyer.get_by_role("button", name="发送询价").click()
    expect(buyer.locator(".message-success")).to_contain_text("已向 Hanbit Carbon")
    inquiry = Inquiry.objects.get()
    assert inquiry.product == product and inquiry.incoterm == "FOB"
    buyer.screenshot(path=str(screenshot_dir / "inquiry-zh.png"), full_page=True)

    # Then finds the firm among the Korean exhibitors of the fair by the same product.
    buyer.goto(f"{zh}/meetings/{slug}/people/?country=KR")
    card = buyer.locator("article.card", has_text="碳纤维面状发热体")
    expect(card).to_contain_text("Hanbit Carbon")
    buyer.screenshot(path=str(screenshot_dir / "meetings-people-zh.png"), full_page=True)
    card.get_by_role("link", name="Hanbit Carbon").click()
    buyer.fill("textarea[name=message]", "我们想了解价格和交货期。")
    buyer.select_option("select[name=priority]", "3")
    buyer.select_option("select[name=language]", "zh")
    buyer.get_by_role("button", name="发送洽谈申请").click()
    expect(buyer.locator(".message-success")).to_contain_text("已向 Hanbit Carbon")
    meeting_request = MeetingRequest.objects.get(sender=people["buyer"])
    assert meeting_request.priority == 3 and meeting_request.interpreter_language == "zh"

    # The firm accepts, in Korean.
    firm = new_page("ko-KR")
    ko = f"{live_server.url}/ko"
    sign_in(firm, ko, users["member"])
    firm.goto(f"{ko}/inquiries/")
    expect(firm.locator("li.meeting-request", has_text="Shenzhen Carbon Trading")).to_contain_text(
        "탄소섬유 면상발열체"
    )
    firm.goto(f"{ko}/meetings/{slug}/requests/")
    received = firm.locator("li.meeting-request", has_text="Shenzhen Carbon Trading")
    expect(received).to_contain_text("我们想了解价格和交货期。")
    received.get_by_role("button", name="수락").click()
    expect(firm.locator(".message-success")).to_have_text(
        "수락했습니다. 상담 일정이 잡힐 예정입니다."
    )

    # The coordinator runs the scheduler, sees the draft on the grid, and publishes it.
    coordinator = users["coordinator"]
    totp(coordinator)  # coordinators have a second factor; signed in as after entering it
    client = Client()
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    console = new_page("ko-KR")
    console.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    console.goto(f"{ko}/meetings/{slug}/manage/")
    console.get_by_role("button", name="자동 배정 실행").click()
    expect(console.locator(".message-success")).to_contain_text("상담 1건 배정, 0건 미배정")
    expect(console.locator(".grid-meeting-draft")).to_contain_text("(주)한빛카본")
    console.screenshot(path=str(screenshot_dir / "meetings-schedule-ko.png"), full_page=True)
    console.get_by_role("button", name="초안 상담 1건 공개").click()
    expect(console.locator(".message-success")).to_contain_text("상담 1건이 일정에 올랐습니다")
    meeting = Meeting.objects.get(request=meeting_request)
    assert meeting.status == Meeting.Status.SCHEDULED

    # Both see it on their agendas, each in their language, with the Chinese interpreter.
    buyer.goto(f"{zh}/meetings/{slug}/agenda/")
    item = buyer.locator("li.agenda-item")
    expect(item).to_contain_text("Hanbit Carbon")
    expect(item).to_contain_text(f"{meeting.table.name} 号洽谈桌")
    expect(item).to_contain_text("翻译：왕리")
    buyer.screenshot(path=str(screenshot_dir / "meetings-agenda-zh.png"), full_page=True)
    firm.goto(f"{ko}/meetings/{slug}/agenda/")
    item = firm.locator("li.agenda-item")
    expect(item).to_contain_text("Shenzhen Carbon Trading")
    expect(item).to_contain_text(f"테이블 {meeting.table.name}")
    firm.screenshot(path=str(screenshot_dir / "meetings-agenda-ko.png"), full_page=True)
