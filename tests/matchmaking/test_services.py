"""Matchmaking's services: joining, requests and answers, expiry, picking slots, the
scheduler on the database, moves, publishing, check-in and feedback."""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from matchmaking import queries, services
from matchmaking.models import FollowUp, Meeting, MeetingRequest, MeetingSeat, Participant
from notifications.models import Notification
from tests.mail import deliver_queued_mail

from .conftest import join, meeting_slots

pytestmark = pytest.mark.integration
Status = MeetingRequest.Status
Kind = Notification.Kind


def accepted(sender_participant, recipient_participant, **fields):
    meeting_request = services.send_request(
        recipient_participant, actor=sender_participant.user, **fields
    )
    return services.answer_request(meeting_request, actor=recipient_participant.user, accept=True)


def test_only_a_buyer_fair_opens_matchmaking(event_index, site_tree, users):
    from tests.events.conftest import make_event

    seminar = make_event(event_index, site_tree, slug="seminar")
    with pytest.raises(ValidationError):
        services.open_matchmaking(seminar, actor=users["coordinator"])


def test_only_coordinators_of_a_host_cluster_open_it(fair_event, users):
    for who in ("member", "other_coordinator", "visitor"):
        with pytest.raises(PermissionDenied):
            services.open_matchmaking(fair_event, actor=users[who])


def test_slots_and_breaks_follow_the_meeting_length(fair):
    slots = list(fair.slots.all())
    assert [slot.is_break for slot in slots] == [False, False, True, False, False]
    for before, after in itertools.pairwise(slots):
        assert after.starts_at == before.ends_at
        assert before.ends_at - before.starts_at == timedelta(minutes=fair.meeting_minutes)


def test_joining_needs_a_registration_and_exhibitors_an_organisation(fair, users):
    with pytest.raises(PermissionDenied):  # not registered
        services.join(
            fair,
            actor=users["colleague"],
            role="buyer",
            company="X",
            country="KR",
            languages=["ko"],
        )
    with pytest.raises(ValidationError):  # registered, but no confirmed organisation
        join(fair, users["visitor"], Participant.Role.EXHIBITOR)
    exhibitor = join(fair, users["member"], Participant.Role.EXHIBITOR)
    assert exhibitor.organisation.slug == "hanbit-carbon"
    assert exhibitor.company == exhibitor.organisation.display_name
    with pytest.raises(PermissionDenied):  # already takes part
        join(fair, users["member"], Participant.Role.BUYER, company="again")


def test_requests_go_between_the_two_sides_only(fair, people):
    with pytest.raises(PermissionDenied):  # exhibitor to exhibitor
        services.send_request(people["other_exhibitor"], actor=people["exhibitor"].user)
    with pytest.raises(PermissionDenied):  # to oneself
        services.send_request(people["buyer"], actor=people["buyer_user"])
    meeting_request = services.send_request(
        people["exhibitor"], actor=people["buyer_user"], message="샘플 요청"
    )
    assert meeting_request.status == Status.PENDING
    with pytest.raises(ValidationError):  # one live request per direction
        services.send_request(people["exhibitor"], actor=people["buyer_user"])


def test_the_recipient_is_told_in_their_language_and_the_answer_goes_back(fair, people, users):
    deliver_queued_mail()  # the registration tickets
    mail.outbox.clear()
    meeting_request = services.send_request(people["buyer"], actor=users["member"])
    deliver_queued_mail()
    [message] = mail.outbox
    assert message.to == [people["buyer_user"].email]
    with translation.override("zh-hans"):  # the buyer reads Chinese
        subject = str(Kind.MEETING_REQUESTED.label)
        body = Notification.objects.get(kind=Kind.MEETING_REQUESTED).message
    assert subject != "Meeting request" and subject in message.subject
    # The exhibitor by its English name, as an overseas buyer reads it.
    assert body in message.body and "Hanbit Carbon" in body
    mail.outbox.clear()
    with pytest.raises(PermissionDenied):  # only the recipient answers
        services.answer_request(meeting_request, actor=users["member"], accept=True)
    services.answer_request(meeting_request, actor=people["buyer_user"], accept=False)
    notification = Notification.objects.get(recipient=users["member"], kind=Kind.MEETING_DECLINED)
    assert "Shenzhen Carbon Trading" in notification.message
    with pytest.raises(ValidationError):  # answered already
        services.answer_request(meeting_request, actor=people["buyer_user"], accept=True)
    # Declined: a new request may be sent again.
    services.send_request(people["buyer"], actor=users["member"])


