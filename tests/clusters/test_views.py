import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from clusters.models import MemberProfile
from tests.factories import (
    ClusterMembershipFactory,
    MemberProfileFactory,
    OrganisationFactory,
    ProductFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ROLES = [
    "anonymous",
    "visitor",
    "member",
    "colleague",
    "other_member",
    "reviewer",
    "coordinator",
    "other_coordinator",
]


def url(name, **kwargs):
    with translation.override("ko"):
        return reverse(name, kwargs=kwargs)


def targets(users, organisation):
    profile = users["member"].profile
    return {
        "dashboard": url("clusters:dashboard"),
        "people": url("clusters:profile_directory"),
        "organisations": url("clusters:organisation_directory"),
        "profile": url("clusters:profile_detail", pk=profile.pk),
        "profile_edit": url("clusters:profile_edit", pk=profile.pk),
        "organisation": url("clusters:organisation_detail", slug=organisation.slug),
        "organisation_edit": url("clusters:organisation_edit", slug=organisation.slug),
    }


# Expected status per view and role: 200 shown, 302 to the login page, 403 refused.
GRID = {
    "dashboard": {"anonymous": 302},
    "people": {},
    "organisations": {},
    "profile": {},
    "profile_edit": dict.fromkeys(ROLES, 403) | {"anonymous": 302, "member": 200},
    "organisation": {},
    "organisation_edit": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, "member": 200, "coordinator": 200},
}


@pytest.mark.parametrize("view", list(GRID))
@pytest.mark.parametrize("role", ROLES)
def test_permission_grid(client_for, users, organisation, view, role):
    client = client_for(users[role])
    response = client.get(targets(users, organisation)[view])
    expected = GRID[view].get(role, 200)
    assert response.status_code == expected
    if expected == 302:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [(r, 403) for r in ROLES if r not in {"anonymous", "member", "coordinator"}]
    + [("anonymous", 302), ("member", 302), ("coordinator", 302)],
)
def test_membership_decision_grid(client_for, users, organisation, role, expected):
    newcomer = MemberProfileFactory(organisation=organisation, membership_confirmed=False)
    client = client_for(users[role])
    response = client.post(
        url("clusters:membership_decide", slug=organisation.slug, profile_pk=newcomer.pk),
        {"decision": "confirm"},
    )
    assert response.status_code == expected
    newcomer.refresh_from_db()
    confirmed = expected == 302 and role != "anonymous"
    assert newcomer.membership_confirmed is confirmed


def test_unlisted_profile_is_hidden_from_others(client_for, users):
    profile = users["colleague"].profile
    profile.is_listed = False
    profile.save()
    target = url("clusters:profile_detail", pk=profile.pk)
    assert client_for(users["other_member"]).get(target).status_code == 403
    client_for(users["colleague"])
    assert client_for(users["colleague"]).get(target).status_code == 200
    directory = client_for(users["other_member"]).get(url("clusters:profile_directory"))
    assert profile.full_name not in directory.content.decode()


def test_profile_edit_saves_and_shows_in_directory(client_for, users, organisation):
    member = users["member"]
    client = client_for(member)
    response = client.post(
        url("clusters:profile_edit", pk=member.profile.pk),
        {
            "full_name": "이서연",
            "organisation": organisation.pk,
            "title": "연구소장",
            "bio": "탄소 발열체 전문가",
            "expertise": "탄소섬유, heating element",
            "languages": ["ko", "en"],
            "contact_visibility": "public",
            "preferred_language": "en",
            "is_listed": "on",
        },
    )
    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.preferred_language == "en"
    listing = client.get(url("clusters:profile_directory") + "?tag=heating-element")
    html = listing.content.decode()
    assert "이서연" in html and "연구소장" in html


