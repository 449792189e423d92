import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from forums.models import Pitch, ReviewAssignment
from tests.forums.conftest import PDF

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

Status = Pitch.Status
ROLES = [
    "anonymous",
    "visitor",
    "member",  # the pitcher
    "colleague",  # same organisation
    "other_member",
    "reviewer",  # assigned to the pitch
    "insider",  # a reviewer who is not assigned
    "coordinator",  # of the host cluster
    "other_coordinator",
]
LOGIN = "login"


def url(name, *args, **kwargs):
    with translation.override("ko"):
        return reverse(name, args=args, kwargs=kwargs)


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.fixture
def everyone(users, reviewers):
    return {**users, "insider": reviewers["insider"]}


def viewers(state):
    if state == Status.DRAFT:
        return {"member", "colleague"}
    if state == Status.WITHDRAWN:
        return {"member", "colleague", "coordinator"}
    return {"member", "colleague", "coordinator", "reviewer"}


@pytest.mark.parametrize(
    "state", [Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN, Status.ACCEPTED]
)
def test_pitch_permission_grid(everyone, make_pitch, login_as, state):
    pitch = make_pitch(state)
    ReviewAssignment.objects.create(pitch=pitch, reviewer=everyone["reviewer"])
    pitch.edition.review_open = True
    pitch.edition.save_revision().publish()
    editable = state in (Status.DRAFT, Status.SUBMITTED)
    reviewable = state == Status.SUBMITTED
    got, expected = {}, {}
    for role in ROLES:
        client = login_as(everyone[role])
        sees = role in viewers(state)
        got[role] = (
            outcome(client.get(pitch.get_absolute_url())),
            outcome(client.get(pitch.deck_url)),
            outcome(client.get(url("forums:pitch_edit", pitch.pk))),
            outcome(client.get(url("forums:review", pitch.pk))),
        )
        # Visitors who are not signed in are asked to sign in (a reviewer following an email
        # link); to anyone signed in who may not see it, the pitch does not exist.
        hidden = LOGIN if role == "anonymous" else 404
        expected[role] = (
            200 if sees else hidden,
            200 if sees else hidden,
            LOGIN
            if role == "anonymous"
            else 200
            if editable and role in {"member", "colleague"}
            else 403
            if sees
            else hidden,
            LOGIN
            if role == "anonymous"
            else 200
            if reviewable and role == "reviewer"
            else 403
            if sees
            else hidden,
        )
    assert got == expected


@pytest.mark.parametrize(
    ("view", "allowed"),
    [
        ("forums:manage", {"coordinator"}),
        ("forums:dashboard", {"coordinator", "other_coordinator"}),
        ("forums:dashboard_csv", {"coordinator", "other_coordinator"}),
        ("forums:mine", set(ROLES) - {"anonymous"}),
    ],
)
def test_coordinator_pages_grid(everyone, edition, login_as, view, allowed):
    path = url(view, edition_pk=edition.pk) if view == "forums:manage" else url(view)
    got = {role: outcome(login_as(everyone[role]).get(path)) for role in ROLES}
    assert got == {
        role: 200 if role in allowed else LOGIN if role == "anonymous" else 403 for role in ROLES
    }


def test_submit_pitch_through_the_pages(users, edition, login_as):
    client = login_as(users["member"])
    page = client.get(edition.url)
    assert "발표 신청" in page.content.decode() or "Submit" in page.content.decode()
    response = client.post(
        url("forums:pitch_create", edition.pk),
        {
            "title": "탄소섬유 면상 발열체",
            "item": "가구용",
            "market_outlook": "성장",
            "business_plan": "수출",
            "stage": "prototype",
            "funding_ask": "2000000000",
            "presenters": [users["member"].profile.pk],
            "tags": "발열체",
        },
    )
    pitch = Pitch.objects.get()
    assert response["Location"] == pitch.get_absolute_url()
    deck = io.BytesIO(PDF)
    deck.name = "발표자료.pdf"
    upload = client.post(
        url("forums:pitch_deck_upload", pitch.pk), {"deck": deck}, HTTP_ACCEPT="application/json"
    )
    assert upload.json() == {"ok": True, "message": "발표자료를 올렸습니다."}
    client.post(url("forums:pitch_submit", pitch.pk))
    pitch.refresh_from_db()
    assert pitch.status == Status.SUBMITTED and pitch.deck_name == "발표자료.pdf"
    download = client.get(pitch.deck_url)
    assert b"".join(download.streaming_content) == PDF


