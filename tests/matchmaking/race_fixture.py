"""Data for the slot-picking races against a real daphne process (run through `manage.py
shell`): a self-service buyer fair with one table, and two groups of accepted requests whose
people race for one slot. Prints JSON with the session cookies of those who pick."""

import json
from datetime import timedelta

from django.utils import timezone
from wagtail.models import Site

from events.models import EventIndexPage, EventPage
from home.management.commands.live_room_fixture import session_key
from matchmaking.models import (
    Matchmaking,
    MeetingRequest,
    MeetingTable,
    Participant,
    TimeSlot,
)
from tests.factories import UserFactory


def build_fair(home):
    """A self-service buyer fair under `home` with one slot and one table: (fair, slot)."""
    index = home.add_child(instance=EventIndexPage(title="행사", slug="events"))
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    event = index.add_child(
        instance=EventPage(
            title="구매상담회",
            slug="race-fair",
            kind=EventPage.Kind.BUYER_FAIR,
            starts_at=start,
            ends_at=start + timedelta(hours=6),
            venue="시흥",
        )
    )
    fair = Matchmaking.objects.create(event=event, scheduling=Matchmaking.Scheduling.SELF_SERVICE)
    slot = TimeSlot.objects.create(
        matchmaking=fair, starts_at=start, ends_at=start + timedelta(minutes=30)
    )
    MeetingTable.objects.create(matchmaking=fair, name="1")
    return fair, slot


def main(pairs, same_buyer):
    fair, slot = build_fair(Site.objects.get(is_default_site=True).root_page)

    def person(name, role):
        user = UserFactory(username=name)
        return Participant.objects.create(
            matchmaking=fair, user=user, role=role, company=name, country="KR", languages="ko"
        )

    def accepted(sender, recipient):
        return MeetingRequest.objects.create(
            matchmaking=fair,
            sender=sender,
            recipient=recipient,
            status=MeetingRequest.Status.ACCEPTED,
        )

    # Group "table": distinct pairs, one table: one of them gets it.
    table_race = []
    for index in range(pairs):
        buyer = person(f"buyer{index}", Participant.Role.BUYER)
        exhibitor = person(f"exhibitor{index}", Participant.Role.EXHIBITOR)
        table_race.append((session_key(buyer.user), accepted(buyer, exhibitor).pk))
    # Group "person": one buyer's requests to several exhibitors, each picked by the exhibitor,
    # all for the same slot (online meetings: no table): one of them gets the buyer.
    busy_buyer = person("busy-buyer", Participant.Role.BUYER)
    person_race = []
    for index in range(same_buyer):
        exhibitor = person(f"online-exhibitor{index}", Participant.Role.EXHIBITOR)
        meeting_request = accepted(busy_buyer, exhibitor)
        meeting_request.online = True
        meeting_request.save()
        person_race.append((session_key(exhibitor.user), meeting_request.pk))
    print(json.dumps({"slot": slot.pk, "table_race": table_race, "person_race": person_race}))


def live_pair():
    """A buyer and an exhibitor with an accepted request in a self-service fair of one slot:
    prints their session cookies, the request and the slot."""
    fair, slot = build_fair(Site.objects.get(is_default_site=True).root_page)
    people = {}
    for name, role in (
        ("Hanoi Import", Participant.Role.BUYER),
        ("한빛카본", Participant.Role.EXHIBITOR),
    ):
        user = UserFactory(username=role)
        people[role] = Participant.objects.create(
            matchmaking=fair, user=user, role=role, company=name, country="KR", languages="ko"
        )
    meeting_request = MeetingRequest.objects.create(
        matchmaking=fair,
        sender=people[Participant.Role.BUYER],
        recipient=people[Participant.Role.EXHIBITOR],
        status=MeetingRequest.Status.ACCEPTED,
    )
    print(
        json.dumps(
            {
                "buyer": session_key(people[Participant.Role.BUYER].user),
                "exhibitor": session_key(people[Participant.Role.EXHIBITOR].user),
                "request": meeting_request.pk,
                "slot": slot.pk,
            }
        )
    )
