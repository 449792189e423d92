"""The side-by-side translation editor: who may use it, what it saves, machine translation."""

import pytest
from django.test import override_settings

from clusters.models import Organisation
from tests.factories import ProductFactory
from translations.models import ContentTranslation
from translations.queries import localized_text, reading_of

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

DUMMY_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}


def editor_url(organisation, language=None):
    base = f"/en/translations/clusters.organisation/{organisation.pk}/"
    return f"{base}{language}/" if language else base


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("visitor", 403),
        ("colleague", 403),  # a member, not an admin of the organisation
        ("other_member", 403),
        ("reviewer", 403),
        ("member", 200),  # the organisation's admin
        ("coordinator", 200),  # coordinates the organisation's cluster
        ("other_coordinator", 403),
    ],
)
@pytest.mark.parametrize("language", [None, "zh-hans"])
def test_permission_grid(client_for, users, organisation, role, expected, language):
    client = client_for(users[role])
    response = client.get(editor_url(organisation, language))
    assert response.status_code == expected
    if expected == 302:
        assert response.headers["Location"].startswith("/en/accounts/login/?next=")
    post = client.post(editor_url(organisation, "zh-hans"), {"o0-summary": "碳纤维"})
    assert post.status_code == (302 if expected == 200 else expected)
    saved = ContentTranslation.objects.filter(object_id=organisation.pk, language="zh-hans")
    assert saved.exists() == (expected == 200)


def test_unknown_models_languages_and_the_source_language_are_404(client_for, users, organisation):
    client = client_for(users["member"])
    assert client.get(editor_url(organisation, "ko")).status_code == 404
    assert client.get(editor_url(organisation, "fr")).status_code == 404
    assert client.get("/en/translations/auth.user/1/").status_code == 404
    # Products are edited with their organisation, not on their own.
    product = ProductFactory(organisation=organisation)
    assert client.get(f"/en/translations/clusters.product/{product.pk}/").status_code == 404


def test_the_editor_shows_the_source_beside_each_field_and_saves_products_too(
    client_for, users, organisation
):
    organisation.summary = "탄소섬유 발열체 제조"
    organisation.save()
    heater = ProductFactory(organisation=organisation, name="면상발열체", description="가구용")
    client = client_for(users["member"])
    page = client.get(editor_url(organisation, "vi")).content.decode()
    assert "탄소섬유 발열체 제조" in page and "면상발열체" in page
    assert 'name="o0-summary"' in page and 'name="o1-name"' in page
    assert 'lang="vi"' in page

    response = client.post(
        editor_url(organisation, "vi"),
        {
            "o0-summary": "Sản xuất bộ phát nhiệt sợi carbon",
            "o0-capabilities": "",
            "o0-certifications": "",
            "o1-name": "Màng phát nhiệt",
            "o1-description": "Dùng cho nội thất",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert localized_text(organisation, "summary", "vi") == "Sản xuất bộ phát nhiệt sợi carbon"
    heater.refresh_from_db()
    assert localized_text(heater, "name", "vi") == "Màng phát nhiệt"
    overview = client.get(editor_url(organisation)).content.decode()
    # Korean is the source; Vietnamese is done; English and Chinese are still to do.
    assert overview.count("badge-status-source") == 1
    assert overview.count("badge-status-translated") == 1
    assert overview.count("badge-status-missing") == 2
    assert f"/translations/clusters.organisation/{organisation.pk}/ko/" not in overview
    assert f"/translations/clusters.organisation/{organisation.pk}/vi/" in overview


def test_too_long_text_is_refused_with_the_field_error(client_for, users, organisation):
    product = ProductFactory(organisation=organisation)
    client = client_for(users["member"])
    response = client.post(editor_url(organisation, "en"), {"o1-name": "x" * 201})
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.content.decode()
    assert not ContentTranslation.objects.filter(object_id=product.pk).exists()


def test_machine_translation_is_off_unless_configured(client_for, users, organisation):
    client = client_for(users["member"])
    page = client.get(editor_url(organisation, "en")).content.decode()
    assert 'name="machine"' not in page
    response = client.post(editor_url(organisation, "en"), {"machine": "1"}, follow=True)
    assert "Machine translation is not available" in response.content.decode()
    assert not ContentTranslation.objects.exists()


@override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=DUMMY_TRANSLATOR)
def test_machine_translation_is_marked_until_a_person_saves_it(client_for, users, organisation):
    organisation.summary = "carbon fibre heaters"
    organisation.save()
    client = client_for(users["member"])
    assert 'name="machine"' in client.get(editor_url(organisation, "en")).content.decode()
    client.post(editor_url(organisation, "en"), {"machine": "1"})
    organisation = Organisation.objects.get(pk=organisation.pk)
    # wagtail-localize's dummy translator reverses the words.
    assert localized_text(organisation, "summary", "en") == "heaters fibre carbon"
    assert reading_of(organisation, "en").machine
    page = client.get(f"/en/directory/organisations/{organisation.slug}/").content.decode()
    assert "Machine-translated" in page

    client.post(editor_url(organisation, "en"), {"o0-summary": "Carbon-fibre heaters"})
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert not reading_of(organisation, "en").machine
    page = client.get(f"/en/directory/organisations/{organisation.slug}/").content.decode()
    assert "Carbon-fibre heaters" in page and "Machine-translated" not in page