def test_unanswered_requests_expire_and_recipients_are_reminded_once(fair, people, users):
    meeting_request = services.send_request(people["buyer"], actor=users["member"])
    fair.requests_expire_at = timezone.now() + timedelta(hours=5)
    fair.save()
    assert services.expire_requests() == {"expired": 0, "reminded": 1}
    assert services.expire_requests() == {"expired": 0, "reminded": 0}
    assert (
        Notification.objects.filter(
            recipient=people["buyer_user"], kind=Kind.MEETING_REQUEST_REMINDER
        ).count()
        == 1
    )
    call_command("expire_meeting_requests", now=(timezone.now() + timedelta(hours=6)).isoformat())
    meeting_request.refresh_from_db()
    assert meeting_request.status == Status.EXPIRED
    assert Notification.objects.filter(
        recipient=users["member"], kind=Kind.MEETING_REQUEST_EXPIRED
    ).exists()
    with pytest.raises(ValidationError):  # past the deadline, no new requests
        fair.requests_expire_at = timezone.now() - timedelta(minutes=1)
        fair.save()
        services.send_request(people["exhibitor"], actor=people["buyer_user"])


@pytest.fixture
def self_service(fair):
    fair.scheduling = fair.Scheduling.SELF_SERVICE
    fair.save()
    return fair


def test_picking_a_slot_puts_the_meeting_on_both_agendas(self_service, people, users):
    meeting_request = accepted(people["buyer"], people["exhibitor"])
    first = meeting_slots(self_service)[0]
    with pytest.raises(PermissionDenied):
        services.pick_slot(meeting_request, actor=users["colleague"], slot=first)
    meeting = services.pick_slot(meeting_request, actor=people["buyer_user"], slot=first)
    assert meeting.status == Meeting.Status.SCHEDULED and meeting.table is not None
    assert set(
        MeetingSeat.objects.filter(meeting=meeting).values_list("participant", flat=True)
    ) == {
        people["buyer"].pk,
        people["exhibitor"].pk,
    }
    assert Notification.objects.filter(
        recipient=users["member"], kind=Kind.MEETING_SCHEDULED
    ).exists()
    with pytest.raises(PermissionDenied):  # placed already
        services.pick_slot(meeting_request, actor=users["member"], slot=first)


def test_a_person_is_never_in_two_meetings_at_once(self_service, people, users):
    first = meeting_slots(self_service)[0]
    one = accepted(people["buyer"], people["exhibitor"])
    two = accepted(people["buyer"], people["other_exhibitor"])
    services.pick_slot(one, actor=people["buyer_user"], slot=first)
    with pytest.raises(services.SlotTaken):
        services.pick_slot(two, actor=people["buyer_user"], slot=first)
    assert services.pick_slot(two, actor=people["buyer_user"], slot=meeting_slots(self_service)[1])


def test_tables_run_out_and_breaks_and_unavailability_are_refused(self_service, people, users):
    slots = list(self_service.slots.all())
    services.set_tables(self_service, actor=users["coordinator"], count=1)
    one = accepted(people["buyer"], people["exhibitor"])
    with pytest.raises(ValidationError):  # a break
        services.pick_slot(one, actor=people["buyer_user"], slot=slots[2])
    services.update_participant(
        people["exhibitor"], actor=users["member"], unavailable_slots=[slots[0]]
    )
    with pytest.raises(ValidationError):
        services.pick_slot(one, actor=people["buyer_user"], slot=slots[0])
    services.pick_slot(one, actor=people["buyer_user"], slot=slots[1])
    buyer2 = join(self_service, users["visitor"], Participant.Role.BUYER, company="Hanoi Import")
    two = accepted(buyer2, people["other_exhibitor"])
    with pytest.raises(services.SlotTaken):  # the only table is taken then
        services.pick_slot(two, actor=users["visitor"], slot=slots[1])
    online = accepted(buyer2, people["exhibitor"], online=True)
    meeting = services.pick_slot(online, actor=users["visitor"], slot=slots[3])
    assert meeting.is_online


