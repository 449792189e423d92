"""The directory's tag filter takes tags as people type them; legal forms do not sort."""

import re

import pytest

from clusters.models import Organisation
from tests.factories import MemberProfileFactory, OrganisationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.parametrize("typed", ["heating element", "Heating Element", "heating-element"])
def test_the_tag_filter_matches_the_name_or_the_slug(client, site_tree, typed):
    heater = OrganisationFactory(name="(주)한빛히터", slug="hanbit-heater")
    heater.tags.set(["heating element"])
    OrganisationFactory(name="(주)다른회사", slug="other").tags.set(["sensor"])
    person = MemberProfileFactory(full_name="이서연")
    person.expertise.set(["heating element"])
    organisations = client.get("/ko/directory/organisations/", {"tag": typed}).content.decode()
    assert "(주)한빛히터" in organisations and "(주)다른회사" not in organisations
    people = client.get("/ko/directory/people/", {"tag": typed}).content.decode()
    assert "이서연" in people


def test_organisations_sort_by_name_without_the_legal_form(client, site_tree):
    for name, slug in [
        ("(주)하늘소재", "haneul"),
        ("가람전자(주)", "garam"),
        ("(주)나래", "narae"),
    ]:
        OrganisationFactory(name=name, slug=slug)
    html = client.get("/ko/directory/organisations/").content.decode()
    positions = [html.index(name) for name in ("가람전자(주)", "(주)나래", "(주)하늘소재")]
    assert positions == sorted(positions)


def test_lists_offer_numbered_pages(client, site_tree):
    Organisation.objects.bulk_create(
        [Organisation(name=f"회사{i:03d}", slug=f"company-{i}", kind="company") for i in range(200)]
    )

    def pages(number):
        html = client.get("/ko/directory/organisations/", {"page": number}).content.decode()
        nav = html[html.index('class="pagination"') :]
        return nav[: nav.index("</nav>")]

    # Nine pages: [1] 2 3 … 9, then 1 2 3 4 [5] 6 7 … 9; each a link but the current one.
    first = pages(1)
    assert 'href="?page=3"' in first and 'href="?page=9"' in first and "…" in first
    assert 'href="?page=5"' not in first and 'href="?page=1"' not in first
    fifth = pages(5).replace(' rel="prev"', "").replace(' rel="next"', "")
    for number in (1, 3, 4, 6, 7, 9):
        assert f'href="?page={number}"' in fifth
    assert 'aria-current="page"' in fifth and 'href="?page=5"' not in fifth


def test_tag_fields_show_tags_as_typed_and_suggest_tags_in_use(client, users):
    # The edit form showed `"carbon fibre", 복합소재` (taggit's quoting).
    profile = users["member"].profile
    profile.expertise.set(["carbon fibre", "복합소재", "heating element"])
    client.force_login(users["member"])
    html = client.get(f"/ko/directory/people/{profile.pk}/edit/").content.decode()
    field = html[html.index('name="expertise"') - 300 : html.index('name="expertise"') + 300]
    value = re.search(r'value="([^"]*)"', field).group(1)
    assert sorted(value.split(", ")) == ["carbon fibre", "heating element", "복합소재"]
    assert "data-tag-input" in field
    suggested = client.get("/ko/directory/tags/suggest/", {"q": "heating el"}).json()["tags"]
    assert suggested == ["heating element"]
    assert client.get("/ko/directory/tags/suggest/", {"q": ""}).json()["tags"] == []
