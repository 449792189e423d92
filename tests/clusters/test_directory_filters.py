"""The directory's tag filter takes tags as people type them; legal forms do not sort."""

import pytest

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
