import pytest

from clusters import permissions
from clusters.models import Visibility

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.parametrize(
    ("role", "member", "reviewer", "coordinator"),
    [
        ("anonymous", False, False, False),
        ("visitor", False, False, False),
        ("member", True, False, False),
        ("other_member", True, False, False),
        ("reviewer", False, True, False),
        ("coordinator", False, False, True),
    ],
)
def test_role_predicates(users, role, member, reviewer, coordinator):
    from django.contrib.auth.models import AnonymousUser

    user = users[role] or AnonymousUser()
    assert permissions.is_member(user) is member
    assert permissions.is_reviewer(user) is reviewer
    assert permissions.is_coordinator(user) is coordinator


def test_unconfirmed_member_is_not_a_member(users):
    profile = users["member"].profile
    profile.membership_confirmed = False
    profile.save()
    assert not permissions.is_member(users["member"])


def test_coordinator_scope_follows_page_translations(users, site_tree):
    coordinator = users["coordinator"]
    assert permissions.is_coordinator(coordinator, site_tree["carbon"])
    assert permissions.is_coordinator(coordinator, site_tree["carbon_en"])
    assert not permissions.is_coordinator(coordinator, site_tree["printing"])
    assert not permissions.is_coordinator_of_all(coordinator)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("visitor", False),
        ("member", True),  # organisation admin
        ("colleague", False),  # same organisation, not admin
        ("other_member", False),
        ("reviewer", False),
        ("coordinator", True),  # coordinates the organisation's cluster
        ("other_coordinator", False),
    ],
)
def test_can_edit_organisation(users, organisation, role, allowed):
    from django.contrib.auth.models import AnonymousUser

    assert (
        permissions.can_edit_organisation(users[role] or AnonymousUser(), organisation) is allowed
    )


@pytest.mark.parametrize(
    ("visibility", "role", "visible"),
    [
        (Visibility.PUBLIC, "anonymous", True),
        (Visibility.MEMBERS, "anonymous", False),
        (Visibility.MEMBERS, "visitor", False),
        (Visibility.MEMBERS, "other_member", True),
        (Visibility.PRIVATE, "other_member", False),
        (Visibility.PRIVATE, "colleague", False),
        (Visibility.PRIVATE, "member", True),  # the owner
        (Visibility.PRIVATE, "coordinator", True),
    ],
)
def test_contact_visibility(users, visibility, role, visible):
    from django.contrib.auth.models import AnonymousUser

    profile = users["member"].profile
    profile.contact_visibility = visibility
    profile.save()
    assert permissions.can_see_contact(users[role] or AnonymousUser(), profile) is visible


def test_superuser_is_coordinator_of_everything(db):
    from tests.factories import UserFactory

    admin = UserFactory(username="root", is_superuser=True)
    assert permissions.is_coordinator_of_all(admin)
    assert permissions.requires_two_factor(admin)
