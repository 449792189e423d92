"""The directory, request and equipment keyword filters match words as the site search does:
spacing and punctuation inside Korean words do not matter, every word must be found."""

import pytest

from clusters.queries import organisation_directory, profile_directory
from collaboration.queries import request_list
from equipment.queries import equipment_catalogue
from tests.factories import (
    CollaborationRequestFactory,
    EquipmentFactory,
    MemberProfileFactory,
    OrganisationFactory,
    ProductFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.parametrize("query", ["3D 프린팅", "3D프린팅", "3d-프린팅", "  3D   프린팅 "])
def test_organisations_are_found_however_the_words_are_spaced(site_tree, query):
    spaced = OrganisationFactory(
        name="(주)구미쓰리디", slug="gumi-3d", capabilities="3D 프린팅 시제품"
    )
    joined = OrganisationFactory(name="(주)메탈프린트", slug="metal-print")
    ProductFactory(organisation=joined, name="금속 3D프린팅 서비스")
    OrganisationFactory(name="(주)탄소", slug="carbon-co", capabilities="탄소섬유 프린팅 소재")
    found = set(organisation_directory(query=query).values_list("slug", flat=True))
    assert found == {spaced.slug, joined.slug}


def test_every_word_must_match_and_an_empty_query_filters_nothing(site_tree):
    OrganisationFactory(name="한빛", slug="a", capabilities="탄소 발열체")
    OrganisationFactory(name="두빛", slug="b", capabilities="탄소 섬유")
    assert set(organisation_directory(query="탄소 발열").values_list("slug", flat=True)) == {"a"}
    assert organisation_directory(query=" · ").count() == 2


def test_people_requests_and_equipment_use_the_same_matching(users, site_tree):
    MemberProfileFactory(user=UserFactory(username="p"), full_name="최유진", skills="3D프린팅 설계")
    assert [p.full_name for p in profile_directory(query="3D 프린팅")] == ["최유진"]
    CollaborationRequestFactory(
        author=users["member"], title="3D 프린팅 협력사 찾기", visibility="public"
    )
    titles = [r.title for r in request_list(users["member"], query="3D프린팅")]
    assert titles == ["3D 프린팅 협력사 찾기"]
    EquipmentFactory(name="산업용 3D프린터", owner=users["member"].profile.organisation)
    assert [e.name for e in equipment_catalogue(query="3D 프린터")] == ["산업용 3D프린터"]
