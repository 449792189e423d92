import threading
from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone, translation

from equipment import services
from equipment.models import EquipmentBooking
from notifications.models import Notification
from tests.equipment.conftest import at
from tests.factories import EquipmentFactory, MemberProfileFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

Status = EquipmentBooking.Status


def book(equipment, user, day, start, end, purpose="시제품 측정"):
    return services.request_booking(
        equipment,
        actor=user,
        starts_at=at(day, start),
        ends_at=at(day, end),
        purpose=purpose,
    )


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ((10, 0), (9, 0), "종료 시각은 시작 시각보다 뒤여야"),
        ((9, 0), (14, 0), "최대 4시간"),
        ((7, 0), (9, 0), "운영시간(09:00–18:00)"),
        ((17, 0), (19, 0), "운영시간(09:00–18:00)"),
    ],
)
def test_rules_refused_in_korean(users, cmm, next_monday, start, end, message):
    with translation.override("ko"), pytest.raises(ValidationError) as error:
        services.request_booking(
            cmm,
            actor=users["other_member"],
            starts_at=at(next_monday, *start),
            ends_at=at(next_monday, *end),
            purpose="측정",
        )
    assert message in " ".join(error.value.messages)
    assert not EquipmentBooking.objects.exists()


def test_past_and_overnight_refused(users, cmm, english):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        book(cmm, users["other_member"], yesterday, 10, 11)
    cmm.max_hours = 24
    cmm.closes_at = time(23, 59)
    cmm.save()
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="one day"):
        services.request_booking(
            cmm,
            actor=users["other_member"],
            starts_at=at(tomorrow, 22),
            ends_at=at(tomorrow + timedelta(days=1), 10),
            purpose="야간 시험",
        )


def test_overlap_refused_adjacent_allowed(users, cmm, next_monday, english):
    first = book(cmm, users["other_member"], next_monday, 10, 12)
    assert first.status == Status.REQUESTED
    with pytest.raises(ValidationError, match="overlaps another booking"):
        book(cmm, users["colleague"], next_monday, 11, 13)
    adjacent = book(cmm, users["colleague"], next_monday, 12, 14)
    assert adjacent.pk and EquipmentBooking.objects.count() == 2


def test_cancelled_and_declined_bookings_free_their_slot(users, cmm, next_monday):
    first = book(cmm, users["other_member"], next_monday, 10, 12)
    services.cancel_booking(first, actor=users["other_member"])
    second = book(cmm, users["colleague"], next_monday, 10, 12)
    services.decline_booking(second, actor=users["member"])
    third = book(cmm, users["other_member"], next_monday, 10, 12)
    assert third.status == Status.REQUESTED


def test_approval_flow_notifies_both_sides(users, cmm, next_monday):
    booking = book(cmm, users["other_member"], next_monday, 10, 12)
    request_notice = Notification.objects.get(kind="booking_requested")
    assert request_notice.recipient == users["member"]  # the owner organisation's admin
    with pytest.raises(PermissionDenied):
        services.approve_booking(booking, actor=users["other_member"])
    approved = services.approve_booking(booking, actor=users["member"])
    assert approved.status == Status.APPROVED and approved.decided_by == users["member"]
    notice = Notification.objects.get(kind="booking_approved")
    assert notice.recipient == users["other_member"]
    with translation.override("ko"):
        assert "3차원 측정기 CMM" in notice.message and "승인되었습니다" in notice.message
    with pytest.raises(PermissionDenied):  # decided bookings cannot be decided again
        services.decline_booking(approved, actor=users["member"])


def test_coordinator_of_owner_cluster_can_decide(users, cmm, next_monday):
    booking = book(cmm, users["other_member"], next_monday, 10, 12)
    assert services.decline_booking(booking, actor=users["coordinator"]).status == Status.DECLINED


def test_no_approval_needed_confirms_at_once(users, organisation, next_monday):
    printer = EquipmentFactory(owner=organisation, requires_approval=False)
    booking = book(printer, users["other_member"], next_monday, 9, 10)
    assert booking.status == Status.APPROVED
    assert not Notification.objects.filter(kind="booking_requested").exists()


