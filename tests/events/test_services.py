"""Registration, check-in, moderation, polls, jury scores and the forum programme."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from events import services
from events.models import EventSession, Poll, Question, Registration, RoomEvent
from tests.mail import deliver_queued_mail

from .conftest import make_event

pytestmark = pytest.mark.integration
Status = Registration.Status


@pytest.fixture
def small_event(event_index, site_tree):
    return make_event(event_index, site_tree, slug="small", capacity=1)


def test_last_seat_then_waiting_list_then_promotion(users, small_event):
    first = services.register(small_event, actor=users["member"])
    second = services.register(small_event, actor=users["other_member"])
    assert (first.status, second.status) == (Status.REGISTERED, Status.WAITLISTED)
    assert services.register(small_event, actor=users["member"]).pk == first.pk  # harmless

    cancelled, promoted = services.cancel_registration(small_event, actor=users["member"])
    assert cancelled.status == Status.CANCELLED
    assert promoted.pk == second.pk
    second.refresh_from_db()
    assert second.status == Status.REGISTERED and second.promoted_at is not None


def test_confirmation_email_carries_the_code_and_an_ical_file(
    users, small_event, english, django_capture_on_commit_callbacks
):
    deliver_queued_mail()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(small_event, actor=users["member"])
    deliver_queued_mail()
    message = mail.outbox[-1]
    assert registration.code in message.body
    (name, content, mimetype) = message.attachments[0]
    assert (name, mimetype) == ("event.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content and "SUMMARY:2026 탄소 세미나" in content


def test_registration_refused_when_closed_or_anonymous(users, small_event):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.register(small_event, actor=AnonymousUser())
    small_event.registration_open = False
    small_event.save_revision().publish()
    with pytest.raises(ValidationError):
        services.register(small_event, actor=users["member"])
    assert not Registration.objects.exists()


def test_check_in_codes(users, small_event, english):
    seated = services.register(small_event, actor=users["member"])
    waiting = services.register(small_event, actor=users["other_member"])
    with pytest.raises(PermissionDenied):
        services.check_in(small_event, actor=users["member"], code=seated.code)
    with pytest.raises(ValidationError, match="code"):
        services.check_in(small_event, actor=users["coordinator"], code="NOPE2345")
    with pytest.raises(ValidationError, match="waiting list"):
        services.check_in(small_event, actor=users["coordinator"], code=waiting.code)
    typed = f"{seated.code[:4].lower()}-{seated.code[4:]}"
    registration, already = services.check_in(small_event, actor=users["coordinator"], code=typed)
    assert registration.checked_in_at is not None and not already
    assert services.check_in(small_event, actor=users["coordinator"], code=seated.code)[1]


def test_hiding_a_question_takes_it_off_the_screen_and_counts_it(users, talk):
    question = services.ask_question(talk, actor=users["member"], body="질문")
    services.moderate_question(question, actor=users["coordinator"], action="approve")
    services.highlight_question(talk, actor=users["coordinator"], question=question)
    services.moderate_question(question, actor=users["coordinator"], action="hide")
    public = list(
        RoomEvent.objects.filter(stream="public").order_by("seq").values_list("payload", flat=True)
    )
    assert [p["type"] for p in public] == [
        "counts",
        "question",
        "highlight",
        "highlight",
        "question.removed",
    ]
    assert public[-1]["counts"] == {"pending": 0, "hidden": 1}
    assert public[3]["question"] is None
    assert [p["seq"] for p in public] == [1, 2, 3, 4, 5]


def test_hidden_questions_cannot_be_highlighted_or_voted(users, talk):
    question = services.ask_question(talk, actor=users["member"], body="대기 중")
    with pytest.raises(ValidationError):
        services.highlight_question(talk, actor=users["coordinator"], question=question)
    with pytest.raises(ValidationError):
        services.toggle_vote(question, actor=users["other_member"])


def test_polls_single_and_multiple_choice(users, talk, english):
    poll = services.create_poll(
        talk, actor=users["coordinator"], question="목적?", options=["투자", "협력", "동향"]
    )
    first, second, _third = poll.options.all()
    with pytest.raises(ValidationError, match="not open"):
        services.answer_poll(poll, actor=users["member"], option_ids=[first.pk])
    services.set_poll_status(poll, actor=users["coordinator"], status=Poll.Status.OPEN)
    with pytest.raises(ValidationError, match="one answer"):
        services.answer_poll(poll, actor=users["member"], option_ids=[first.pk, second.pk])
    services.answer_poll(poll, actor=users["member"], option_ids=[first.pk])
    services.answer_poll(poll, actor=users["member"], option_ids=[second.pk])  # replaces
    services.answer_poll(poll, actor=users["other_member"], option_ids=[second.pk])
    last = RoomEvent.objects.filter(stream="public").order_by("-seq").first().payload
    assert [option["count"] for option in last["poll"]["options"]] == [0, 2, 0]
    services.set_poll_status(poll, actor=users["coordinator"], status=Poll.Status.CLOSED)
    with pytest.raises(ValidationError):
        services.answer_poll(poll, actor=users["colleague"], option_ids=[first.pk])


def test_draft_polls_stay_off_the_public_stream(users, talk):
    services.create_poll(talk, actor=users["coordinator"], question="초안", options=["a", "b"])
    assert RoomEvent.objects.filter(stream="staff").count() == 1
    assert not RoomEvent.objects.filter(stream="public").exists()


def test_programme_becomes_sessions_once_and_survives_admin_edits(users, forum_day):
    event, pitch = forum_day
    created = services.import_programme(event, actor=users["coordinator"])
    assert [session.pitch_id for session in created] == [pitch.pk]
    assert services.import_programme(event, actor=users["coordinator"]) == []
    # An editor publishing the page from its latest revision keeps the sessions.
    event.refresh_from_db()
    event.get_latest_revision_as_object().save_revision().publish()
    assert EventSession.objects.filter(event=event, pitch=pitch).count() == 1


def test_jury_scores_aggregate_and_pitchers_cannot_score_themselves(users, forum_day):
    from events.models import JuryMember

    event, pitch = forum_day
    services.import_programme(event, actor=users["coordinator"])
    for juror in (users["reviewer"], users["colleague"]):
        JuryMember.objects.create(event=event, user=juror)
    scores = {key: 4 for key, _label, _weight in event.forum_edition.rubric()}
    with pytest.raises(PermissionDenied):  # colleague works for the pitching organisation
        services.score_pitch(event, pitch, actor=users["colleague"], scores=scores)
    with pytest.raises(ValidationError):
        services.score_pitch(event, pitch, actor=users["reviewer"], scores={"technology": 9})
    aggregate = services.score_pitch(event, pitch, actor=users["reviewer"], scores=scores)
    assert aggregate["jurors"] == 1 and aggregate["weighted"] == 4.0
    staff = RoomEvent.objects.filter(stream="staff").order_by("-seq").first().payload
    assert staff["type"] == "jury" and staff["aggregate"]["weighted"] == 4.0
    assert not RoomEvent.objects.filter(stream="public", payload__type="jury").exists()


def test_pitcher_answers_open_questions_in_writing_after_the_event(users, forum_day):
    event, pitch = forum_day
    services.import_programme(event, actor=users["coordinator"])
    session = EventSession.objects.get(event=event, pitch=pitch)
    question = services.ask_question(session, actor=users["other_member"], body="단가는?")
    assert question.pitch_id == pitch.pk
    with pytest.raises(PermissionDenied):  # never approved: the audience did not see it
        services.reply_to_question(question, actor=users["member"], reply="?")
    services.moderate_question(question, actor=users["coordinator"], action="approve")
    with pytest.raises(PermissionDenied):
        services.reply_to_question(question, actor=users["other_member"], reply="?")
    answered = services.reply_to_question(question, actor=users["member"], reply="개당 3만 원")
    assert answered.answered and answered.replied_by == users["member"]
    with pytest.raises(PermissionDenied):  # answered questions are closed to pitchers
        services.reply_to_question(question, actor=users["member"], reply="수정")
    assert Question.objects.get(pk=question.pk).reply == "개당 3만 원"
