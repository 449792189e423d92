"""The search page and the autocomplete endpoint, on both engines, with good and bad input."""

import pytest
from django.urls import reverse

from tests.factories import MemberProfileFactory, OrganisationFactory, ProductFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

BAD_QUERIES = {
    "empty": "",
    "spaces": "   ",
    "punctuation": "!!! ??? ---",
    "long": "탄소" * 5_000,  # 10 KB
    "query syntax": '탄소 AND (title:* OR "unclosed',
    "json": '{"query": {"match_all": {}}}',
    "wildcards": "*:* ~ ^10 /regex/",
    "script": "<script>alert(1)</script>",
    "control characters": "탄\x00소\x1f",
    "backslashes": "\\\\ \\",
}


@pytest.fixture
def directory(site_tree, reindex):
    carbon = OrganisationFactory(name="(주)한빛카본", name_en="Hanbit Carbon", slug="hb")
    ProductFactory(organisation=carbon, name="탄소섬유 면상발열체")
    for n in range(8):
        MemberProfileFactory(
            full_name=f"탄소연구원{n}",
            organisation=carbon,
            bio="탄소섬유 발열체를 연구합니다.",
            expertise=["탄소섬유", "carbon fibre"],
        )
    MemberProfileFactory(full_name="비공개탄소", organisation=carbon, is_listed=False)
    reindex()
    return carbon


def search(client, **params):
    return client.get(reverse("search:search"), params)


@pytest.mark.parametrize("name", BAD_QUERIES)
def test_bad_input_gives_a_normal_page(engine, client, directory, name):
    response = search(client, q=BAD_QUERIES[name])
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_punctuation_only_explains_itself(client, directory, english):
    response = search(client, q="!!! ---")
    assert b"punctuation alone does not match anything" in response.content


def test_a_very_long_query_is_cut_and_says_so(client, directory, english):
    response = search(client, q="탄소" + " 가" * 5_000)
    assert response.status_code == 200
    assert b"only its first 200 characters were used" in response.content


def test_results_are_grouped_highlighted_and_private_profiles_left_out(engine, client, directory):
    html = search(client, q="탄소").content.decode()
    assert "<mark>탄소</mark>" in html
    assert "<mark>탄소</mark>연구원7" in html and "(주)한빛<mark>카본" not in html
    assert "(주)한빛카본" in html
    assert "비공개탄소" not in html
    # People, organisations, the product, and the cluster page found by part of its title.
    assert html.count('class="result-group"') == 4
    assert "<mark>탄소</mark>섬유 면상발열체" in html
    assert "탄소부품소재 미니클러스터" in html


def test_a_kind_pages_through_its_results(engine, client, directory, monkeypatch):
    from search import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    first = search(client, q="탄소", kind="profile").content.decode()
    third = search(client, q="탄소", kind="profile", page=3).content.decode()
    assert first.count("result-profile") == 3 and 'rel="next"' in first
    assert third.count("result-profile") == 2 and 'rel="next"' not in third


def test_invalid_filters_are_dropped_with_a_message(client, directory, english):
    response = search(client, q="탄소", organisation_kind="spaceship", page="abc")
    assert response.status_code == 200
    assert b"Some filters were not valid" in response.content
    assert "<mark>탄소</mark>연구원7" in response.content.decode()


def test_cluster_facet_shows_titles_and_filters(client, directory, site_tree):
    from clusters.models import ClusterMembership

    ClusterMembership.objects.create(organisation=directory, cluster=site_tree["carbon"])
    from search.services import rebuild_index

    rebuild_index()
    html = search(client, q="탄소").content.decode()
    assert site_tree["carbon"].title in html
    key = str(site_tree["carbon"].translation_key)
    assert key not in html.split("cluster=")[0]  # the key is only ever in links
    filtered = search(client, q="탄소", cluster=key, kind="profile").content.decode()
    assert filtered.count("result-profile") == 8