def _office(folder_file):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(folder_file, "<x/>")
    return buffer.getvalue()


def _private_files():
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deck.pdf", b"MZ\x90\x00\x03" + b"\x00" * 500, "완전한 PDF 또는 PowerPoint"),
        ("deck.pdf", PDF[:40], "완전한 PDF 또는 PowerPoint"),
        ("deck.pptx", _office("word/document.xml"), "완전한 PDF 또는 PowerPoint"),
        ("deck.pdf", PDF + b"\0" * (31 * 1024 * 1024), "30.0"),
    ],
    ids=["renamed-executable", "truncated-pdf", "docx-as-pptx", "31-megabytes"],
)
def test_bad_decks_are_refused_and_nothing_is_stored(
    users, make_pitch, login_as, name, content, message
):
    pitch = make_pitch(Status.DRAFT)
    before = _private_files()
    upload = io.BytesIO(content)
    upload.name = name
    response = login_as(users["member"]).post(
        url("forums:pitch_deck_upload", pitch.pk), {"deck": upload}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert _private_files() == before
    pitch.refresh_from_db()
    assert pitch.deck_name == "deck.pdf"  # the earlier deck stays


def test_large_decks_stream_to_a_temporary_file(users, make_pitch, login_as):
    pitch = make_pitch(Status.DRAFT)
    upload = io.BytesIO(PDF[:-7] + b" " * (5 * 1024 * 1024) + b"\n%%EOF\n")
    upload.name = "big.pdf"
    response = login_as(users["member"]).post(
        url("forums:pitch_deck_upload", pitch.pk), {"deck": upload}, HTTP_ACCEPT="application/json"
    )
    assert response.json()["ok"]
    # Above FILE_UPLOAD_MAX_MEMORY_SIZE Django writes the upload to disk as it arrives.
    assert isinstance(response.wsgi_request.FILES["deck"], TemporaryUploadedFile)


def _raw_multipart(filename, content):
    boundary = "clusterhubboundary"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="deck"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_path_traversal_names_never_leave_private_storage(users, make_pitch, login_as, tmp_path):
    pitch = make_pitch(Status.DRAFT)
    client = login_as(users["member"])
    target = tmp_path / "evil.pdf"
    body, content_type = _raw_multipart(f"../../../../..{target}", PDF)
    response = client.generic(
        "POST",
        url("forums:pitch_deck_upload", pitch.pk),
        body,
        content_type=content_type,
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["ok"]
    assert not target.exists()
    pitch.refresh_from_db()
    stored = Path(pitch.deck.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert "evil" not in stored.name
    # A name that is nothing but a path is refused outright.
    body, content_type = _raw_multipart("..", PDF)
    refused = client.generic(
        "POST",
        url("forums:pitch_deck_upload", pitch.pk),
        body,
        content_type=content_type,
        HTTP_ACCEPT="application/json",
    )
    assert refused.status_code == 400 and "PDF 또는 PPTX" in refused.json()["error"]


def test_guessed_deck_urls_reveal_nothing(users, make_pitch, login_as):
    pitch = make_pitch()
    client = login_as(users["other_member"])
    assert client.get(pitch.deck_url).status_code == 404
    assert client.get(url("forums:pitch_deck", pitch.pk + 1000)).status_code == 404
    # Decks have no public URL under MEDIA_URL.
    with pytest.raises(ValueError):
        pitch.deck.url  # noqa: B018
    assert not Path(pitch.deck.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def test_blind_review_hides_the_company(users, make_pitch, login_as):
    pitch = make_pitch()
    edition = pitch.edition
    edition.blind_review = True
    edition.save_revision().publish()
    ReviewAssignment.objects.create(pitch=pitch, reviewer=users["reviewer"])
    html = login_as(users["reviewer"]).get(pitch.get_absolute_url()).content.decode()
    assert "(주)한빛카본" not in html and "deck.pdf" not in html
    download = login_as(users["reviewer"]).get(pitch.deck_url)
    assert "deck.pdf" not in download["Content-Disposition"]
    coordinator_html = login_as(users["coordinator"]).get(pitch.get_absolute_url()).content
    assert "(주)한빛카본" in coordinator_html.decode()


def test_public_programme_and_dashboard_csv(users, make_pitch, login_as):
    from datetime import time

    from django.utils import timezone

    from forums import services

    pitch = make_pitch(Status.ACCEPTED, attendance_confirmed_at=timezone.now())
    pitch.presenters.set([users["member"].profile])
    services.build_programme(pitch.edition, actor=users["coordinator"], starts_at=time(14, 0))
    services.record_outcome(
        pitch,
        actor=users["member"],
        kind="contract",
        amount=2_000_000_000,
        occurred_on=timezone.localdate(),
    )
    public = login_as(None).get(pitch.edition.url + "programme/").content.decode()
    assert "14:00" in public and "탄소섬유 면상 발열체" in public
    assert "(주)한빛카본" in public and "이서연" in public
    csv_text = login_as(users["coordinator"]).get(url("forums:dashboard_csv")).content.decode()
    header, row = csv_text.lstrip("\ufeff").splitlines()[:2]
    assert header.startswith("edition,forum_date,submitted,accepted")
    assert ",2000000000," in row


def test_dashboard_csv_cells_never_become_formulas(users, edition, login_as):
    import csv
    import io

    edition.title = "=cmd|' /C calc'!A0"
    edition.save_revision().publish()
    text = login_as(users["coordinator"]).get(url("forums:dashboard_csv")).content.decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:] if "calc" in row[0]] == ["'=cmd|' /C calc'!A0"]


def test_pitch_in_programme_opens_the_programme_in_the_readers_language(
    users, make_pitch, forum_index, locales, login_as
):
    from datetime import time

    from django.utils import timezone

    from forums import services
    from forums.models import ForumEditionPage

    pitch = make_pitch(Status.ACCEPTED, attendance_confirmed_at=timezone.now())
    services.build_programme(pitch.edition, actor=users["coordinator"], starts_at=time(14, 0))
    visitor = login_as(None)
    korean = visitor.get(url("forums:pitch_in_programme", pitch.pk))
    assert korean.status_code == 302
    assert korean["Location"] == f"{pitch.edition.url}programme/#pitch-{pitch.pk}"
    programme = visitor.get(korean["Location"].split("#")[0]).content.decode()
    assert f'id="pitch-{pitch.pk}"' in programme

    # No English edition yet: the Korean programme, rather than nothing.
    with translation.override("en"):
        english_url = reverse("forums:pitch_in_programme", args=[pitch.pk])
    assert visitor.get(english_url)["Location"] == korean["Location"]
    forum_index.copy_for_translation(locales["en"]).save_revision().publish()
    english = pitch.edition.copy_for_translation(locales["en"])
    english.save_revision().publish()
    english = ForumEditionPage.objects.get(pk=english.pk)
    assert english.url.startswith("/en/")
    response = visitor.get(english_url)
    assert response["Location"] == f"{english.url}programme/#pitch-{pitch.pk}"
    assert f'id="pitch-{pitch.pk}"' in visitor.get(f"{english.url}programme/").content.decode()


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.REJECTED, Status.WITHDRAWN, Status.ACCEPTED]
)
def test_pitch_in_programme_is_not_found_unless_in_a_programme(users, make_pitch, login_as, status):
    pitch = make_pitch(status)
    assert login_as(None).get(url("forums:pitch_in_programme", pitch.pk)).status_code == 404


