"""Which language readers get directory content in, its statuses and the notice."""

import pytest

from clusters.models import Organisation
from clusters.services import update_organisation
from tests.factories import ProductFactory
from translations.models import ContentTranslation, TranslationStatus
from translations.queries import localized_text, reading_of, statuses_of
from translations.services import import_translation, save_translations

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def carbon(organisation):
    organisation.summary = "탄소섬유 면상발열체를 만듭니다."
    organisation.capabilities = "발열체 설계"
    organisation.save()
    return organisation


def fresh(organisation):
    return Organisation.objects.get(pk=organisation.pk)


def test_readers_get_their_language_else_english_else_the_source(carbon):
    assert localized_text(carbon, "summary", "zh-hans") == "탄소섬유 면상발열체를 만듭니다."
    assert reading_of(carbon, "zh-hans").language == "ko"

    import_translation(carbon, "en", {"summary": "We make carbon-fibre heating films."})
    carbon = fresh(carbon)
    reading = reading_of(carbon, "zh-hans")
    assert (reading.language, reading.is_fallback) == ("en", True)
    assert localized_text(carbon, "summary", "zh-hans") == "We make carbon-fibre heating films."
    # A field the translation leaves empty falls back to the source, not to nothing.
    assert localized_text(carbon, "capabilities", "en") == "발열체 설계"

    import_translation(carbon, "zh-hans", {"summary": "我们生产碳纤维面状发热体。"})
    carbon = fresh(carbon)
    assert localized_text(carbon, "summary", "zh-hans") == "我们生产碳纤维面状发热体。"
    assert not reading_of(carbon, "zh-hans").is_fallback
    assert localized_text(carbon, "summary", "ko") == "탄소섬유 면상발열체를 만듭니다."


def test_statuses_follow_the_source_and_machine_translations(carbon, users):
    import_translation(carbon, "en", {"summary": "We make heating films."})
    import_translation(carbon, "vi", {"summary": "Chúng tôi sản xuất màng."}, machine=True)
    statuses = dict(statuses_of(fresh(carbon)))
    assert statuses == {
        "ko": TranslationStatus.SOURCE,
        "en": TranslationStatus.TRANSLATED,
        "zh-hans": TranslationStatus.MISSING,
        "vi": TranslationStatus.MACHINE,
    }
    update_organisation(
        fresh(carbon), actor=users["member"], summary="탄소섬유 발열 필름과 매트를 만듭니다."
    )
    statuses = dict(statuses_of(fresh(carbon)))
    assert statuses["en"] == TranslationStatus.NEEDS_UPDATE
    assert statuses["vi"] == TranslationStatus.NEEDS_UPDATE
    # A person saving the translation confirms it against the new source.
    carbon = fresh(carbon)
    save_translations(
        carbon,
        "vi",
        {carbon: {"summary": "Chúng tôi sản xuất màng và thảm phát nhiệt sợi carbon."}},
        actor=users["member"],
    )
    assert dict(statuses_of(fresh(carbon)))["vi"] == TranslationStatus.TRANSLATED
    assert not reading_of(fresh(carbon), "vi").machine


def test_products_keep_their_translations_when_the_organisation_is_edited(carbon, users):
    heater = ProductFactory(organisation=carbon, name="면상발열체", description="가구용")
    import_translation(heater, "en", {"name": "Planar heater", "description": "For furniture"})
    update_organisation(
        fresh(carbon),
        actor=users["member"],
        products=[("발열 매트", "바닥용"), ("면상발열체", "가구·바닥용")],
    )
    products = list(fresh(carbon).products.all())
    assert [product.name for product in products] == ["발열 매트", "면상발열체"]
    kept = products[1]
    assert kept.pk == heater.pk
    assert localized_text(kept, "name", "en") == "Planar heater"
    assert dict(statuses_of(kept))["en"] == TranslationStatus.NEEDS_UPDATE
    # A removed product takes its translations with it.
    update_organisation(fresh(carbon), actor=users["member"], products=[("발열 매트", "바닥용")])
    assert not ContentTranslation.objects.filter(object_id=heater.pk).exists()


def test_the_organisation_page_says_which_language_it_shows(client, carbon):
    import_translation(carbon, "en", {"summary": "We make carbon-fibre heating films."})
    page = client.get(f"/zh-hans/directory/organisations/{carbon.slug}/").content.decode()
    assert "We make carbon-fibre heating films." in page
    assert "以英语显示：尚未翻译成中文。" in page
    assert 'lang="en"' in page

    import_translation(carbon, "vi", {"summary": "Sản xuất màng phát nhiệt."}, machine=True)
    page = client.get(f"/vi/directory/organisations/{carbon.slug}/").content.decode()
    assert "Sản xuất màng phát nhiệt." in page
    assert "Dịch máy" in page
    assert "Hiển thị bằng" not in page

    page = client.get(f"/en/directory/organisations/{carbon.slug}/").content.decode()
    assert "Shown in" not in page and "Machine-translated" not in page
    korean = client.get(f"/ko/directory/organisations/{carbon.slug}/").content.decode()
    assert "탄소섬유 면상발열체를 만듭니다." in korean