def test_facet_counts_say_when_they_come_from_the_best_matches_only(
    engine, client, directory, english, monkeypatch
):
    from search.backends import database

    assert "Counts among the best" not in search(client, q="탄소").content.decode()
    monkeypatch.setattr(database, "FACET_SAMPLE", 5)
    html = search(client, q="탄소", kind="profile").content.decode()
    if engine == "db":  # 8 people match; the facets count the best 5
        assert "Counts among the best 5 results." in html
        assert 'carbon fibre</a> <span class="count">5</span>' in html
    else:  # Elasticsearch counts every match
        assert "Counts among the best" not in html
        assert 'carbon fibre</a> <span class="count">8</span>' in html


def test_search_page_query_count_does_not_grow_with_results(
    client, directory, django_assert_max_num_queries
):
    search(client, q="탄소")  # warm caches (site root, locales)
    with django_assert_max_num_queries(20):
        response = search(client, q="탄소", kind="profile")
    assert response.content.decode().count("result-profile") == 8


def test_elasticsearch_down_shows_a_notice_and_database_results(
    elasticsearch, client, directory, settings, english
):
    from search.backends import elastic

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    elastic.reset_client()
    html = search(client, q="탄소").content.decode()
    assert "The search engine is not answering right now" in html
    assert "<mark>탄소</mark>연구원7" in html


def test_pitches_on_a_live_programme_are_found_and_open_in_the_readers_language(
    engine, client, users, make_pitch, reindex, django_capture_on_commit_callbacks
):
    from datetime import time

    from django.utils import timezone, translation

    from forums import services
    from forums.models import Pitch

    pitch = make_pitch(
        Pitch.Status.ACCEPTED, attendance_confirmed_at=timezone.now(), title="탄소 드론 프레임"
    )
    make_pitch(Pitch.Status.SUBMITTED, title="심사 중인 드론 배터리")
    with django_capture_on_commit_callbacks(execute=True):
        services.build_programme(pitch.edition, actor=users["coordinator"], starts_at=time(14, 0))
    reindex()
    html = search(client, q="드론", kind="pitch").content.decode()
    assert "탄소 <mark>드론</mark> 프레임" in html
    assert "심사 중인" not in html
    assert f'href="/ko/forum/pitches/{pitch.pk}/programme/"' in html
    with translation.override("en"):
        english = search(client, q="드론", kind="pitch").content.decode()
    assert f'href="/en/forum/pitches/{pitch.pk}/programme/"' in english

    with django_capture_on_commit_callbacks(execute=True):
        pitch.edition.unpublish()
    assert "탄소 <mark>드론</mark>" not in search(client, q="드론").content.decode()


def suggested(client, text):
    response = client.get(reverse("search:suggest"), {"q": text})
    return [item["value"] for item in response.json()["suggestions"]]


def test_suggest_returns_names_tags_and_products_but_nothing_private(engine, client, directory):
    values = suggested(client, "탄소")
    assert "탄소섬유" in values and "탄소섬유 면상발열체" in values and "탄소연구원7" in values
    assert suggested(client, "비공") == []
    assert suggested(client, "!!") == []


def test_search_box_is_on_every_page(client, site_tree):
    assert b'class="header-search"' in client.get("/ko/").content


def test_the_pages_found_are_shared_and_follow_a_publish(client_for, users, site_tree):
    """Every reader gets the same pages for the same words (one shared answer per language);
    a retitled page shows at the next search, and a page made private drops out."""
    from wagtail.models import PageViewRestriction

    member = client_for(users["member"])
    assert "탄소부품소재 미니클러스터" in search(member, q="탄소부품").content.decode()
    carbon = site_tree["carbon"]
    carbon.title = "탄소부품소재 클러스터 2026"
    carbon.save_revision().publish()
    html = search(member, q="탄소부품").content.decode()
    assert "탄소부품소재 클러스터 2026" in html and "탄소부품소재 미니클러스터" not in html
    PageViewRestriction.objects.create(page=carbon, restriction_type=PageViewRestriction.LOGIN)
    assert "탄소부품소재 클러스터 2026" not in search(member, q="탄소부품").content.decode()


