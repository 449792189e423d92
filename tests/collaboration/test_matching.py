"""Recommendations on fixed data: the scores are worked out by hand from the rules in
`collaboration.matching`'s docstring."""

import pytest

from collaboration import matching
from collaboration.models import InterestResponse
from tests.factories import (
    ClusterMembershipFactory,
    MemberProfileFactory,
    OrganisationFactory,
    ProductFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def candidates(site_tree, organisation):
    # organisation (the requester's own) has the tag "탄소섬유": it must never be recommended.
    heater = OrganisationFactory(name="(주)다온발열", name_en="Daon Heating", slug="daon")
    heater.tags.set(["탄소섬유", "발열체"])
    ProductFactory(organisation=heater, name="탄소섬유 면상 발열체", description="")
    ClusterMembershipFactory(organisation=heater, cluster=site_tree["carbon"])
    weaver = OrganisationFactory(
        name="(주)가나직물", name_en="Gana Textiles", slug="gana", capabilities="탄소섬유 제직"
    )
    weaver.tags.set(["탄소섬유"])
    outsider = OrganisationFactory(
        name="(주)라온전자", name_en="Raon Electronics", slug="raon", capabilities="PCB 조립"
    )
    outsider.tags.set(["PCB"])
    people = {
        "expert": MemberProfileFactory(
            user=UserFactory(username="expert"),
            full_name="강지훈",
            organisation=weaver,
            expertise=["발열체", "탄소섬유"],
            skills="열해석",
        ),
        "skilled": MemberProfileFactory(
            user=UserFactory(username="skilled"),
            full_name="윤하은",
            organisation=outsider,
            skills="발열체 설계\n전원회로",
        ),
        "unlisted": MemberProfileFactory(
            user=UserFactory(username="unlisted"),
            full_name="장민서",
            organisation=heater,
            expertise=["발열체"],
            is_listed=False,
        ),
        "colleague": MemberProfileFactory(
            user=UserFactory(username="same-org"),
            full_name="오세훈",
            organisation=organisation,
            expertise=["발열체"],
        ),
    }
    return {"heater": heater, "weaver": weaver, "outsider": outsider, **people}


def test_organisation_scores_and_reasons(users, make_request, candidates, site_tree):
    item = make_request(tags=["탄소섬유", "발열체"], target_clusters=[site_tree["carbon"]])
    results = matching.recommend_organisations(item)
    summary = [(r.target.slug, r.score, r.tags, r.products, r.text_terms) for r in results]
    assert summary == [
        # 2 tags × 3 + product naming both tags (2 × 2) + target cluster 1
        ("daon", 11, ["발열체", "탄소섬유"], ["탄소섬유 면상 발열체"], []),
        # 1 tag × 3 + capabilities mention 1
        ("gana", 4, ["탄소섬유"], [], ["탄소섬유"]),
    ]
    assert results[0].in_target_cluster and not results[1].in_target_cluster


def test_people_scores_exclude_own_organisation_and_unlisted(users, make_request, candidates):
    item = make_request(tags=["탄소섬유", "발열체"])
    results = matching.recommend_people(item)
    assert [(r.target.full_name, r.score, r.tags, r.text_terms) for r in results] == [
        ("강지훈", 6, ["발열체", "탄소섬유"], []),
        ("윤하은", 1, [], ["발열체"]),
    ]


def test_no_tags_no_recommendations(users, make_request, candidates):
    item = make_request()
    assert matching.recommend_organisations(item) == []
    assert matching.recommend_people(item) == []


def test_ties_break_on_name_then_id(users, make_request, site_tree):
    for slug, name in (("b", "나 기업"), ("a", "가 기업")):
        OrganisationFactory(name=name, slug=slug).tags.set(["센서"])
    item = make_request(tags=["센서"])
    assert [r.target.name for r in matching.recommend_organisations(item)] == ["가 기업", "나 기업"]


def test_query_count_does_not_grow_with_candidates(
    users, make_request, site_tree, django_assert_max_num_queries
):
    item = make_request(tags=["센서", "IoT"], target_clusters=[site_tree["carbon"]])

    def add_candidates(count):
        for _ in range(count):
            org = OrganisationFactory(capabilities="IoT 센서 모듈")
            org.tags.set(["센서"])
            ProductFactory(organisation=org, name="센서 게이트웨이")
            ClusterMembershipFactory(organisation=org, cluster=site_tree["carbon"])
            MemberProfileFactory(organisation=org, expertise=["IoT"], skills="센서")

    add_candidates(3)
    with django_assert_max_num_queries(12) as few:
        matching.recommend_organisations(item)
        matching.recommend_people(item)
    add_candidates(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(matching.recommend_organisations(item, limit=50)) == 23
        assert len(matching.recommend_people(item, limit=50)) == 23


def test_an_accepted_partner_is_no_longer_recommended(users, make_request, candidates):
    item = make_request(tags=["탄소섬유", "발열체"])
    response = InterestResponse.objects.create(
        request=item,
        responder=candidates["expert"].user,
        organisation=candidates["weaver"],
        message="함께하고 싶습니다",
    )
    assert "gana" in [r.target.slug for r in matching.recommend_organisations(item)]
    response.status = InterestResponse.Status.ACCEPTED
    response.save()
    assert [r.target.slug for r in matching.recommend_organisations(item)] == ["daon"]
    assert [r.target.full_name for r in matching.recommend_people(item)] == ["윤하은"]
