"""Data for the booking race against a real daphne process (run through `manage.py shell`):
one piece of equipment and N signed-in members. Prints JSON with their session cookies."""

import json

from home.management.commands.live_room_fixture import session_key
from tests.factories import EquipmentFactory, MemberProfileFactory, OrganisationFactory


def main(members):
    organisation = OrganisationFactory(name="(주)경합테스트", slug="race-test")
    equipment = EquipmentFactory(owner=organisation, requires_approval=False, max_hours=8)
    sessions = [
        session_key(MemberProfileFactory(organisation=organisation).user) for _ in range(members)
    ]
    print(json.dumps({"equipment": equipment.pk, "sessions": sessions}))
