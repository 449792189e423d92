"""Both engines through the app's own search functions: Korean-aware matching, index updates
after commit, permissions and the alias swap of a rebuild."""

import pytest
from django.contrib.auth.models import AnonymousUser

from clusters.models import MemberProfile, MiniClusterPage
from collaboration.models import CollaborationRequest
from search import queries
from search.backends.base import SearchQuery
from search.documents import Kind
from search.text import query_terms
from tests.factories import MemberProfileFactory, OrganisationFactory, ProductFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def found(text, *, user=None, kind=Kind.PROFILE, **filters):
    outcome = queries.search(
        SearchQuery(
            terms=query_terms(text), kinds=[kind] if kind else [], filters=filters, limit=50
        ),
        user=user or AnonymousUser(),
    )
    return {hit.title for hit in outcome.result.hits}


@pytest.fixture
def people(site_tree, reindex):
    carbon = OrganisationFactory(name="(주)한빛카본", name_en="Hanbit Carbon", slug="hb")
    ProductFactory(organisation=carbon, name="탄소섬유 면상발열체")
    printer = OrganisationFactory(name="(주)프린트메탈", name_en="PrintMetal", slug="pm")
    MemberProfileFactory(full_name="가나다", organisation=carbon, expertise=["탄소섬유 발열체"])
    MemberProfileFactory(full_name="라마바", organisation=carbon, expertise=["carbon fibre"])
    MemberProfileFactory(full_name="사아자", organisation=printer, expertise=["3D프린팅"])
    MemberProfileFactory(full_name="차카타", organisation=printer, expertise=["3D printing"])
    MemberProfileFactory(
        full_name="파하가", organisation=printer, bio="3D 프린팅 출력 서비스", expertise=[]
    )
    MemberProfileFactory(
        full_name="숨김", organisation=carbon, expertise=["탄소섬유"], is_listed=False
    )
    reindex()


def test_part_of_a_korean_compound_finds_it(engine, people):
    assert found("탄소") == {"가나다", "라마바"}  # 라마바 via the glossary: carbon fibre = 탄소섬유
    assert found("발열체") == {"가나다"}


def test_spacing_and_language_variants_of_3d_printing_find_the_same_people(engine, people):
    expected = {"사아자", "차카타", "파하가"}
    assert found("3D 프린팅") == expected
    assert found("3D프린팅") == expected
    assert found("3d printing") == expected


def test_english_and_korean_tags_of_the_same_expertise_meet(engine, people):
    assert found("carbon fibre") == {"가나다", "라마바"}
    assert found("탄소섬유") == {"가나다", "라마바"}


def test_unlisted_profiles_never_appear(engine, people):
    assert "숨김" not in found("탄소섬유")
    assert "숨김" not in found("숨김")


def test_organisations_are_found_by_product_and_facets_count(engine, people):
    outcome = queries.search(
        SearchQuery(terms=query_terms("면상발열체"), kinds=[Kind.ORGANISATION]),
        user=AnonymousUser(),
    )
    assert [hit.title for hit in outcome.result.hits] == ["(주)한빛카본"]
    assert dict(outcome.result.facets["organisation_kind"]) == {"company": 1}


def test_kind_counts_cover_every_kind_while_facets_follow_the_chosen_kind(engine, people):
    outcome = queries.search(
        SearchQuery(terms=query_terms("탄소"), kinds=[Kind.PROFILE]), user=AnonymousUser()
    )
    # Both organisations match too (the factory's summary is "탄소 부품을 만드는 기업"), and
    # the carbon heater among the products.
    assert outcome.result.kind_counts == {Kind.PROFILE: 2, Kind.ORGANISATION: 2, Kind.PRODUCT: 1}
    assert outcome.result.total == 2
    assert dict(outcome.result.facets["organisation_kind"]) == {"company": 2}
    everything = queries.search(SearchQuery(terms=query_terms("탄소")), user=AnonymousUser())
    assert everything.result.total == 5
    assert dict(everything.result.facets["organisation_kind"]) == {"company": 5}


def test_facet_filters_narrow_the_results(engine, people):
    outcome = queries.search(SearchQuery(terms=query_terms("3d printing")), user=AnonymousUser())
    assert dict(outcome.result.facets["tags"])["3D프린팅"] == 1
    assert found("3d printing", tags="3D프린팅") == {"사아자"}
    assert found("탄소", languages="vi") == set()


def test_one_character_matches_the_start_of_names(engine, people):
    assert found("사") == {"사아자"}


