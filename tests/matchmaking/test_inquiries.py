"""Buyer accounts and inquiries (RFQ): who may send, read, answer and count them; attachments
checked by content; notifications in each side's language; coordinators see counts only."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cluster_hub.uploads import validate_attachment
from matchmaking import services
from matchmaking.models import BuyerProfile, Inquiry, InquiryAttachment
from notifications.models import Notification
from tests.factories import MemberProfileFactory, ProductFactory, UserFactory
from tests.mail import deliver_queued_mail

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
Kind = Notification.Kind
ROLES = [
    "anonymous",
    "visitor",
    "unverified_buyer",
    "buyer",
    "member",
    "colleague",
    "other_member",
    "coordinator",
]


def url(name, *args):
    with translation.override("ko"):
        return reverse(name, args=args)


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


def pdf(name="spec.pdf"):
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def checked(upload):
    """As the form hands it to the service: checked by content."""
    return validate_attachment(upload)


@pytest.fixture
def who(users):
    def buyer(username, verified, language):
        user = MemberProfileFactory(
            user=UserFactory(username=username),
            organisation=None,
            membership_confirmed=False,
            preferred_language=language,
        ).user
        profile = services.become_buyer(
            actor=user, company=f"{username} Trading", country="CN", sourcing="carbon sheets"
        )
        if verified:
            services.verify_buyer(profile, actor=users["coordinator"])
        return user

    return {
        "anonymous": None,
        "visitor": users["visitor"],
        "unverified_buyer": buyer("unverified", False, "en"),
        "buyer": buyer("shenzhen", True, "zh-hans"),
        "member": users["member"],  # admin of 한빛카본, the firm written to
        "colleague": users["colleague"],  # a confirmed member of 한빛카본
        "other_member": users["other_member"],
        "coordinator": users["coordinator"],
    }


@pytest.fixture
def product(organisation):
    return ProductFactory(organisation=organisation, name="탄소섬유 면상발열체")


@pytest.fixture
def inquiry(who, organisation, product):
    return services.send_inquiry(
        organisation,
        actor=who["buyer"],
        product=product,
        quantity="5,000 pcs",
        target_price="USD 2.40",
        incoterm="FOB",
        message="Please quote.",
        attachments=[checked(pdf())],
    )


def test_a_buyer_is_verified_before_their_inquiries_reach_a_firm(who, organisation, users):
    with pytest.raises(PermissionDenied):
        services.send_inquiry(
            organisation, actor=who["unverified_buyer"], quantity="1", message="hi"
        )
    with pytest.raises(PermissionDenied):  # members are not buyers
        services.send_inquiry(organisation, actor=who["other_member"], quantity="1", message="x")
    with pytest.raises(PermissionDenied):  # only coordinators verify
        services.verify_buyer(who["unverified_buyer"].buyer_profile, actor=users["member"])
    assert Notification.objects.filter(recipient=who["buyer"], kind=Kind.BUYER_VERIFIED).exists()


def test_the_firm_is_told_in_its_language_and_the_buyer_in_theirs(who, inquiry, users):
    deliver_queued_mail()
    to_firm = [m for m in mail.outbox if users["member"].email in m.to]
    assert len(to_firm) == 1  # the firm's admin, not every member
    with translation.override("ko"):
        assert str(Kind.INQUIRY_RECEIVED.label) in to_firm[0].subject
    assert "shenzhen Trading" in to_firm[0].body and "5,000 pcs" in to_firm[0].body
    mail.outbox.clear()
    services.reply_to_inquiry(
        inquiry, actor=users["colleague"], body="USD 2.55 FOB Busan", quoted=True
    )
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.QUOTED
    deliver_queued_mail()
    [to_buyer] = [m for m in mail.outbox if who["buyer"].email in m.to]
    with translation.override("zh-hans"):
        label = str(Kind.INQUIRY_MESSAGE.label)
    assert label != "Reply to an inquiry" and label in to_buyer.subject
    assert "Hanbit Carbon" in to_buyer.body  # the firm's English name for an overseas buyer


def test_statuses_and_closing(who, inquiry, users):
    services.reply_to_inquiry(inquiry, actor=users["member"], body="Samples next week.")
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED
    with pytest.raises(PermissionDenied):  # the buyer does not set the firm's status
        services.set_inquiry_status(inquiry, actor=who["buyer"], status=Inquiry.Status.WON)
    services.set_inquiry_status(inquiry, actor=users["member"], status=Inquiry.Status.WON)
    inquiry.refresh_from_db()
    with pytest.raises(PermissionDenied):  # closed: no more messages
        services.reply_to_inquiry(inquiry, actor=who["buyer"], body="thanks")


def test_permission_grid(who, inquiry, organisation, client, login_as):
    attachment = InquiryAttachment.objects.get()
    pages = {
        "thread": url("matchmaking:inquiry", inquiry.pk),
        "file": url("matchmaking:inquiry_attachment", attachment.pk),
        "new": url("matchmaking:inquiry_new", organisation.slug),
        "overview": url("matchmaking:inquiry_overview"),
        "verification": url("matchmaking:buyer_verification"),
    }
    got = {}
    for role in ROLES:
        user = who[role]
        client = login_as(user)
        got[role] = {name: outcome(client.get(path)) for name, path in pages.items()}
    file_anonymous = 404  # a file download does not send anyone to sign in
    assert got == {
        "anonymous": {
            "thread": "login",
            "file": file_anonymous,
            "new": "login",
            "overview": "login",
            "verification": "login",
        },
        "visitor": {"thread": 404, "file": 404, "new": 302, "overview": 403, "verification": 403},
        "unverified_buyer": {
            "thread": 404,
            "file": 404,
            "new": 403,
            "overview": 403,
            "verification": 403,
        },
        "buyer": {"thread": 200, "file": 200, "new": 200, "overview": 403, "verification": 403},
        "member": {"thread": 200, "file": 200, "new": 302, "overview": 403, "verification": 403},
        "colleague": {"thread": 200, "file": 200, "new": 302, "overview": 403, "verification": 403},
        "other_member": {
            "thread": 404,
            "file": 404,
            "new": 302,
            "overview": 403,
            "verification": 403,
        },
        # Coordinators count inquiries and verify buyers; they never read an inquiry.
        "coordinator": {
            "thread": 404,
            "file": 404,
            "new": 302,
            "overview": 200,
            "verification": 200,
        },
    }


def test_posting_to_a_thread_is_refused_to_outsiders(who, inquiry, login_as):
    for role in ("other_member", "coordinator", "unverified_buyer"):
        response = login_as(who[role]).post(
            url("matchmaking:inquiry", inquiry.pk), {"reply": "1", "body": "let me in"}
        )
        assert response.status_code == 404
    assert not inquiry.messages.exists()


def test_coordinators_see_counts_never_contents(who, inquiry, login_as):
    page = login_as(who["coordinator"]).get(url("matchmaking:inquiry_overview")).content.decode()
    assert "(주)한빛카본" in page
    assert "Please quote." not in page and "USD 2.40" not in page and "shenzhen" not in page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.pdf", b"MZ\x90\x00 this is an executable"),
        ("spec.png", b"<html><script>alert(1)</script></html>"),
        ("quote.xlsx", b"PK\x03\x04 not really a workbook"),
    ],
)
def test_attachments_are_refused_by_content(who, organisation, login_as, name, content):
    client = login_as(who["buyer"])
    response = client.post(
        url("matchmaking:inquiry_new", organisation.slug),
        {
            "quantity": "100",
            "message": "see attached",
            "attachments": [SimpleUploadedFile(name, content)],
        },
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Inquiry.objects.exists() and not InquiryAttachment.objects.exists()


def test_a_buyer_sends_an_inquiry_through_the_page_with_a_pdf(who, organisation, product, login_as):
    client = login_as(who["buyer"])
    form_page = client.get(
        url("matchmaking:inquiry_new", organisation.slug), {"product": product.pk}
    )
    assert f'<option value="{product.pk}" selected>' in form_page.content.decode()
    response = client.post(
        url("matchmaking:inquiry_new", organisation.slug),
        {
            "product": product.pk,
            "quantity": "2,000 m²",
            "incoterm": "CIF",
            "message": "Need 1.2 mm sheets.",
            "attachments": [pdf("도면 v2.pdf")],
        },
    )
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302 and response["Location"] == inquiry.get_absolute_url()
    stored = InquiryAttachment.objects.get()
    assert stored.file.name.endswith(".pdf") and "도면" not in stored.file.name
    download = client.get(stored.get_absolute_url())
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_becoming_a_buyer_through_the_page(users, login_as):
    client = login_as(users["visitor"])
    response = client.post(
        url("matchmaking:become_buyer"),
        {"company": "Hanoi Composite JSC", "country": "VN", "sourcing": "carbon sheets"},
    )
    assert response.status_code == 302
    profile = BuyerProfile.objects.get(user=users["visitor"])
    assert not profile.is_verified
    page = client.get(url("matchmaking:become_buyer")).content.decode()
    assert "Hanoi Composite JSC" in page
    coordinator = login_as(users["coordinator"])
    assert (
        "Hanoi Composite JSC"
        in coordinator.get(url("matchmaking:buyer_verification")).content.decode()
    )
    coordinator.post(url("matchmaking:buyer_verification"), {"buyer": profile.pk})
    profile.refresh_from_db()
    assert profile.is_verified


def test_the_organisation_page_offers_the_inquiry(who, organisation, login_as):
    page = organisation.get_absolute_url()
    for role, expected in (
        ("buyer", "matchmaking:inquiry_new"),
        ("visitor", "matchmaking:become_buyer"),
    ):
        html = login_as(who[role]).get(page).content.decode()
        target = url(expected, organisation.slug) if expected.endswith("new") else url(expected)
        assert target in html, role
    own = login_as(who["member"]).get(page).content.decode()
    assert url("matchmaking:inquiry_new", organisation.slug) not in own


def test_inquiry_lists_read_a_fixed_number_of_queries(who, organisation, users, login_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login_as(users["member"])

    def count():
        client.get(url("matchmaking:inquiries"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("matchmaking:inquiries")).status_code == 200
        return len(queries)

    services.send_inquiry(organisation, actor=who["buyer"], quantity="1", message="a")
    few = count()
    for index in range(5):
        services.send_inquiry(organisation, actor=who["buyer"], quantity=str(index), message="b")
    assert count() == few


def test_either_side_asks_the_agency_for_help_and_ends_it(
    who, inquiry, users, login_as, django_capture_on_commit_callbacks
):
    thread = url("matchmaking:inquiry", inquiry.pk)
    file = url("matchmaking:inquiry_attachment", InquiryAttachment.objects.get().pk)
    helpers = {"coordinator": users["coordinator"], "other": users["other_coordinator"]}

    def readable():
        return {
            name: (outcome(login_as(user).get(thread)), outcome(login_as(user).get(file)))
            for name, user in helpers.items()
        }

    assert readable() == {"coordinator": (404, 404), "other": (404, 404)}
    for role in ("other_member", "coordinator", "unverified_buyer"):
        response = login_as(who[role]).post(thread, {"ask_help": "1", "reason": "let me in"})
        assert response.status_code in (403, 404)

    firm = login_as(who["member"])
    with django_capture_on_commit_callbacks(execute=True):
        response = firm.post(thread, {"ask_help": "1", "reason": "The buyer writes in Chinese."})
    assert response.status_code == 302
    told = Notification.objects.filter(kind=Kind.INQUIRY_HELP)
    assert set(told.values_list("recipient__username", flat=True)) == {"coordinator", "shenzhen"}
    # The coordinator of the firm's cluster now reads it; the other cluster's does not.
    assert readable() == {"coordinator": (200, 200), "other": (404, 404)}
    coordinator = login_as(users["coordinator"])
    page = coordinator.get(thread).content.decode()
    assert "Please quote." in page and "The buyer writes in Chinese." in page
    listed = coordinator.get(url("matchmaking:inquiries")).content.decode()
    assert "shenzhen Trading → (주)한빛카본" in listed
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(thread, {"reply": "1", "body": "我来帮忙翻译。"})
    message = inquiry.messages.get()
    assert message.author == users["coordinator"]
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.NEW  # the agency's words are not the firm's answer
    replies = Notification.objects.filter(kind=Kind.INQUIRY_MESSAGE)
    # Both sides: the buyer and whoever answers for the firm (its admin).
    assert set(replies.values_list("recipient__username", flat=True)) == {"shenzhen", "member"}
    assert "thread-message-agency" in login_as(who["buyer"]).get(thread).content.decode()
    # Asking twice changes nothing; the buyer ends the help and the thread is private again.
    with pytest.raises(PermissionDenied):
        services.ask_for_inquiry_help(inquiry, actor=who["buyer"], reason="again")
    assert login_as(who["buyer"]).post(thread, {"end_help": "1"}).status_code == 302
    assert readable() == {"coordinator": (404, 404), "other": (404, 404)}
    refused = login_as(users["coordinator"]).post(thread, {"reply": "1", "body": "x"})
    assert refused.status_code == 404
    assert inquiry.messages.count() == 1  # what the agency wrote stays


def test_a_coordinator_without_two_factor_never_reads_an_inquiry(who, inquiry, users):
    services.ask_for_inquiry_help(inquiry, actor=who["buyer"], reason="No answer for weeks.")
    with pytest.raises(PermissionDenied):
        services.reply_to_inquiry(inquiry, actor=users["coordinator"], body="hello")
    from matchmaking import queries

    assert list(queries.inquiries_asking_help(users["coordinator"])) == []


SIGNUP = {"full_name": "Li Wei", "password1": "correct-horse-battery-9", "password2": ""}


def signup(client, **fields):
    data = {**SIGNUP, "password2": SIGNUP["password1"], **fields}
    with translation.override("zh-hans"):
        return client.post(reverse("account_signup"), data)


def test_signing_up_as_a_buyer_creates_the_buyer_account_to_verify(client, site_tree):
    from django.contrib.auth import get_user_model

    # A newcomer on the buyers' page is sent to the sign-up form, which has the buyer fields.
    invitation = client.get(url("matchmaking:become_buyer")).content.decode()
    assert f'href="{url("account_signup")}"' in invitation
    assert 'name="buyer_company"' in client.get(url("account_signup")).content.decode()

    response = signup(
        client,
        email="li.wei@shenzhen-trading.cn",
        as_buyer="on",
        buyer_company="Shenzhen Trading",
        buyer_country="CN",
        buyer_sourcing="Carbon heating film for floor heating",
        buyer_chapters=["85", "39"],
    )
    assert response.status_code == 302
    profile = BuyerProfile.objects.get(user__email="li.wei@shenzhen-trading.cn")
    assert (profile.company, profile.country, profile.hs_chapters) == (
        "Shenzhen Trading",
        "CN",
        "85 39",
    )
    assert not profile.is_verified
    # Without the box ticked no buyer account is made, whatever else was filled in.
    signup(client, email="member@example.kr", buyer_company="ignored")
    assert get_user_model().objects.filter(email="member@example.kr").exists()
    assert BuyerProfile.objects.count() == 1


def test_a_buyer_sign_up_missing_its_company_keeps_everything_and_says_what(client, site_tree):
    from django.contrib.auth import get_user_model

    response = signup(client, email="nguyen@hanoi-import.vn", as_buyer="on", buyer_country="VN")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="errorlist') >= 2  # company and what they source
    assert 'value="nguyen@hanoi-import.vn"' in page
    assert not get_user_model().objects.filter(email="nguyen@hanoi-import.vn").exists()


def test_a_buyer_changes_their_account_and_a_new_company_is_verified_again(users, login_as):
    profile = services.become_buyer(
        actor=users["visitor"], company="Hanoi Composite JSC", country="VN", sourcing="sheets"
    )
    services.verify_buyer(profile, actor=users["coordinator"])
    client = login_as(users["visitor"])
    page = url("matchmaking:become_buyer")
    assert 'name="change-company"' in client.get(page).content.decode()

    def change(**fields):
        data = {
            "change-company": "Hanoi Composite JSC",
            "change-country": "VN",
            "change-sourcing": "sheets",
            "change-website": "",
        } | {f"change-{name}": value for name, value in fields.items()}
        return client.post(page, data)

    assert change(sourcing="carbon sheets", hs_chapters=["68"]).status_code == 302
    profile.refresh_from_db()
    assert profile.sourcing == "carbon sheets" and profile.chapter_codes == ["68"]
    assert profile.is_verified  # what they source is theirs to say

    refused = change(company="")
    assert refused.status_code == 200 and 'name="change-company"' in refused.content.decode()
    profile.refresh_from_db()
    assert profile.company == "Hanoi Composite JSC" and profile.is_verified

    assert change(company="Saigon Trading Co").status_code == 302
    profile.refresh_from_db()
    assert profile.company == "Saigon Trading Co" and not profile.is_verified
    assert not permissions_of_buyer(users["visitor"])
    assert (
        "Saigon Trading Co"
        in login_as(users["coordinator"])
        .get(url("matchmaking:buyer_verification"))
        .content.decode()
    )


def permissions_of_buyer(user):
    from django.contrib.auth import get_user_model

    from matchmaking import permissions

    return permissions.is_verified_buyer(get_user_model().objects.get(pk=user.pk))


def test_nobody_changes_another_buyers_account(users):
    profile = services.become_buyer(
        actor=users["visitor"], company="Hanoi Composite JSC", country="VN", sourcing="sheets"
    )
    for who in ("member", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.update_buyer_profile(
                profile, actor=users[who], company="X", country="KR", sourcing="x"
            )
    profile.refresh_from_db()
    assert profile.company == "Hanoi Composite JSC"
