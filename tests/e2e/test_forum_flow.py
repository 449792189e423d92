"""In a real browser: a member submits a pitch with a deck (the progress bar shows), a reviewer
scores it, the coordinator accepts it, it appears in the public programme, and its outcome
appears on the forum dashboard."""

import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from clusters.models import ClusterRole
from clusters.services import assign_role
from forums.models import ForumEditionPage, ForumIndexPage, Pitch
from tests.e2e.test_collaboration_flow import sign_in
from tests.forums.conftest import make_edition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def deck_pdf(size):
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    return body + b" " * (size - len(body) - 7) + b"\n%%EOF\n"


@pytest.fixture
def browser_page(browser):
    contexts = []

    def open_page(user=None, live_server=None):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
        contexts.append(context)
        if user is not None:
            # Coordinators must have TOTP; sign them in through a session like the site would
            # after the second factor, instead of typing a code.
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "url": live_server.url,
                    }
                ]
            )
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_pitch_review_accept_programme_outcome(
    live_server, browser_page, users, site_tree, totp, tmp_path, screenshot_dir
):
    index = ForumIndexPage(title="신사업벤처포럼", slug="forum")
    site_tree["home"].add_child(instance=index)
    index.save_revision().publish()
    edition = make_edition(index, site_tree, slug="2026-4", title="2026 제4회 신사업벤처포럼")
    reviewer, coordinator = users["reviewer"], users["coordinator"]
    totp(coordinator)
    assign_role(actor=None, user=reviewer, kind=ClusterRole.Kind.REVIEWER)
    base = f"{live_server.url}/ko"

    # A member submits a pitch with a 4 MB deck.
    pitcher = browser_page()
    sign_in(pitcher, base, users["member"])
    pitcher.goto(f"{base}{edition.url.removeprefix('/ko')}")
    pitcher.get_by_role("link", name="발표 신청하기").click()
    pitcher.fill("input[name=title]", "탄소섬유 면상 발열체 가구 적용")
    pitcher.fill("textarea[name=item]", "가구용 탄소섬유 면상 발열체")
    pitcher.fill("textarea[name=market_outlook]", "온열 가구 시장 연 12% 성장")
    pitcher.fill("textarea[name=business_plan]", "가구사 공급 계약 후 양산")
    pitcher.select_option("select[name=stage]", "early_revenue")
    pitcher.fill("input[name=funding_ask]", "2000000000")
    pitcher.check(f"input[name=presenters][value='{users['member'].profile.pk}']")
    pitcher.fill("input[name=tags]", "발열체, 탄소섬유")
    pitcher.get_by_role("button", name="저장").click()
    expect(pitcher.locator(".message-success")).to_contain_text("발표자료를 올려 주세요")

    # A file that is not what its name says is refused; the progress bar goes away beside the
    # error instead of staying at 100% (a CSS display rule once beat the hidden attribute).
    fake = tmp_path / "가짜.pdf"
    fake.write_bytes(b"this is not a PDF " * 1000)
    pitcher.set_input_files("input[name=deck]", str(fake))
    pitcher.get_by_role("button", name="발표자료 올리기").click()
    expect(pitcher.locator(".upload-error")).to_be_visible()
    expect(pitcher.locator(".upload-progress")).to_be_hidden()

    deck = tmp_path / "발표자료.pdf"
    deck.write_bytes(deck_pdf(4 * 1024 * 1024))
    pitcher.set_input_files("input[name=deck]", str(deck))
    # Slow the upload down so the progress bar can be seen moving.
    session = pitcher.context.new_cdp_session(pitcher)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 2_000_000},
    )
    pitcher.get_by_role("button", name="발표자료 올리기").click()
    progress = pitcher.locator(".upload-progress")
    expect(progress).to_be_visible()
    expect(pitcher.locator(".upload-progress-text")).to_contain_text(re.compile(r"올리는 중 \d+%"))
    pitcher.screenshot(path=str(screenshot_dir / "pitch-upload-progress.png"), full_page=True)
    expect(pitcher.get_by_role("link", name="발표자료.pdf")).to_be_visible(timeout=30_000)
    session.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    pitcher.get_by_role("button", name="발표 제출").click()
    expect(pitcher.locator(".message-success")).to_have_text("발표 신청을 제출했습니다.")
    pitch = Pitch.objects.get()
    assert pitch.status == Pitch.Status.SUBMITTED and pitch.deck_size == 4 * 1024 * 1024

    # The coordinator assigns the suggested reviewer and opens the review phase.
    console = browser_page(coordinator, live_server)
    console.goto(f"{base}/forum/editions/{edition.pk}/manage/")
    expect(console.locator("#suggestions-heading")).to_be_visible()
    console.get_by_role("button", name="추천대로 배정").click()
    expect(console.locator(".message-success")).to_contain_text("추천 배정 1건")
    console.get_by_role("button", name="심사 시작").click()
    expect(console.locator(".badge.status-open")).to_have_text("심사 진행 중")

    # The reviewer scores it.
    judge = browser_page()
    sign_in(judge, base, reviewer)
    judge.goto(f"{base}/forum/pitches/")
    judge.get_by_role("link", name="심사", exact=True).click()
    for key, score in (
        ("technology", 5),
        ("market", 4),
        ("team", 4),
        ("feasibility", 5),
        ("investment_readiness", 3),
    ):
        judge.check(f"input[name=score_{key}][value='{score}']")
    judge.fill("textarea[name=comment_to_pitcher]", "가구사 외 자동차 시트 시장도 검토해 보세요.")
    judge.get_by_role("button", name="심사 저장").click()
    expect(judge.locator(".message-success")).to_have_text("심사를 저장했습니다.")

    # The coordinator sees the score, accepts, and the pitcher confirms attendance.
    console.reload()
    row = console.locator(f"#pitch-{pitch.pk}")
    # (5×25 + 4×25 + 4×20 + 5×15 + 3×15) / 100 = 4.25
    expect(row.locator("td.score")).to_have_text("4.25")
    row.locator("select[name=decision]").select_option("accept")
    row.get_by_role("button", name="결정").click()
    expect(console.locator(".message-success")).to_contain_text("이메일로 알렸습니다")
    console.screenshot(path=str(screenshot_dir / "forum-manage.png"), full_page=True)

    pitcher.goto(f"{base}{pitch.get_absolute_url().removeprefix('/ko')}")
    pitcher.get_by_role("button", name="참석 확정").click()
    expect(pitcher.locator(".message-success")).to_contain_text("참석이 확정되었습니다")

    console.reload()
    console.fill("input[name=starts_at]", "14:00")
    console.fill("input[name=minutes]", "15")
    console.get_by_role("button", name="프로그램 구성").click()
    expect(console.locator(".message-success")).to_contain_text("발표 1건")

    # The public programme shows company, title and presenter to anyone.
    visitor = browser_page()
    visitor.goto(f"{base}{edition.url.removeprefix('/ko')}programme/")
    slot = visitor.locator(".programme-slot")
    expect(slot).to_contain_text("14:00")
    expect(slot).to_contain_text("탄소섬유 면상 발열체 가구 적용")
    expect(slot).to_contain_text("(주)한빛카본")
    expect(slot).to_contain_text("이서연")
    visitor.screenshot(path=str(screenshot_dir / "forum-programme.png"), full_page=True)

    # After the forum: the pitcher records a contract; it shows on the dashboard.
    ForumEditionPage.objects.filter(pk=edition.pk).update(
        forum_date=timezone.now() - timezone.timedelta(days=1)
    )
    pitcher.reload()
    pitcher.locator(".outcome-form summary").click()
    pitcher.select_option("select[name=kind]", "supply_contract")
    pitcher.fill("input[name=amount]", "2000000000")
    pitcher.fill("input[name=counterparty]", "(주)한결가구")
    pitcher.fill("input[name=occurred_on]", timezone.localdate().isoformat())
    pitcher.locator(".outcome-form button[type=submit]").click()
    expect(pitcher.locator(".message-success")).to_have_text("성과를 기록했습니다.")

    console.goto(f"{base}/forum/dashboard/")
    kpis = console.locator(".edition-kpis", has_text="2026 제4회 신사업벤처포럼")
    expect(kpis.locator(".kpis")).to_contain_text("20억 원")
    expect(kpis.locator(".funnel")).to_contain_text("후속 성과 있음")
    console.screenshot(path=str(screenshot_dir / "forum-dashboard.png"), full_page=True)