@pytest.mark.parametrize("sort", ["relevance", "newest", "name"])
def test_every_sort_order_pages_through_all_results(engine, people, sort):
    seen = []
    for offset in (0, 2, 4):
        outcome = queries.search(
            SearchQuery(
                terms=query_terms("3d"), kinds=[Kind.PROFILE], sort=sort, offset=offset, limit=2
            ),
            user=AnonymousUser(),
        )
        assert outcome.result.total == 3
        seen += [hit.title for hit in outcome.result.hits]
    assert sorted(seen) == ["사아자", "차카타", "파하가"]
    if sort == "name":
        assert seen == sorted(seen)


def test_saving_and_deleting_updates_the_index_after_commit(
    engine, people, django_capture_on_commit_callbacks
):
    profile = MemberProfile.objects.get(full_name="가나다")
    with django_capture_on_commit_callbacks(execute=True):
        profile.expertise.set(["이차전지"])
    assert found("이차전지") == {"가나다"}
    assert "가나다" not in found("발열체")
    with django_capture_on_commit_callbacks(execute=True):
        profile.is_listed = False
        profile.save()
    assert found("이차전지") == set()
    with django_capture_on_commit_callbacks(execute=True):
        MemberProfile.objects.get(full_name="차카타").user.delete()
    assert found("3d printing") == {"사아자", "파하가"}


def test_renaming_an_organisation_reindexes_its_people(
    engine, people, django_capture_on_commit_callbacks
):
    organisation = MemberProfile.objects.get(full_name="가나다").organisation
    with django_capture_on_commit_callbacks(execute=True):
        organisation.name = "(주)새이름카본"
        organisation.save()
    assert found("새이름카본") == {"가나다", "라마바"}


def test_the_database_answers_when_elasticsearch_is_down(elasticsearch, people, settings):
    from search.backends import elastic

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    elastic.reset_client()
    outcome = queries.search(
        SearchQuery(terms=query_terms("탄소"), kinds=[Kind.PROFILE]), user=AnonymousUser()
    )
    assert outcome.degraded and outcome.engine == "db"
    assert {hit.title for hit in outcome.result.hits} == {"가나다", "라마바"}
    assert queries.suggest("가나", user=AnonymousUser())[0]["value"] == "가나다"


def test_a_save_while_elasticsearch_is_down_still_commits(
    elasticsearch, people, settings, django_capture_on_commit_callbacks
):
    from search.backends import elastic

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    elastic.reset_client()
    profile = MemberProfile.objects.get(full_name="가나다")
    with django_capture_on_commit_callbacks(execute=True):
        profile.full_name = "가나다라"
        profile.save()
    profile.refresh_from_db()
    assert profile.full_name == "가나다라"
    assert found("가나다라") == {"가나다라"}  # answered by the database index


def test_rebuild_swaps_the_alias_to_a_new_index(elasticsearch, people, reindex):
    from search.backends.elastic import ElasticsearchBackend, client

    backend = ElasticsearchBackend()
    before = backend._current_indices()
    reindex()
    after = backend._current_indices()
    assert len(before) == 1 and len(after) == 1 and before != after
    assert not client().indices.exists(index=before[0])
    assert found("탄소") == {"가나다", "라마바"}


def test_changes_made_while_a_rebuild_streams_are_kept(
    elasticsearch, people, monkeypatch, django_capture_on_commit_callbacks
):
    from search import services

    read_before_the_changes = services.all_documents

    def documents_read_then_changed(kind):
        documents = list(read_before_the_changes(kind))
        if kind == Kind.PROFILE:  # a member edits while the rebuild streams what it read
            with django_capture_on_commit_callbacks(execute=True):
                renamed = MemberProfile.objects.get(full_name="가나다")
                renamed.full_name = "가나다라"
                renamed.save()
                unlisted = MemberProfile.objects.get(full_name="라마바")
                unlisted.is_listed = False
                unlisted.save()
        yield from documents

    monkeypatch.setattr(services, "all_documents", documents_read_then_changed)
    services.rebuild_index(engine_names=["es"])
    assert found("탄소") == {"가나다라"}
    assert found("가나다") == {"가나다라"}
    assert found("라마바") == set()


def test_a_failed_rebuild_leaves_the_live_index_as_it_was(elasticsearch, people, monkeypatch):
    from search import services
    from search.backends.elastic import ElasticsearchBackend, client

    def broken(kind):
        yield from ()
        raise RuntimeError("database went away")

    backend = ElasticsearchBackend()
    before = backend._current_indices()
    monkeypatch.setattr(services, "all_documents", broken)
    with pytest.raises(RuntimeError):
        services.rebuild_index(engine_names=["es"])
    assert backend._current_indices() == before
    assert backend._indices(backend.rebuilding_alias) == []
    assert sorted(client().indices.get(index=f"{backend.alias}_*")) == before
    assert found("탄소") == {"가나다", "라마바"}