def test_the_scheduler_places_accepted_requests_as_drafts_then_publishes(fair, people, users):
    coordinator = users["coordinator"]
    one = accepted(people["buyer"], people["exhibitor"], language="zh")
    two = accepted(people["other_exhibitor"], people["buyer"])
    pending = services.send_request(people["buyer"], actor=people["exhibitor"].user)  # noqa: F841
    with pytest.raises(PermissionDenied):
        services.run_scheduler(fair, actor=users["member"])
    report = services.run_scheduler(fair, actor=coordinator)
    assert report["placed"] == 2 and report["unplaced"] == {}
    meetings = {m.request_id: m for m in Meeting.objects.filter(matchmaking=fair)}
    assert set(meetings) == {one.pk, two.pk}
    assert all(m.status == Meeting.Status.DRAFT for m in meetings.values())
    assert meetings[one.pk].interpreter.name == "왕리"
    assert meetings[one.pk].slot_id != meetings[two.pk].slot_id  # the buyer is in both
    # Drafts are not on the agendas and nobody is told yet.
    assert not Notification.objects.filter(kind=Kind.SCHEDULE_PUBLISHED).exists()
    # Running again replaces the draft rather than adding to it.
    assert services.run_scheduler(fair, actor=coordinator)["placed"] == 2
    assert Meeting.objects.filter(matchmaking=fair).count() == 2
    assert services.publish_schedule(fair, actor=coordinator) == 2
    assert not Meeting.objects.filter(matchmaking=fair, status=Meeting.Status.DRAFT).exists()
    told = Notification.objects.filter(kind=Kind.SCHEDULE_PUBLISHED)
    assert {n.recipient_id for n in told} == {
        people["buyer_user"].pk,
        users["member"].pk,
        users["other_member"].pk,
    }
    assert told.get(recipient=people["buyer_user"]).params["count"] == 2
    # Published meetings stay where they are on the next run.
    before = {m.pk: (m.slot_id, m.table_id) for m in Meeting.objects.filter(matchmaking=fair)}
    report = services.run_scheduler(fair, actor=coordinator)
    assert report["placed"] == 0 and report["kept"] == 2
    assert before == {
        m.pk: (m.slot_id, m.table_id) for m in Meeting.objects.filter(matchmaking=fair)
    }


def test_mutual_wishes_are_scheduled_only_when_allowed(fair, people, users):
    services.send_request(people["buyer"], actor=users["member"])
    services.send_request(people["exhibitor"], actor=people["buyer_user"])
    assert services.run_scheduler(fair, actor=users["coordinator"])["placed"] == 0
    fair.include_mutual_wishes = True
    fair.save()
    assert services.run_scheduler(fair, actor=users["coordinator"])["placed"] == 1


def test_what_cannot_be_placed_is_reported_with_the_reason(fair, people, users):
    slots = meeting_slots(fair)
    services.update_participant(
        people["buyer"], actor=people["buyer_user"], unavailable_slots=slots[:2]
    )
    services.update_participant(
        people["exhibitor"], actor=users["member"], unavailable_slots=slots[2:]
    )
    meeting_request = accepted(people["buyer"], people["exhibitor"])
    report = services.run_scheduler(fair, actor=users["coordinator"])
    assert report["unplaced"] == {str(meeting_request.pk): "no_common_slot"}


def test_moving_a_published_meeting_tells_both_and_respects_the_rules(fair, people, users):
    coordinator = users["coordinator"]
    one = accepted(people["buyer"], people["exhibitor"])
    two = accepted(people["buyer"], people["other_exhibitor"])
    services.run_scheduler(fair, actor=coordinator)
    services.publish_schedule(fair, actor=coordinator)
    first = Meeting.objects.get(request=one)
    second = Meeting.objects.get(request=two)
    with pytest.raises(services.SlotTaken):  # the buyer is in the other meeting then
        services.move_meeting(first, actor=coordinator, slot=second.slot)
    free = next(s for s in meeting_slots(fair) if s.pk not in (first.slot_id, second.slot_id))
    moved = services.move_meeting(first, actor=coordinator, slot=free)
    assert moved.pk == first.pk and moved.slot == free
    assert Notification.objects.filter(kind=Kind.MEETING_MOVED).count() == 2
    with pytest.raises(PermissionDenied):
        services.move_meeting(first, actor=users["member"], slot=free)