def test_pitch_in_programme_is_not_found_once_the_edition_is_unpublished(
    users, make_pitch, login_as
):
    from datetime import time

    from django.utils import timezone

    from forums import services

    pitch = make_pitch(Status.ACCEPTED, attendance_confirmed_at=timezone.now())
    services.build_programme(pitch.edition, actor=users["coordinator"], starts_at=time(14, 0))
    link = url("forums:pitch_in_programme", pitch.pk)
    assert login_as(None).get(link).status_code == 302
    pitch.edition.unpublish()
    assert login_as(None).get(link).status_code == 404


@pytest.mark.parametrize("view", ["forums:manage", "forums:mine"])
def test_list_query_count_does_not_grow(users, reviewers, make_pitch, login_as, view):
    user = users["coordinator"] if view == "forums:manage" else users["reviewer"]
    client = login_as(user)
    edition_pk = None

    def add(count):
        nonlocal edition_pk
        for index in range(count):
            pitch = make_pitch(title=f"피치 {index}")
            edition_pk = pitch.edition_id
            ReviewAssignment.objects.create(pitch=pitch, reviewer=users["reviewer"])

    def count_queries():
        path = url(view, edition_pk=edition_pk) if view == "forums:manage" else url(view)
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        return len(context.captured_queries)

    add(2)
    few = count_queries()
    add(10)
    assert count_queries() <= few


