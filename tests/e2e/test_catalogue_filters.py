"""In a real browser: the catalogue's side filters fold away on a phone, so the products come
first, and sit open beside them on a desktop."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import OrganisationFactory, ProductFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shelf(site_tree):
    firm = OrganisationFactory(name="(주)한빛카본", name_en="Hanbit Carbon", slug="hb")
    ProductFactory(organisation=firm, name="탄소섬유 면상발열체", hs_code="851680")
    ProductFactory(organisation=firm, name="탄소 복합 패널", hs_code="6815")


def test_the_facets_fold_on_a_phone_and_stay_open_on_a_desktop(
    browser, live_server, shelf, screenshot_dir
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/vi/catalogue/?chapter=85")
    fold = page.locator("details.facet-fold")
    expect(fold).not_to_have_attribute("open", "")
    expect(page.locator(".facet-fold-summary")).to_contain_text("Đã chọn 1")
    chapters = page.get_by_role("navigation", name="Danh mục (chương HS)")
    expect(chapters).to_be_hidden()
    # On a phone the products come right after the search form.
    product = page.locator("article", has_text="탄소섬유 면상발열체")
    assert product.bounding_box()["y"] < 844
    page.screenshot(path=str(screenshot_dir / "catalogue-vi-390.png"), full_page=True)
    page.locator(".facet-fold-summary").click()
    expect(chapters).to_be_visible()
    chapters.get_by_role("link").filter(has_text="85").click()  # the chosen one: takes it away
    expect(page).not_to_have_url(re.compile("chapter="))
    expect(page.locator("article", has_text="탄소 복합 패널")).to_be_visible()
    # Wider than the sidebar's breakpoint: open, and nothing to click.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(fold).to_have_attribute("open", "")
    expect(page.locator(".facet-fold-summary")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Danh mục (chương HS)")).to_be_visible()
    context.close()
