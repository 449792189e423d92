"""Sign up → verify email → log in → edit profile → see it in the directory, in Korean and
English, through a real browser against a live server."""

import re

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.mail import deliver_queued_mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def confirmation_path(message):
    # ASCII only: the Korean template puts a particle straight after the link.
    link = re.search(r"https?://[!-~]+/confirm-email/[!-~]+", message.body).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "ko",
            {
                "signup": "회원가입",
                "saved": "프로필을 저장했습니다.",
                "experts": "전문가",
                "edit": "프로필 수정",
            },
        ),
        (
            "en",
            {
                "signup": "Sign Up",
                "saved": "Your profile has been saved.",
                "experts": "Experts",
                "edit": "Edit profile",
            },
        ),
    ],
)
def test_signup_verify_login_edit_and_find_in_directory(
    live_server, page, site_tree, organisation, language, texts, screenshot_dir
):
    base = f"{live_server.url}/{language}"
    email = f"e2e-{language}@example.kr"
    name = "정하은" if language == "ko" else "Ha-eun Jeong"

    # Sign up.
    page.goto(f"{base}/accounts/signup/")
    expect(page.locator("h1")).to_contain_text(texts["signup"])
    page.fill("input[name=email]", email)
    page.fill("input[name=full_name]", name)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    # Verify the email from the message the site sent.
    deliver_queued_mail()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [email]
    page.goto(live_server.url + confirmation_path(mail.outbox[0]))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))

    # Log out and back in with the verified address.
    page.locator("header form button[type=submit]").click()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))

    # Edit the profile: a bad phone number is refused and what was typed stays.
    page.get_by_role("link", name=texts["edit"]).first.click()
    page.fill("input[name=title]", "연구소장" if language == "ko" else "Head of R&D")
    page.fill("input[name=expertise]", "탄소섬유, composite materials")
    page.fill("input[name=phone]", "not a phone")
    page.check("input[name=languages][value=en]")
    page.select_option("select[name=organisation]", str(organisation.pk))
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#id_phone_errors")).to_be_visible()
    # What was typed is kept, as chips.
    expect(page.locator(".tag-chip span")).to_have_text(["탄소섬유", "composite materials"])
    page.fill("input[name=phone]", "054-123-4567")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".message-success")).to_have_text(texts["saved"])
    page.screenshot(path=str(screenshot_dir / f"profile-{language}.png"), full_page=True)

    # The directory lists the person under their expertise.
    page.goto(f"{base}/directory/people/")
    expect(page.locator("h1")).to_have_text(texts["experts"])
    page.get_by_role("link", name="composite materials").first.click()
    card = page.locator("article.card", has_text=name)
    expect(card).to_be_visible()
    expect(card).to_contain_text("연구소장" if language == "ko" else "Head of R&D")
    page.screenshot(path=str(screenshot_dir / f"directory-{language}.png"), full_page=True)


def test_tag_fields_are_chips_with_suggestions(page, live_server, users):
    from clusters.models import MemberProfile

    member = users["member"]
    MemberProfile.objects.filter(pk=member.profile.pk).update(full_name="이서연")
    member.profile.expertise.set(["발열체", "carbon fibre"])
    users["colleague"].profile.expertise.set(["heating element"])
    client = Client()
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/ko/directory/people/{member.profile.pk}/edit/")
    chips = page.locator(".tag-chip span")
    expect(chips).to_have_count(2)
    box = page.locator("input[name=expertise]")
    # Typing suggests tags already in use; a comma or Enter makes a chip.
    box.press_sequentially("heating el")
    expect(page.locator("#id_expertise-suggestions option[value='heating element']")).to_have_count(
        1
    )
    box.fill("")
    box.press_sequentially("heating element,")
    expect(chips).to_have_count(3)
    page.get_by_role("button", name="태그 삭제: carbon fibre").click()
    expect(chips).to_have_count(2)
    box.press_sequentially("탄소섬유 면상발열체")
    page.get_by_role("button", name="프로필 저장").click()
    expect(page.locator(".message-success")).to_be_visible()
    assert sorted(tag.name for tag in member.profile.expertise.all()) == [
        "heating element",
        "발열체",
        "탄소섬유 면상발열체",
    ]