def test_shared_results_never_show_one_reader_what_another_may_not_see(
    client_for, users, site_tree, reindex, monkeypatch
):
    """Results are rendered once per set of visible results: a members-only request reaches
    members' pages only, a signed-in visitor never gets their copy, and two members who see the
    same results share one rendering."""
    from django.test import Client

    from search import views
    from tests.factories import CollaborationRequestFactory

    CollaborationRequestFactory(author=users["member"], title="회원전용 탄소발열 공동연구")
    reindex()
    displayed = []
    original = views._display
    monkeypatch.setattr(views, "_display", lambda *a: displayed.append(a[0]) or original(*a))

    def page_of(user):
        client = Client()
        client.force_login(user)
        return search(client, q="회원전용").content.decode()

    found = "<mark>회원전용</mark> 탄소발열 공동연구"
    assert found in page_of(users["member"])
    assert "탄소발열" not in page_of(users["visitor"])  # not a member
    rendered = len(displayed)
    assert found in page_of(users["other_member"])  # the same results
    assert len(displayed) == rendered  # shared: nothing displayed again
    assert found in page_of(users["member"])


def test_shared_results_follow_the_index(client_for, users, directory, reindex):
    member = client_for(users["member"])
    assert "<mark>탄소연구원</mark>7" in search(member, q="탄소연구원").content.decode()
    profile = directory.people.get(full_name="탄소연구원7")
    profile.full_name = "탄소연구원일곱"
    profile.save()
    reindex()
    html = search(member, q="탄소연구원").content.decode()
    assert "<mark>탄소연구원</mark>일곱" in html and "<mark>탄소연구원</mark>7" not in html


def test_products_are_a_kind_found_in_any_language_and_shown_in_the_readers(
    engine, client, site_tree, reindex, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from clusters import services
    from translations.services import import_translation

    firm = OrganisationFactory(name="(주)한빛카본", name_en="Hanbit Carbon", slug="hb")
    with django_capture_on_commit_callbacks(execute=True):
        heater = services.create_product(
            firm, actor=None, name="탄소섬유 면상발열체", description="바닥 난방용 발열체"
        )
        import_translation(heater, "zh-hans", {"name": "碳纤维面状发热体", "description": "地暖"})
        # Newer, and with the words in its description only: ranks below the named one.
        vest = services.create_product(firm, actor=None, name="발열 조끼")
        import_translation(vest, "zh-hans", {"name": "加热马甲", "description": "内置碳纤维"})
    with translation.override("zh-hans"):
        html = search(client, q="碳纤维", kind="product").content.decode()
    assert "<mark>碳纤维</mark>面状发热体" in html
    assert f'href="/zh-hans/catalogue/{heater.pk}/"' in html
    assert html.index("面状发热体") < html.index("加热马甲")
    assert "Hanbit Carbon" in html  # the firm as a reader abroad knows it
    # The Korean reader finds the same product by its Chinese name and reads it in Korean.
    korean = search(client, q="碳纤维").content.decode()
    assert "탄소섬유 면상발열체" in korean and f"/ko/catalogue/{heater.pk}/" in korean

    # A change reaches the index after commit: new details, a local brand.
    assert f"/catalogue/{heater.pk}/" not in search(client, q="Siheung Made").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        brand = services.create_local_brand(actor=None, name="Siheung Made", slug="siheung-made")
        services.grant_local_brand(brand, heater, actor=None)
    assert f"/ko/catalogue/{heater.pk}/" in search(client, q="Siheung Made").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        heater.delete()
    assert f"/catalogue/{heater.pk}/" not in search(client, q="碳纤维").content.decode()
