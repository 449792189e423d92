"""Every page carries a Content-Security-Policy, and the pages still work under it in Chromium:
the site pages, the live presenter screen and console (their script files run, nothing inline
is refused) and the Wagtail admin."""

import pytest
from playwright.sync_api import expect

from tests.daphne_server import serving_live_room

pytestmark = [pytest.mark.e2e]


@pytest.fixture(scope="module")
def csp_site(tmp_path_factory):
    directory = tmp_path_factory.mktemp("csp")
    with serving_live_room(directory, viewers=0, moderated=True) as (base, room):
        yield f"http://{base}", room


@pytest.fixture
def watched(browser):
    """A page that records every CSP violation and script error it meets."""
    contexts = []

    def open_page(base, session_key=None):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
        contexts.append(context)
        if session_key:
            context.add_cookies([{"name": "sessionid", "value": session_key, "url": base}])
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.problems = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and page.problems.append(message.text)
            ),
        )
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_site_and_live_pages_work_under_the_policy(csp_site, watched):
    base, room = csp_site
    page = watched(base)
    response = page.goto(base + "/ko/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy.split("style-src-attr")[0]
    assert "frame-ancestors 'none'" in policy

    screen = watched(base)
    screen.goto(base + room["screen_url"])
    expect(screen.locator("#live-status")).to_have_text("라이브")

    console = watched(base, room["coordinator"])
    console.goto(base + room["console_url"])
    expect(console.locator("#live-status")).to_have_text("라이브")
    for current in (page, screen, console):
        assert current.problems == []


def test_wagtail_admin_works_under_its_policy(csp_site, watched):
    base, room = csp_site
    admin = watched(base, room["coordinator"])
    response = admin.goto(base + "/admin/")
    assert "content-security-policy" in response.headers
    # The sidebar is drawn by the admin's scripts.
    expect(admin.locator("#wagtail-sidebar .sidebar__inner")).to_be_visible()
    admin.goto(base + "/admin/pages/")
    expect(admin.locator("main")).to_be_visible()
    edit_link = admin.locator("a[href*='/admin/pages/'][href$='/edit/']").first
    edit_link.click()
    expect(admin.locator("form#page-edit-form")).to_be_visible()
    assert admin.problems == []