def test_check_in_and_feedback(fair, people, users):
    meeting_request = accepted(people["buyer"], people["exhibitor"])
    services.run_scheduler(fair, actor=users["coordinator"])
    meeting = Meeting.objects.get(request=meeting_request)
    with pytest.raises(ValidationError):  # a draft is not checked in
        services.record_attendance(meeting, actor=users["coordinator"], held=True)
    with pytest.raises(PermissionDenied):  # nor does anyone give feedback on a draft
        services.give_feedback(meeting, actor=users["member"], held=True)
    services.publish_schedule(fair, actor=users["coordinator"])
    meeting.refresh_from_db()
    with pytest.raises(ValidationError):  # before it starts
        services.give_feedback(meeting, actor=users["member"], held=True)
    meeting.slot.starts_at = timezone.now() - timedelta(minutes=5)
    meeting.slot.save()
    services.record_attendance(meeting, actor=users["coordinator"], held=True)
    feedback = services.give_feedback(
        meeting, actor=users["member"], held=True, interest=4, next_step="samples"
    )
    assert feedback.participant == people["exhibitor"]
    with pytest.raises(PermissionDenied):
        services.give_feedback(meeting, actor=users["other_member"], held=True)


def test_withdrawing_an_accepted_request_cancels_its_meeting(self_service, people, users):
    meeting_request = accepted(people["buyer"], people["exhibitor"])
    services.pick_slot(meeting_request, actor=users["member"], slot=meeting_slots(self_service)[0])
    services.withdraw_request(meeting_request, actor=people["buyer_user"])
    assert not Meeting.objects.filter(request=meeting_request).exists()
    assert not MeetingSeat.objects.exists()
    assert Notification.objects.filter(
        recipient=users["member"], kind=Kind.MEETING_CANCELLED
    ).exists()


def test_schedule_meetings_command(fair, people, users, capsys):
    accepted(people["buyer"], people["exhibitor"])
    call_command("schedule_meetings", fair.event.slug)
    assert "1" in capsys.readouterr().out
    assert Meeting.objects.filter(matchmaking=fair, status=Meeting.Status.DRAFT).count() == 1
    call_command("schedule_meetings", fair.event.slug, "--publish")
    assert Meeting.objects.filter(matchmaking=fair, status=Meeting.Status.SCHEDULED).count() == 1


def test_reminders_the_day_before_and_follow_ups_three_months_after(fair, people, users):
    meeting_request = accepted(people["buyer"], people["exhibitor"])
    services.run_scheduler(fair, actor=users["coordinator"])
    services.publish_schedule(fair, actor=users["coordinator"])
    meeting = Meeting.objects.get(request=meeting_request)
    starts = meeting.slot.starts_at
    # Two days before: nothing; within the day before: both sides, once.
    assert services.send_reminders_and_follow_ups(now=starts - timedelta(days=2)) == {
        "reminded": 0,
        "follow_ups": 0,
    }
    day_before = starts - timedelta(hours=20)
    assert services.send_reminders_and_follow_ups(now=day_before)["reminded"] == 2
    assert services.send_reminders_and_follow_ups(now=day_before)["reminded"] == 0
    reminder = Notification.objects.get(recipient=people["buyer_user"], kind=Kind.MEETING_REMINDER)
    assert "Hanbit Carbon" in reminder.message  # the buyer reads Chinese: the English name
    # Held; three months later each side is asked once; a no-show is never asked.
    meeting.slot.starts_at = timezone.now() - timedelta(days=95)
    meeting.slot.ends_at = meeting.slot.starts_at + timedelta(minutes=30)
    meeting.slot.save()
    services.record_attendance(meeting, actor=users["coordinator"], held=True)
    call_command("send_meeting_reminders")
    call_command("send_meeting_reminders")
    follow_ups = list(FollowUp.objects.filter(meeting=meeting))
    assert len(follow_ups) == 2
    buyer_side = next(f for f in follow_ups if f.participant == people["buyer"])
    with pytest.raises(PermissionDenied):  # only the person asked answers
        services.answer_follow_up(
            buyer_side, actor=users["member"], negotiating=True, agreement=False
        )
    services.answer_follow_up(
        buyer_side,
        actor=people["buyer_user"],
        negotiating=True,
        agreement=True,
        contract_value=Decimal("120000"),
        currency="USD",
    )
    exhibitor_side = next(f for f in follow_ups if f.participant == people["exhibitor"])
    services.answer_follow_up(
        exhibitor_side,
        actor=users["member"],
        negotiating=True,
        agreement=True,
        contract_value=Decimal("118000"),
        currency="USD",
    )
    # In the outcomes ledger: claimed by the buyer, who answered first, confirmed by the firm's
    # answer (its own figure kept in the trail), counted once, with the meeting as its origin.
    from outcomes.models import Outcome
    from outcomes.origins import origin_of

    ledger = Outcome.objects.get()
    assert (ledger.kind, ledger.amount, ledger.currency) == ("export_contract", 120000, "USD")
    assert ledger.organisation == people["exhibitor"].organisation
    assert ledger.counterpart_user == people["buyer_user"]
    assert ledger.counterpart_name == "Shenzhen Carbon Trading"
    assert ledger.status == Outcome.Status.CONFIRMED and ledger.confirmed_by == users["member"]
    assert origin_of(ledger)[1] == meeting
    assert "118,000" in ledger.changes.get(action="confirmed").reason
    outcomes = queries.dashboard(fair)["outcomes"]
    # The same contract reported by both: the buyer's figure counts once.
    assert outcomes == {
        "answered": 2,
        "negotiating": 2,
        "agreements": 2,
        "contract_values": {"USD": Decimal("120000")},
    }


