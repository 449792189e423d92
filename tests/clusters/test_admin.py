"""The Wagtail admin is one more entry point: its snippet views change state through
clusters.services, and a cluster's coordinator reaches only their own cluster's organisations."""

import pytest
from django.urls import reverse

from clusters.models import ClusterRole, Organisation
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def admin_url(model, action, *args):
    return reverse(f"wagtailsnippets_clusters_{model}:{action}", args=args)


def refused(response):
    """Wagtail answers a refusal with a redirect to the dashboard (and a message)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


@pytest.fixture
def superuser(site_tree):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def organisation_form(organisation, **changes):
    data = {
        "name": organisation.name,
        "name_en": organisation.name_en,
        "slug": organisation.slug,
        "kind": organisation.kind,
        "summary": organisation.summary,
        "capabilities": "",
        "certifications": "",
        "industrial_complex": "",
        "address": "",
        "size_band": "",
        "website": "",
        "tags": "",
    }
    data.update(changes)
    return data


def test_a_role_created_in_the_admin_grants_admin_access(users, superuser, login_as, site_tree):
    newcomer = UserFactory(username="newcomer")
    response = login_as(superuser).post(
        admin_url("clusterrole", "add"),
        {"user": newcomer.pk, "kind": "coordinator", "cluster": site_tree["printing"].pk},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ClusterRole.objects.filter(user=newcomer, kind="coordinator").exists()
    # The service gave the new coordinator the cluster's admin group: the admin opens.
    assert newcomer.groups.filter(permissions__codename="access_admin").exists()
    assert login_as(newcomer).get("/admin/").status_code == 200


def test_a_role_deleted_in_the_admin_takes_admin_access_away(users, superuser, login_as):
    role = ClusterRole.objects.get(user=users["other_coordinator"])
    response = login_as(superuser).post(admin_url("clusterrole", "delete", role.pk))
    assert response.status_code == 302
    assert not ClusterRole.objects.filter(pk=role.pk).exists()
    assert not users["other_coordinator"].groups.exists()


def test_coordinators_cannot_manage_roles(users, login_as):
    role = ClusterRole.objects.get(user=users["other_coordinator"])
    client = login_as(users["coordinator"])
    assert refused(client.get(admin_url("clusterrole", "add")))
    client.post(admin_url("clusterrole", "delete", role.pk))
    assert ClusterRole.objects.filter(pk=role.pk).exists()


def test_a_coordinator_sees_and_edits_only_their_clusters_organisations(
    users, organisation, other_organisation, login_as
):
    client = login_as(users["coordinator"])  # coordinator of the carbon cluster
    listing = client.get(admin_url("organisation", "list")).content.decode()
    assert organisation.name in listing and other_organisation.name not in listing

    assert refused(client.get(admin_url("organisation", "edit", other_organisation.pk)))
    edit = client.post(
        admin_url("organisation", "edit", other_organisation.pk),
        organisation_form(other_organisation, summary="남의 기업 소개를 바꿈"),
    )
    assert refused(edit)
    other_organisation.refresh_from_db()
    assert other_organisation.summary != "남의 기업 소개를 바꿈"
    assert refused(client.post(admin_url("organisation", "delete", other_organisation.pk)))
    assert Organisation.objects.filter(pk=other_organisation.pk).exists()

    saved = client.post(
        admin_url("organisation", "edit", organisation.pk),
        organisation_form(organisation, summary="탄소 발열체 전문", tags="발열체, CFRP"),
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    organisation.refresh_from_db()
    assert organisation.summary == "탄소 발열체 전문"
    assert sorted(organisation.tags.names()) == ["CFRP", "발열체"]


def test_a_coordinator_of_all_clusters_reaches_every_organisation(
    users, organisation, other_organisation, superuser, login_as
):
    client = login_as(superuser)
    listing = client.get(admin_url("organisation", "list")).content.decode()
    assert organisation.name in listing and other_organisation.name in listing
    created = client.post(
        admin_url("organisation", "add"),
        organisation_form(OrganisationFactory.build(name="(주)새기업", slug="new-firm")),
    )
    assert created.status_code == 302, created.content.decode()[:3000]
    assert Organisation.objects.filter(slug="new-firm").exists()


def test_profiles_outside_a_coordinators_clusters_are_refused(users, login_as):
    profile = users["colleague"].profile  # works for a carbon-cluster firm
    client = login_as(users["other_coordinator"])  # coordinates 3D printing
    assert refused(client.get(admin_url("memberprofile", "edit", profile.pk)))


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("coordinator", True), ("other_coordinator", False), ("member", False), ("visitor", False)],
)
def test_coordinators_correct_profiles_of_their_clusters_only(users, role, allowed):
    from django.core.exceptions import PermissionDenied

    from clusters import services

    profile = users["colleague"].profile
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.update_profile_as_coordinator(
                profile, actor=users[role], is_organisation_admin=True
            )
        profile.refresh_from_db()
        assert not profile.is_organisation_admin
        return
    services.update_profile_as_coordinator(profile, actor=users[role], is_organisation_admin=True)
    profile.refresh_from_db()
    assert profile.is_organisation_admin
