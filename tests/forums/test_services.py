from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from forums import queries, services
from forums.models import ForumEditionPage, Pitch, ProgrammeSlot
from tests.forums.conftest import PDF, make_edition
from tests.mail import deliver_queued_mail

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

Status = Pitch.Status


def deck(name="deck.pdf", content=PDF):
    upload = SimpleUploadedFile(name, content)
    upload.detected_content_type = "application/pdf"
    return upload


FIELDS = {
    "title": "탄소섬유 면상 발열체",
    "item": "가구용 발열체",
    "market_outlook": "연 8% 성장",
    "business_plan": "3년 내 수출",
    "stage": "prototype",
    "funding_ask": 2_000_000_000,
}


def test_draft_deck_submit_withdraw(users, edition, django_capture_on_commit_callbacks, english):
    member = users["member"]
    pitch = services.create_pitch(
        edition, actor=member, tags=["발열체"], presenters=[member.profile], **FIELDS
    )
    assert pitch.status == Status.DRAFT and pitch.organisation == member.profile.organisation
    with pytest.raises(ValidationError, match="upload your deck"):
        services.submit_pitch(pitch, actor=member)
    pitch = services.attach_deck(pitch, actor=member, upload=deck("../../etc/passwd.pdf"))
    # Stored under a random name inside the private storage, whatever the upload was called.
    assert pitch.deck.name.startswith("decks/") and "passwd" not in pitch.deck.name
    assert ".." not in pitch.deck.name
    with django_capture_on_commit_callbacks(execute=True):
        pitch = services.submit_pitch(pitch, actor=users["colleague"])  # same organisation
    assert pitch.status == Status.SUBMITTED
    # In the recipient's language (Korean by default), not the request's.
    deliver_queued_mail()
    assert len(mail.outbox) == 1 and "제출되었습니다" in mail.outbox[0].body
    assert services.withdraw_pitch(pitch, actor=member).status == Status.WITHDRAWN


def test_presenters_must_belong_to_the_organisation(users, edition):
    with pytest.raises(ValidationError):
        services.create_pitch(
            edition, actor=users["member"], presenters=[users["other_member"].profile], **FIELDS
        )
    assert not Pitch.objects.exists()


def test_late_submissions_and_edits_are_refused(users, forum_index, site_tree, make_pitch, english):
    closed = make_edition(forum_index, site_tree, slug="late", call_open=False)
    with pytest.raises(ValidationError, match="closed"):
        services.create_pitch(closed, actor=users["member"], **FIELDS)
    draft = make_pitch(Status.DRAFT, on=closed)
    with pytest.raises(ValidationError, match="closed"):
        services.submit_pitch(draft, actor=users["member"])
    with pytest.raises(ValidationError, match="closed"):
        services.update_pitch(draft, actor=users["member"], title="늦은 수정")
    with pytest.raises(ValidationError, match="closed"):
        services.attach_deck(draft, actor=users["member"], upload=deck())