@pytest.mark.parametrize("role", ["anonymous", "visitor", "reviewer", "coordinator"])
def test_only_members_book(users, cmm, next_monday, role):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        book(cmm, users[role] or AnonymousUser(), next_monday, 10, 11)


def test_inactive_equipment_cannot_be_booked(users, cmm, next_monday):
    cmm.is_active = False
    cmm.save()
    with pytest.raises(PermissionDenied):
        book(cmm, users["other_member"], next_monday, 10, 11)


def test_database_refuses_overlaps_the_service_did_not_check(users, cmm, next_monday):
    """The guarantee lives in the database (exclusion constraint or triggers), not in Python."""
    organisation = users["other_member"].profile.organisation
    EquipmentBooking.objects.create(
        equipment=cmm,
        booker=users["other_member"],
        organisation=organisation,
        starts_at=at(next_monday, 10),
        ends_at=at(next_monday, 12),
        purpose="a",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        EquipmentBooking.objects.create(
            equipment=cmm,
            booker=users["colleague"],
            starts_at=at(next_monday, 11),
            ends_at=at(next_monday, 13),
            purpose="b",
        )
    cancelled = EquipmentBooking.objects.create(
        equipment=cmm,
        booker=users["colleague"],
        starts_at=at(next_monday, 11),
        ends_at=at(next_monday, 13),
        purpose="c",
        status=Status.CANCELLED,
    )
    # Reviving a cancelled booking into a taken slot is refused too.
    cancelled.status = Status.REQUESTED
    with pytest.raises(IntegrityError), transaction.atomic():
        cancelled.save()
    # Other equipment is unaffected.
    other = EquipmentFactory(owner=cmm.owner)
    EquipmentBooking.objects.create(
        equipment=other,
        booker=users["colleague"],
        starts_at=at(next_monday, 11),
        ends_at=at(next_monday, 13),
        purpose="d",
    )


DEADLOCK_DETECTED = "40P01"

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
)


def _race(workers):
    """Run each callable in its own thread and database connection, all released at once."""
    barrier = threading.Barrier(len(workers))
    results = [None] * len(workers)

    def run(index, work):
        from django.db import connections

        try:
            barrier.wait()
            results[index] = work()
        except Exception as error:  # the outcome we assert on
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_booking_requests_one_wins(site_tree, organisation, next_monday):
    equipment = EquipmentFactory(owner=organisation, max_hours=4)
    members = [MemberProfileFactory(organisation=organisation).user for _ in range(6)]
    results = _race(
        [
            (lambda user=user: book(equipment, user, next_monday, 10, 12, purpose=user.username))
            for user in members
        ]
    )
    winners = [result for result in results if isinstance(result, EquipmentBooking)]
    losers = [result for result in results if isinstance(result, ValidationError)]
    assert len(winners) == 1 and len(losers) == 5, results
    assert EquipmentBooking.objects.filter(equipment=equipment).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_raw_inserts_are_refused_by_the_constraint(site_tree, organisation, next_monday):
    """Without the service's row lock, the exclusion constraint alone keeps one booking."""
    equipment = EquipmentFactory(owner=organisation, max_hours=4)
    booker = MemberProfileFactory(organisation=organisation).user

    def insert(hour):
        with transaction.atomic():
            return EquipmentBooking.objects.create(
                equipment=equipment,
                booker=booker,
                starts_at=at(next_monday, hour),
                ends_at=at(next_monday, hour + 2),
                purpose="race",
            )

    results = _race([lambda: insert(10), lambda: insert(11), lambda: insert(10)])
    assert sum(isinstance(result, EquipmentBooking) for result in results) == 1, results
    assert sum(_refused_by_database(result) for result in results) == 2, results
    assert EquipmentBooking.objects.filter(equipment=equipment).count() == 1


def _refused_by_database(result):
    """An exclusion violation, or the deadlock PostgreSQL breaks when concurrent inserts each
    wait on the other's constraint check: either way the row was refused."""
    if isinstance(result, IntegrityError):
        return True
    return isinstance(result, OperationalError) and (
        getattr(result.__cause__, "sqlstate", None) == DEADLOCK_DETECTED
    )
