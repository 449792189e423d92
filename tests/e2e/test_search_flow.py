"""In a real browser: a visitor types part of a Korean word, picks a suggestion, and reads
highlighted results; a member's new expertise is findable once they save their profile."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import MemberProfileFactory, OrganisationFactory, ProductFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(site_tree):
    from search.services import rebuild_index

    carbon = OrganisationFactory(name="(주)한빛카본", name_en="Hanbit Carbon", slug="hb")
    ProductFactory(organisation=carbon, name="탄소섬유 면상발열체")
    MemberProfileFactory(
        full_name="이서연", organisation=carbon, bio="탄소섬유 발열체 개발", expertise=["탄소섬유"]
    )
    MemberProfileFactory(full_name="박도윤", organisation=carbon, expertise=["3D printing"])
    rebuild_index()


def test_autocomplete_then_highlighted_grouped_results(
    page, live_server, directory, screenshot_dir
):
    page.goto(f"{live_server.url}/ko/search/")
    page.fill("#search-q", "탄소")
    suggestion = page.locator("#search-suggestions li", has_text="탄소섬유 면상발열체")
    expect(suggestion).to_be_visible()
    suggestion.click()
    page.wait_for_url("**/search/?q=*")
    expect(page.locator("#search-q")).to_have_value("탄소섬유 면상발열체")
    expect(page.locator(".result-organisation h3")).to_contain_text("한빛카본")
    expect(page.locator(".result-organisation mark").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "search-results.png"), full_page=True)


def test_header_search_in_english_finds_korean_tags(page, live_server, directory):
    page.goto(f"{live_server.url}/en/")
    page.fill("#header-search-q", "3D프린팅")
    page.press("#header-search-q", "Enter")
    page.wait_for_url("**/en/search/?q=*")
    expect(page.locator(".result-profile h3")).to_have_text("박도윤")
    page.fill("#search-q", "carbon fibre")
    page.locator("form.search-box button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"q=carbon\+fibre"))
    expect(page.locator(".result-profile h3")).to_have_text("이서연")


def test_the_header_box_suggests_firms_by_name_without_their_legal_form(
    page, live_server, directory
):
    # "카본" suggested nothing in the header (no autocomplete there; "(주)" led every name).
    page.goto(f"{live_server.url}/ko/directory/people/")
    page.fill("#header-search-q", "한빛")
    suggestion = page.locator("#header-search-suggestions li", has_text="(주)한빛카본")
    expect(suggestion).to_be_visible()
    expect(page.locator("#header-search-q")).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ko/search/?q=*")
    expect(page.locator(".result-organisation h3")).to_contain_text("한빛카본")