def test_non_members_cannot_pitch(users, edition):
    for role in ("visitor", "reviewer", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.create_pitch(edition, actor=users[role], **FIELDS)


def test_conflict_of_interest_and_suggestions(users, reviewers, make_pitch, english):
    printing_pitch = make_pitch(by=users["other_member"], title="금속 적층 수리")
    printing_pitch.tags.set(["3D프린팅"])
    with pytest.raises(ValidationError, match="pitching organisation"):
        services.assign_reviewer(
            printing_pitch, actor=users["coordinator"], reviewer=reviewers["insider"]
        )
    heater = make_pitch()
    proposals = services.suggest_assignments(heater.edition, per_pitch=1)
    summary = {(pitch.title, reviewer.username, tuple(tags)) for pitch, reviewer, tags in proposals}
    assert summary == {
        ("탄소섬유 면상 발열체", "reviewer", ("발열체",)),
        # The only 3D-printing expert works for the pitching organisation: never suggested.
        ("금속 적층 수리", "reviewer", ()),
    }
    with pytest.raises(PermissionDenied):
        services.apply_suggestions(heater.edition, actor=users["other_coordinator"])


def test_suggestions_balance_load(users, reviewers, make_pitch):
    first, second = make_pitch(title="A"), make_pitch(title="B")
    for pitch in (first, second):
        pitch.tags.set(["무관한 분야"])
    proposals = services.suggest_assignments(first.edition, per_pitch=1)
    # Nobody matches; the two reviewers get one pitch each, not both the same one.
    assert sorted(reviewer.username for _pitch, reviewer, _tags in proposals) == [
        "insider_reviewer",
        "reviewer",
    ]


def test_review_scoring_ranking_and_decision_email(
    users, reviewers, make_pitch, django_capture_on_commit_callbacks, english
):
    pitch = make_pitch()
    other = make_pitch(by=users["other_member"], title="금속 적층 수리")
    coordinator = users["coordinator"]
    for item in (pitch, other):
        services.assign_reviewer(item, actor=coordinator, reviewer=users["reviewer"])
    services.assign_reviewer(pitch, actor=coordinator, reviewer=reviewers["insider"])
    all_five = {key: 5 for key, _label, _weight in pitch.edition.rubric()}
    with pytest.raises(ValidationError, match="review phase is closed"):
        services.submit_review(pitch, actor=users["reviewer"], scores=all_five)
    edition = services.set_review_phase(pitch.edition, actor=coordinator, is_open=True)
    pitch.refresh_from_db()
    other.refresh_from_db()
    assert edition.review_open
    # The change went through a published revision, as the admin would make it.
    assert ForumEditionPage.objects.get(pk=edition.pk).get_latest_revision_as_object().review_open
    with pytest.raises(ValidationError, match="1 to 5"):
        services.submit_review(pitch, actor=users["reviewer"], scores={"technology": 9})
    services.submit_review(
        pitch, actor=users["reviewer"], scores=all_five, comment_to_pitcher="훌륭한 기술입니다"
    )
    # technology 3 (25), market 1 (25), team 5 (20), feasibility 5 (15), readiness 1 (15)
    mixed = {"technology": 3, "market": 1, "team": 5, "feasibility": 5, "investment_readiness": 1}
    services.submit_review(pitch, actor=reviewers["insider"], scores=mixed)
    services.submit_review(other, actor=users["reviewer"], scores=dict.fromkeys(all_five, 2))
    with pytest.raises(PermissionDenied):  # not assigned
        services.submit_review(other, actor=reviewers["insider"], scores=all_five)

    ranked = queries.ranking(edition)
    assert [entry.pitch.pk for entry in ranked] == [pitch.pk, other.pk]
    # (3×25 + 1×25 + 5×20 + 5×15 + 1×15) / 100 = 2.9; mean of 5 and 2.9 = 3.95, spread 1.05
    assert (ranked[0].mean, ranked[0].spread, ranked[0].reviews_done) == (3.95, 1.05, 2)
    assert (ranked[1].mean, ranked[1].spread) == (2.0, 0.0)

    with django_capture_on_commit_callbacks(execute=True):
        decided = services.decide_pitch(pitch, actor=coordinator, decision="accept")
    assert decided.status == Status.ACCEPTED
    deliver_queued_mail()
    email = mail.outbox[-1]
    assert email.to == [users["member"].email]
    assert "선정되었습니다" in email.subject and "훌륭한 기술입니다" in email.body
    with pytest.raises(PermissionDenied):
        services.decide_pitch(other, actor=users["other_coordinator"], decision="reject")


def test_edited_decision_template_is_used(users, make_pitch, django_capture_on_commit_callbacks):
    pitch = make_pitch()
    edition = pitch.edition
    edition.reject_email_subject = "[{edition}] 결과 안내"
    edition.reject_email_body = "{organisation}의 “{pitch}”는 이번에 선정되지 않았습니다. {unknown}"
    edition.save_revision().publish()
    pitch.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_pitch(pitch, actor=users["coordinator"], decision="reject")
    deliver_queued_mail()
    email = mail.outbox[-1]
    assert email.subject.endswith(f"[{edition.title}] 결과 안내")
    assert "(주)한빛카본의 “탄소섬유 면상 발열체”는 이번에 선정되지 않았습니다. {unknown}" in (
        email.body
    )


def test_attendance_reminders_are_idempotent(users, make_pitch, django_capture_on_commit_callbacks):
    pitch = make_pitch(Status.ACCEPTED)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_attendance_reminders(now=now) == [pitch]
        assert services.send_attendance_reminders(now=now + timedelta(hours=1)) == []
    deliver_queued_mail()
    assert len(mail.outbox) == 1
    services.confirm_attendance(pitch, actor=users["member"])
    assert services.send_attendance_reminders(now=now + timedelta(days=3)) == []


def test_programme_from_confirmed_accepted_pitches(users, make_pitch):
    first = make_pitch(Status.ACCEPTED, title="첫 번째", attendance_confirmed_at=timezone.now())
    make_pitch(Status.ACCEPTED, title="미확정")
    second = make_pitch(Status.ACCEPTED, title="두 번째", attendance_confirmed_at=timezone.now())
    slots = services.build_programme(
        first.edition, actor=users["coordinator"], starts_at=time(14, 0), minutes=20
    )
    assert len(slots) == 2
    programme = queries.programme(first.edition)
    assert [(slot.pitch.title, slot.starts_at) for slot in programme] == [
        ("두 번째", time(14, 0)),  # unscored pitches sort by title
        ("첫 번째", time(14, 20)),
    ]
    # A later decision against a pitch takes it out of the programme.
    services.decide_pitch(second, actor=users["coordinator"], decision="waitlist")
    assert [slot.pitch for slot in queries.programme(first.edition)] == [first]
    assert ProgrammeSlot.objects.count() == 1


def test_outcomes_and_dashboard_totals(users, make_pitch):
    pitch = make_pitch(Status.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.record_outcome(
            pitch, actor=users["other_member"], kind="mou", occurred_on=timezone.localdate()
        )
    services.record_outcome(
        pitch,
        actor=users["member"],
        kind="contract",  # the forum's word: a supply contract in the ledger
        amount=2_000_000_000,
        counterparty="(주)한결가구",
        occurred_on=timezone.localdate(),
    )
    services.record_outcome(
        pitch,
        actor=users["coordinator"],
        kind="investment",
        amount=3_000_000_000,
        investment_kind="angel",
        occurred_on=timezone.localdate(),
    )
    services.record_outcome(
        pitch, actor=users["member"], kind="jobs", quantity=4, occurred_on=timezone.localdate()
    )
    services.mark_presented(pitch, actor=users["coordinator"])
    make_pitch(Status.REJECTED, title="탈락")
    make_pitch(Status.DRAFT, title="초안")
    (row,) = queries.dashboard_editions()
    assert row["funnel"] == {"submitted": 2, "accepted": 1, "presented": 1, "followed_up": 1}
    assert row["totals"]["contracts"] == 2_000_000_000
    assert row["totals"]["investment"] == 3_000_000_000
    assert row["totals"]["jobs"] == 4


def test_remind_pitchers_command(make_pitch, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    make_pitch(Status.ACCEPTED)
    make_pitch(Status.ACCEPTED, title="확정됨", attendance_confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_pitchers")
        call_command("remind_pitchers")
    deliver_queued_mail()
    assert len(mail.outbox) == 1