def test_a_follow_up_page_is_its_persons_only(fair, people, users, login_as):
    meeting_request = accepted(people["buyer"], people["exhibitor"])
    services.run_scheduler(fair, actor=users["coordinator"])
    services.publish_schedule(fair, actor=users["coordinator"])
    meeting = Meeting.objects.get(request=meeting_request)
    services.record_attendance(meeting, actor=users["coordinator"], held=True)
    services.send_reminders_and_follow_ups(now=meeting.slot.ends_at + timedelta(days=91))
    mine = FollowUp.objects.get(participant=people["buyer"])
    path = mine.get_absolute_url()
    assert login_as(users["member"]).get(path).status_code == 404
    assert login_as(users["coordinator"]).get(path).status_code == 404
    client = login_as(people["buyer_user"])
    assert client.get(path).status_code == 200
    response = client.post(path, {"negotiating": "on", "contract_value": "-5", "currency": "KRW"})
    assert response.status_code == 200  # refused with the reason, nothing saved
    mine.refresh_from_db()
    assert mine.answered_at is None
    client.post(path, {"agreement": "on", "contract_value": "50000000", "currency": "KRW"})
    mine.refresh_from_db()
    assert mine.agreement and mine.contract_value == 50000000 and mine.answered_at


def test_a_follow_up_that_takes_its_agreement_back_withdraws_its_outcome(fair, people, users):
    from outcomes.models import Outcome

    meeting_request = accepted(people["buyer"], people["exhibitor"])
    services.run_scheduler(fair, actor=users["coordinator"])
    services.publish_schedule(fair, actor=users["coordinator"])
    meeting = Meeting.objects.get(request=meeting_request)
    meeting.slot.starts_at = timezone.now() - timedelta(days=95)
    meeting.slot.ends_at = meeting.slot.starts_at + timedelta(minutes=30)
    meeting.slot.save()
    services.record_attendance(meeting, actor=users["coordinator"], held=True)
    services.send_reminders_and_follow_ups()
    mine = FollowUp.objects.get(meeting=meeting, participant=people["exhibitor"])
    services.answer_follow_up(
        mine,
        actor=users["member"],
        negotiating=False,
        agreement=True,
        contract_value=Decimal("90000000"),
        currency="KRW",
    )
    outcome = Outcome.objects.get()
    assert outcome.status == Outcome.Status.CLAIMED
    assert outcome.recorded_side == Outcome.Side.ORGANISATION
    # The firm corrects its figure: the claim follows.
    services.answer_follow_up(
        mine,
        actor=users["member"],
        negotiating=False,
        agreement=True,
        contract_value=Decimal("95000000"),
        currency="KRW",
    )
    outcome.refresh_from_db()
    assert outcome.amount == 95000000 and Outcome.objects.count() == 1
    services.answer_follow_up(mine, actor=users["member"], negotiating=True, agreement=False)
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.WITHDRAWN and not outcome.counts
