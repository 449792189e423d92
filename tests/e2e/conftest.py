"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live
server. Never a downloaded browser: without /usr/bin/chromium these tests skip, except in CI."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in this thread until the session ends;
    the ORM calls these tests make (fixtures, the outbox, the database flush after each test)
    are still plain synchronous code. Browser tests run last (see tests/conftest.py), so the
    flag is set only from the first of them on, never for other tests or their subprocesses."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("CI needs /usr/bin/chromium for the browser tests")
    skip = pytest.mark.skip(reason="Debian chromium is not installed (make test installs it)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser(_orm_beside_playwright):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def new_page(browser):
    """Pages of their own browser contexts (separate people), each in a browser locale."""
    contexts = []

    def open_page(locale="ko-KR"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot_dir():
    path = Path(os.environ.get("SCREENSHOT_DIR", "test-results/screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path