# POST actions: who may do them; everyone else gets a login redirect, 404 (may not even see the
# pitch) or 403 (sees it, may not do this).
ACTIONS = {
    "assign": (Status.SUBMITTED, {"coordinator"}),
    "decide": (Status.SUBMITTED, {"coordinator"}),
    "presented": (Status.ACCEPTED, {"coordinator"}),
    "outcome_add": (Status.ACCEPTED, {"member", "colleague", "coordinator"}),
    "pitch_withdraw": (Status.SUBMITTED, {"member", "colleague"}),
    "pitch_confirm": (Status.ACCEPTED, {"member", "colleague"}),
    "review_phase": (Status.SUBMITTED, {"coordinator"}),
    "apply_suggestions": (Status.SUBMITTED, {"coordinator"}),
    "programme": (Status.SUBMITTED, {"coordinator"}),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_post_action_grid(everyone, make_pitch, login_as, action):
    from django.utils import timezone

    state, allowed = ACTIONS[action]
    data = {
        "assign": lambda: {"reviewer": everyone["reviewer"].pk},
        "decide": lambda: {"decision": "accept"},
        "presented": lambda: {"value": "1"},
        "outcome_add": lambda: {
            "kind": "mou",
            "counterparty": "경북테크노파크",
            "occurred_on": timezone.localdate().isoformat(),
        },
        "review_phase": lambda: {"open": "1"},
        "programme": lambda: {"starts_at": "14:00", "minutes": "15"},
    }.get(action, dict)
    got, expected = {}, {}
    for role in ROLES:
        pitch = make_pitch(state, title=f"{action}-{role}")
        ReviewAssignment.objects.create(pitch=pitch, reviewer=everyone["reviewer"])
        if action in ("review_phase", "apply_suggestions", "programme"):
            path = url(f"forums:{action}", edition_pk=pitch.edition_id)
        else:
            path = url(f"forums:{action}", pitch.pk)
        got[role] = outcome(login_as(everyone[role]).post(path, data()))
        edition_level = action in ("review_phase", "apply_suggestions", "programme")
        sees = role in viewers(state)
        expected[role] = (
            LOGIN
            if role == "anonymous"
            else 302
            if role in allowed
            else 403
            if sees or edition_level
            else 404
        )
    assert got == expected


def test_the_editions_shared_programme_part_follows_a_publish_and_never_holds_a_preview(
    edition, users, client
):
    client.force_login(users["member"])
    assert "새로 공개한 포럼 소개" not in client.get(edition.url).content.decode()
    edition.description = "<p>새로 공개한 포럼 소개</p>"
    edition.save_revision().publish()
    assert "새로 공개한 포럼 소개" in client.get(edition.url).content.decode()

    draft = type(edition).objects.get(pk=edition.pk)
    draft.description = "<p>아직 공개하지 않은 포럼 소개</p>"
    assert "공개하지 않은 포럼 소개" in draft.make_preview_request().content.decode()
    assert "공개하지 않은 포럼 소개" not in client.get(edition.url).content.decode()
