"""Data for the booking race against a real daphne process (run through `manage.py shell`):
one piece of equipment and N signed-in members. Prints JSON with their session cookies."""

import json

from django.contrib.sessions.backends.db import SessionStore

from tests.factories import EquipmentFactory, MemberProfileFactory, OrganisationFactory


def _session_key(user):
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def main(members):
    organisation = OrganisationFactory(name="(주)경합테스트", slug="race-test")
    equipment = EquipmentFactory(owner=organisation, requires_approval=False, max_hours=8)
    sessions = [
        _session_key(MemberProfileFactory(organisation=organisation).user) for _ in range(members)
    ]
    print(json.dumps({"equipment": equipment.pk, "sessions": sessions}))
