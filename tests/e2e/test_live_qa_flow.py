"""In real browsers against daphne: a question asked on one phone reaches the moderator's
console within a second, is approved, reaches another phone within a second, is highlighted and
shows on the presenter screen. Markup in a question is shown as text everywhere."""

import time

import pytest
from playwright.sync_api import expect

from tests.daphne_server import serving_live_room

pytestmark = [pytest.mark.e2e]

HOSTILE = '<img src=x onerror="window.__xss=1">양산 단가는 <b>얼마</b>인가요?'


@pytest.fixture(scope="module")
def live_site(tmp_path_factory):
    directory = tmp_path_factory.mktemp("live")
    with serving_live_room(directory, viewers=1, moderated=True) as (base, room):
        yield f"http://{base}", room


@pytest.fixture
def open_as(browser):
    contexts = []

    def open_page(base, path, session_key=None, mobile=True):
        viewport = {"width": 390, "height": 844} if mobile else {"width": 1280, "height": 900}
        context = browser.new_context(viewport=viewport, locale="ko-KR")
        contexts.append(context)
        if session_key:
            context.add_cookies([{"name": "sessionid", "value": session_key, "url": base}])
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(base + path)
        expect(page.locator("#live-status")).to_have_text("라이브")
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_question_travels_from_phone_to_console_to_phone_to_screen(
    live_site, open_as, screenshot_dir
):
    base, room = live_site
    asker = open_as(base, room["live_url"], room["asker"])
    viewer = open_as(base, room["live_url"], room["viewers"][0])
    console = open_as(base, room["console_url"], room["coordinator"], mobile=False)
    screen = open_as(base, room["screen_url"], mobile=False)

    asker.fill("#ask-body", HOSTILE)
    asker.get_by_role("button", name="질문하기").click()
    queued = console.locator("#live-queue .question-body")
    expect(queued).to_have_text(HOSTILE, timeout=1000)
    expect(asker.locator("#live-status")).to_contain_text("승인")
    expect(viewer.locator("#live-counts")).to_contain_text("1", timeout=1000)

    console.locator("#live-queue").get_by_role("button", name="승인").click()
    started = time.monotonic()
    on_phone = viewer.locator("#live-questions .question-body")
    expect(on_phone).to_have_text(HOSTILE, timeout=1000)
    assert time.monotonic() - started < 1.0

    console.locator("#live-questions").get_by_role("button", name="화면에 표시").click()
    expect(screen.locator("#live-highlight .highlight-body")).to_have_text(HOSTILE, timeout=1000)
    expect(viewer.locator("#live-highlight .highlight-body")).to_have_text(HOSTILE)

    viewer.locator("#live-questions").get_by_role("button", name="공감").click()
    expect(asker.locator("#live-questions .question-votes")).to_have_text("1", timeout=1000)

    # A poll opened on the console shows on the presenter screen with live results.
    expect(screen.locator("#live-polls")).to_be_hidden()
    console.fill("#poll-question", "양산 시점은?")
    console.fill("#poll-options", "올해\n내년")
    console.locator("#poll-form button[type=submit]").click()
    console.locator("#live-polls").get_by_role("button", name="투표 시작").click()
    expect(screen.locator("#live-polls h3")).to_have_text("양산 시점은?", timeout=1000)
    viewer.locator("#live-polls .poll-option", has_text="내년").get_by_role("button").click()
    expect(screen.locator("#live-polls .poll-option", has_text="내년")).to_contain_text(
        "1 (100%)", timeout=1000
    )
    expect(screen.locator("#live-polls .muted")).to_contain_text("응답 1개")

    for page in (asker, viewer, console, screen):
        assert page.evaluate("window.__xss") is None
        assert (
            page.locator("#live-questions img, #live-queue img, #live-highlight img").count() == 0
        )
    screen.screenshot(path=str(screenshot_dir / "live-presenter-screen.png"))
    console.screenshot(path=str(screenshot_dir / "live-console.png"), full_page=True)
    viewer.screenshot(path=str(screenshot_dir / "live-audience.png"), full_page=True)