def test_profile_edit_keeps_typed_values_on_error(client_for, users):
    member = users["member"]
    response = client_for(member).post(
        url("clusters:profile_edit", pk=member.profile.pk),
        {
            "full_name": "이서연",
            "title": "새 직함",
            "phone": "abc",
            "contact_visibility": "public",
            "preferred_language": "ko",
        },
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="새 직함"' in html
    assert "전화번호는 숫자, 공백" in html  # the error, in Korean
    member.profile.refresh_from_db()
    assert member.profile.title != "새 직함"  # nothing half-saved


def test_organisation_edit_refuses_bad_logo_and_saves_nothing(client_for, users, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(users["member"])
    before = organisation.summary
    response = client.post(
        url("clusters:organisation_edit", slug=organisation.slug),
        {
            "name": organisation.name,
            "kind": "company",
            "summary": "바뀐 소개",
            "logo": SimpleUploadedFile("logo.png", b"MZ\x90\x00not really a png"),
            "products-TOTAL_FORMS": "1",
            "products-INITIAL_FORMS": "0",
            "products-0-name": "발열 매트",
        },
    )
    assert response.status_code == 200
    assert "PNG, JPEG" in response.content.decode()
    assert 'value="발열 매트"' in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.summary == before
    assert not organisation.logo
    assert organisation.products.count() == 0


def test_organisation_edit_saves_logo_and_products(
    client_for, users, organisation, tmp_path, settings
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), "navy").save(buffer, format="PNG")
    response = client_for(users["member"]).post(
        url("clusters:organisation_edit", slug=organisation.slug),
        {
            "name": organisation.name,
            "kind": "company",
            "tags": "탄소섬유, heating element",
            "logo": SimpleUploadedFile("../../etc/passwd.png", buffer.getvalue()),
            "products-TOTAL_FORMS": "2",
            "products-INITIAL_FORMS": "0",
            "products-0-name": "발열 매트",
            "products-1-name": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation.refresh_from_db()
    assert organisation.logo.name.startswith("logos/")
    assert ".." not in organisation.logo.name
    assert (tmp_path / organisation.logo.name).exists()
    assert [p.name for p in organisation.products.all()] == ["발열 매트"]


@pytest.mark.parametrize(
    "view_name", ["clusters:profile_directory", "clusters:organisation_directory"]
)
def test_directory_query_count_does_not_grow_with_rows(
    uncached_pages, client, site_tree, view_name
):
    def populate(count):
        for _ in range(count):
            org = OrganisationFactory()
            ClusterMembershipFactory(organisation=org, cluster=site_tree["carbon"])
            org.tags.set(["탄소섬유", "composite"])
            ProductFactory(organisation=org)
            MemberProfileFactory(organisation=org, expertise=["탄소섬유", "CFRP"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(view_name))
        assert response.status_code == 200
        return len(queries)

    populate(3)
    count_queries()  # warm the site and page caches
    few = count_queries()
    populate(15)
    count_queries()  # the shared header fragments are rebuilt after a change
    many = count_queries()
    assert many == few


def test_directory_filters(client, users, organisation, other_organisation, site_tree):
    response = client.get(
        url("clusters:organisation_directory") + f"?cluster={site_tree['carbon'].translation_key}"
    )
    names = [org.name for org in response.context["page_obj"]]
    assert names == [organisation.name]
    response = client.get(url("clusters:profile_directory") + "?kind=company&tag=발열체")
    assert [p.full_name for p in response.context["page_obj"]] == ["이서연"]


def test_directory_paginates(client, site_tree):
    for _ in range(30):
        MemberProfileFactory()
    first = client.get(url("clusters:profile_directory"))
    assert len(first.context["page_obj"]) == 24
    second = client.get(url("clusters:profile_directory") + "?page=2")
    assert len(second.context["page_obj"]) == MemberProfile.objects.count() - 24
    assert client.get(url("clusters:profile_directory") + "?page=abc").status_code == 200


def test_directory_in_english(client, organisation):
    with translation.override("en"):
        target = reverse("clusters:organisation_directory")
    assert target.startswith("/en/")
    html = client.get(target).content.decode()
    assert "Hanbit Carbon" in html  # English name for non-Korean readers
    assert 'lang="en"' in html