def test_suggestions_complete_names_tags_and_products(engine, people):
    values = [item["value"] for item in queries.suggest("탄소", user=AnonymousUser())]
    assert "탄소섬유 면상발열체" in values and "탄소섬유 발열체" in values
    assert [item["value"] for item in queries.suggest("carbon f", user=AnonymousUser())] == [
        "carbon fibre"
    ]
    assert queries.suggest("숨", user=AnonymousUser()) == []


def test_suggestions_ignore_the_legal_form_and_vietnamese_marks(engine, people, reindex):
    # "카본" suggested nothing although (주)한빛카본 … (주)카본웍스 exist: the prefix was "(주)".
    works = OrganisationFactory(name="(주)카본웍스", name_en="CarbonWorks", slug="cw")
    ProductFactory(organisation=works, name="Tấm phát nhiệt sợi carbon")
    reindex()
    values = [item["value"] for item in queries.suggest("카본", user=AnonymousUser())]
    assert "(주)카본웍스" in values
    values = [item["value"] for item in queries.suggest("tam phat", user=AnonymousUser())]
    assert values == ["Tấm phát nhiệt sợi carbon"]


# --- permissions ----------------------------------------------------------------------------
ROLES = [
    "anonymous",
    "visitor",
    "member",
    "colleague",
    "cluster_peer",
    "other_member",
    "reviewer",
    "coordinator",
    "other_coordinator",
]


@pytest.fixture
def request_grid(make_request, reindex):
    items = {}
    for visibility in ("public", "members", "clusters"):
        for state in ("open", "closed", "draft", "hidden"):
            status = "open" if state == "hidden" else state
            items[(visibility, state)] = make_request(
                title=f"요청 {visibility} {state}",
                visibility=visibility,
                status=status,
                is_hidden=state == "hidden",
            )
    reindex()
    return items


@pytest.mark.parametrize("role", ROLES)
def test_search_shows_exactly_the_published_requests_each_role_may_see(
    engine, grid_users, request_grid, role
):
    from collaboration.permissions import can_view_request

    user = grid_users[role] or AnonymousUser()
    shown = found("요청", user=user, kind=Kind.REQUEST)
    expected = {
        item.title
        for item in request_grid.values()
        if can_view_request(user, item)
        and item.status != CollaborationRequest.Status.DRAFT
        and not item.is_hidden
    }
    assert shown == expected
    assert not any(item.endswith(("draft", "hidden")) for item in shown)


def test_a_coordinator_of_every_cluster_sees_every_published_request(engine, request_grid):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    shown = found("요청", user=admin, kind=Kind.REQUEST)
    assert shown == {
        f"요청 {v} {s}" for v in ("public", "members", "clusters") for s in ("open", "closed")
    }


def test_pages_are_searched_with_wagtails_elasticsearch_backend(
    elasticsearch, site_tree, settings, caplog
):
    """With ELASTICSEARCH_URL set, Wagtail's page search runs on its elasticsearch8 backend
    (through the plain-JSON node for osmem) and the search page's page group uses it."""
    from django.core.management import call_command
    from django.utils import translation
    from wagtail.search.backends import get_search_backend

    from search.transport import PlainJsonNode

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [elasticsearch.url],
            "INDEX": "test_wagtail",
            "TIMEOUT": 5,
            "OPTIONS": {"node_class": PlainJsonNode},
        }
    }
    backend = get_search_backend()
    assert type(backend).__module__.endswith("elasticsearch8")
    call_command("update_index", verbosity=0)
    found = backend.search("탄소부품소재", MiniClusterPage.objects.live())
    assert [page.title for page in found] == [site_tree["carbon"].title]
    with translation.override("ko"), caplog.at_level("WARNING", logger="search.queries"):
        titles = [page.title for page in queries.pages("탄소부품소재")]
    assert titles == [site_tree["carbon"].title]
    assert not caplog.records  # answered by Elasticsearch, not the fallback


def test_words_standing_together_rank_above_the_same_words_apart(engine, site_tree, reindex):
    organisation = OrganisationFactory(name="(주)센서", slug="sensor")
    MemberProfileFactory(
        full_name="나란히", organisation=organisation, bio="Temperature sensors for cold chains"
    )
    # Written later, so it would win a tie: the same words, far apart.
    MemberProfileFactory(
        full_name="흩어짐",
        organisation=organisation,
        bio="Temperature control of ovens; a sensor for the door is sold apart",
    )
    reindex()
    outcome = queries.search(
        SearchQuery(terms=query_terms("temperature sensor"), kinds=[Kind.PROFILE]),
        user=AnonymousUser(),
    )
    assert [hit.title for hit in outcome.result.hits] == ["나란히", "흩어짐"]
