"""axe-core (axe-playwright-python, which ships it) in Chromium over the demo site's pages in
all four languages, as a visitor, a member and a coordinator: no violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from wagtail.models import Locale, Page

from clusters.models import Organisation, Product
from collaboration.models import CollaborationRequest
from events.models import EventPage, EventSession
from matchmaking.models import Inquiry, Meeting
from outcomes.models import Outcome

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["ko", "en", "zh-hans", "vi"]


@pytest.fixture
def demo_site():
    # A transactional test's flush takes Wagtail's root page with it; the demo needs it back.
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                locale=Locale.objects.get_or_create(language_code="ko")[0],
            )
        )
    call_command("load_demo_data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def signed_in_context(browser, base, email, totp=None):
    user = get_user_model().objects.get(email=email)
    if totp:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    return context


def pages_to_check():
    organisation = Organisation.objects.get(slug="hanbit-carbon-co-ltd")
    request = CollaborationRequest.objects.filter(visibility="public", status="open").first()
    event = EventPage.objects.get(slug="forum-live-day", locale__language_code="ko")
    session = EventSession.objects.filter(event=event).order_by("starts_at", "sort_order").first()
    fair = "meetings/siheung-purchase-fair-2026"
    product = Product.objects.filter(organisation=organisation).order_by("pk").first()
    inquiry = Inquiry.objects.filter(organisation=organisation).order_by("pk").first()
    to_confirm = Outcome.objects.filter(organisation=organisation, status="claimed").first()
    disputed = Outcome.objects.filter(organisation=organisation, status="disputed").first()
    meeting = Meeting.objects.filter(
        matchmaking__event__slug="siheung-purchase-fair-2026",
        seats__participant__user__email=("member@clusterhub.local"),
    ).first()
    return {
        "visitor": [
            "",
            "clusters/",
            "clusters/carbon/",
            "directory/organisations/",
            f"directory/organisations/{organisation.slug}/",
            "directory/people/",
            "collaboration/",
            f"collaboration/{request.pk}/" if request else "collaboration/",
            "equipment/",
            "forum/",
            "forum/2026-3/",
            "events/",
            "events/forum-live-day/",
            f"events/forum-live-day/sessions/{session.pk}/live/",
            f"events/forum-live-day/sessions/{session.pk}/screen/",
            "search/?q=탄소",
            "accounts/login/",
            "events/siheung-purchase-fair-2026/",
            "catalogue/?market=VN",
            f"catalogue/{product.pk}/",
        ],
        "member": [
            "dashboard/",
            "notifications/",
            "directory/people/me/edit/",
            f"{fair}/",
            f"{fair}/people/",
            f"{fair}/requests/",
            f"{fair}/agenda/",
            f"meetings/meeting/{meeting.pk}/",
            "inquiries/",
            f"inquiries/{inquiry.pk}/",
            f"catalogue/{product.pk}/edit/",
            "outcomes/",
            f"outcomes/{to_confirm.pk}/",
            "outcomes/new/",
        ],
        "coordinator": [
            "events/forum-live-day/console/",
            "collaboration/moderation/",
            "forum/dashboard/",
            f"translations/clusters.organisation/{organisation.pk}/zh-hans/",
            f"{fair}/manage/",
            f"{fair}/manage/check-in/",
            "meetings/dashboard/",
            "inquiries/overview/",
            "buyers/verification/",
            "catalogue/brands/",
            "outcomes/review/",
            f"outcomes/{disputed.pk}/",
        ],
    }


def test_no_axe_violations_on_any_page_in_any_language(browser, live_server, demo_site):
    axe = Axe()
    base = live_server.url
    contexts = {
        "visitor": browser.new_context(viewport={"width": 1280, "height": 900}),
        "member": signed_in_context(browser, base, "member@clusterhub.local"),
        "coordinator": signed_in_context(browser, base, "coordinator@clusterhub.local", totp=True),
    }
    found = []
    try:
        for role, paths in pages_to_check().items():
            page = contexts[role].new_page()
            page.set_default_timeout(15_000)
            for language in LANGUAGES:
                for path in paths:
                    url = f"{base}/{language}/{path}"
                    response = page.goto(url)
                    assert response.status < 400, (url, response.status)
                    results = axe.run(page)
                    for violation in results.response["violations"]:
                        targets = [node["target"] for node in violation["nodes"]][:3]
                        found.append(f"{role} {language}/{path}: {violation['id']} {targets}")
    finally:
        for context in contexts.values():
            context.close()
    assert found == [], "\n".join(found)
