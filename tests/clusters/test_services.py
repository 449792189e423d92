import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from clusters import services
from clusters.models import ClusterRole, MemberProfile
from tests.factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_create_profile_is_idempotent():
    user = UserFactory()
    first = services.create_profile(user=user, full_name="홍길동")
    second = services.create_profile(user=user, full_name="다른 이름")
    assert first.pk == second.pk
    assert MemberProfile.objects.get(user=user).full_name == "홍길동"
    assert first.contact_email == user.email


def test_update_profile_saves_fields_and_tags(users):
    profile = users["member"].profile
    services.update_profile(
        profile,
        actor=users["member"],
        organisation=profile.organisation,
        expertise=["탄소섬유", "composite materials"],
        full_name="이서연",
        title="CTO",
        languages=["ko", "en"],
    )
    profile.refresh_from_db()
    assert profile.title == "CTO"
    assert profile.membership_confirmed  # same organisation: still confirmed
    assert sorted(t.name for t in profile.expertise.all()) == ["composite materials", "탄소섬유"]


def test_changing_organisation_asks_to_join_again(users, other_organisation):
    profile = users["member"].profile
    services.update_profile(
        profile, actor=users["member"], organisation=other_organisation, full_name="이서연"
    )
    profile.refresh_from_db()
    assert profile.organisation == other_organisation
    assert not profile.membership_confirmed
    assert not profile.is_organisation_admin


def test_update_profile_refuses_others(users):
    with pytest.raises(PermissionDenied):
        services.update_profile(
            users["member"].profile, actor=users["colleague"], full_name="hijacked"
        )
    assert users["member"].profile.full_name != "hijacked"


def test_update_profile_rejects_unknown_fields(users):
    with pytest.raises(ValueError, match="Not profile fields"):
        services.update_profile(
            users["member"].profile, actor=users["member"], membership_confirmed=True
        )


def test_confirm_and_decline_member(users, organisation):
    newcomer = users["visitor"].profile
    services.update_profile(newcomer, actor=users["visitor"], organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.confirm_member(newcomer, actor=users["colleague"])
    services.confirm_member(newcomer, actor=users["member"])
    newcomer.refresh_from_db()
    assert newcomer.membership_confirmed
    services.decline_member(newcomer, actor=users["coordinator"])
    newcomer.refresh_from_db()
    assert newcomer.organisation is None and not newcomer.membership_confirmed


def test_update_organisation_replaces_products_atomically(users, organisation):
    services.update_organisation(
        organisation,
        actor=users["member"],
        tags=["발열체"],
        products=[("발열 매트", "mats"), ("면상발열체", "")],
        summary="새 소개",
    )
    assert [p.name for p in organisation.products.all()] == ["발열 매트", "면상발열체"]
    assert [t.name for t in organisation.tags.all()] == ["발열체"]
    with pytest.raises(PermissionDenied):
        services.update_organisation(organisation, actor=users["other_member"], summary="x")
    organisation.refresh_from_db()
    assert organisation.summary == "새 소개"


def test_assign_coordinator_role_grants_wagtail_access(site_tree):
    user = UserFactory()
    services.assign_role(
        actor=None, user=user, kind=ClusterRole.Kind.COORDINATOR, cluster=site_tree["carbon"]
    )
    services.assign_role(
        actor=None, user=user, kind=ClusterRole.Kind.COORDINATOR, cluster=site_tree["carbon"]
    )
    assert ClusterRole.objects.filter(user=user).count() == 1
    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("wagtailadmin.access_admin")
    group = Group.objects.get(user=user)
    page_ids = set(group.page_permissions.values_list("page_id", flat=True))
    assert {site_tree["carbon"].pk, site_tree["carbon_en"].pk} <= page_ids


def test_only_coordinators_of_all_assign_roles(users):
    with pytest.raises(PermissionDenied):
        services.assign_role(
            actor=users["coordinator"], user=users["visitor"], kind=ClusterRole.Kind.REVIEWER
        )


def test_all_cluster_role_is_unique(db):
    from django.db import IntegrityError, transaction

    user = UserFactory()
    ClusterRole.objects.create(user=user, kind=ClusterRole.Kind.COORDINATOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterRole.objects.create(user=user, kind=ClusterRole.Kind.COORDINATOR)
