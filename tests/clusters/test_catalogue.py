"""The buyers' product catalogue: pages and who may do what, facets and filters, photos checked
by content, local brands granted by coordinators, products that keep their details when the
organisation's editor saves them."""

import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image

from clusters import queries, services
from clusters.forms import ProductDetailsForm
from clusters.hs_codes import normalise_hs_code
from clusters.models import LocalBrand, LocalBrandGrant, Product
from tests.clusters.test_views import ROLES
from tests.factories import ClusterMembershipFactory, OrganisationFactory, ProductFactory
from translations.services import import_translation

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def url(name, **kwargs):
    with translation.override("ko"):
        return reverse(name, kwargs=kwargs)


def png(size=(80, 60), color="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def product(organisation):
    return ProductFactory(
        organisation=organisation,
        name="탄소섬유 면상발열체",
        hs_code="851680",
        certifications="KC, CE",
        export_markets="CN VN",
        min_order_quantity=500,
        lead_time_days=21,
        specs="전원: 220 V",
    )


@pytest.fixture
def brand(site_tree):
    return LocalBrand.objects.create(
        name="구미 탄소 우수제품", slug="gumi", cluster=site_tree["carbon"]
    )


# --- who may see and do what ----------------------------------------------------------------
def pages(product, organisation):
    return {
        "catalogue": url("clusters:catalogue"),
        "product": url("clusters:product_detail", pk=product.pk),
        "product_edit": url("clusters:product_edit", pk=product.pk),
        "product_add": url("clusters:product_add", slug=organisation.slug),
        "brands": url("clusters:local_brands"),
    }


EDITORS = {"member": 200, "coordinator": 200}
PAGE_GRID = {
    "catalogue": {},
    "product": {},
    "product_edit": dict.fromkeys(ROLES, 403) | {"anonymous": 302} | EDITORS,
    "product_add": dict.fromkeys(ROLES, 403) | {"anonymous": 302} | EDITORS,
    "brands": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, "coordinator": 200, "other_coordinator": 200},
}


@pytest.mark.parametrize("page", list(PAGE_GRID))
@pytest.mark.parametrize("role", ROLES)
def test_page_grid(client_for, users, organisation, product, page, role):
    response = client_for(users[role]).get(pages(product, organisation)[page])
    expected = PAGE_GRID[page].get(role, 200)
    assert response.status_code == expected
    if expected == 302:
        assert "/accounts/login/" in response["Location"]


# Granting the carbon cluster's brand: only the carbon cluster's coordinator.
@pytest.mark.parametrize("role", ROLES)
def test_brand_grant_grid(client_for, users, product, brand, role):
    response = client_for(users[role]).post(
        url("clusters:product_brand", pk=product.pk), {"brand": brand.pk, "action": "grant"}
    )
    granted = LocalBrandGrant.objects.filter(brand=brand, product=product).exists()
    if role == "coordinator":
        assert response.status_code == 302 and granted
    else:
        assert response.status_code in (302, 403) and not granted
        if role != "anonymous":
            assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_photo_and_delete_grid(client_for, users, product, role, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(users[role])
    client.post(
        url("clusters:product_photo_add", pk=product.pk),
        {"photo": SimpleUploadedFile("a.png", png())},
    )
    client.post(url("clusters:product_delete", pk=product.pk))
    may_edit = role in EDITORS
    assert Product.objects.filter(pk=product.pk).exists() is not may_edit


def test_brand_of_a_cluster_is_refused_for_a_firm_outside_it(users, other_organisation, brand):
    outside = ProductFactory(organisation=other_organisation)
    with pytest.raises(PermissionDenied):
        services.grant_local_brand(brand, outside, actor=users["coordinator"])


def test_coordinator_without_two_factor_grants_nothing(users, product, brand):
    with pytest.raises(PermissionDenied):
        services.grant_local_brand(brand, product, actor=users["coordinator"])  # no TOTP yet


# --- product details -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"), [("8516.80", "851680"), ("8516", "851680"[:4]), ("", "")]
)
def test_hs_codes_are_normalised(typed, stored):
    assert normalise_hs_code(typed) == stored


@pytest.mark.parametrize("typed", ["85", "851", "77000", "0000", "ABCD", "85168000"])
def test_wrong_hs_codes_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_hs_code(typed)


def test_member_saves_catalogue_details_in_the_form(client_for, users, product):
    response = client_for(users["member"]).post(
        url("clusters:product_edit", pk=product.pk),
        {
            "name": "면상발열체",
            "hs_code": "8516 80",
            "specs": "전원: 24 V\n두께: 0.5 mm",
            "materials": "탄소섬유",
            "certifications": "KC, CE, KC,  RoHS",
            "min_order_quantity": "300",
            "order_unit": "m2",
            "lead_time_days": "14",
            "export_markets": ["JP", "US"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    product.refresh_from_db()
    assert product.hs_code == "851680"
    assert product.certification_list == ["KC", "CE", "RoHS"]
    assert product.market_list == ["JP", "US"]
    page = client_for(users["member"]).get(url("clusters:product_detail", pk=product.pk))
    html = page.content.decode()
    assert "8516.80" in html and "두께" in html and "0.5 mm" in html


def test_wrong_details_are_explained_and_nothing_saved(client_for, users, product):
    response = client_for(users["member"]).post(
        url("clusters:product_edit", pk=product.pk),
        {"name": "", "hs_code": "12", "export_markets": ["KR"], "min_order_quantity": "-1"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert {"name", "hs_code", "export_markets", "min_order_quantity"} <= set(form.errors)
    product.refresh_from_db()
    assert product.name == "탄소섬유 면상발열체"


def test_photos_are_checked_by_content_reencoded_and_limited(
    client_for, users, product, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(users["member"])
    target = url("clusters:product_photo_add", pk=product.pk)
    html = b"<html><script>alert(1)</script></html>"
    refused = client.post(target, {"photo": SimpleUploadedFile("p.png", html)})
    assert refused.status_code == 400
    assert product.photos.count() == 0
    for _ in range(services.MAX_PRODUCT_PHOTOS):
        assert (
            client.post(target, {"photo": SimpleUploadedFile("x.html", png())}).status_code == 302
        )
    photo = product.photos.first()
    assert photo.image.name.startswith("products/") and photo.image.name.endswith(".png")
    assert Image.open(tmp_path / photo.image.name).format == "PNG"
    over = client.post(target, {"photo": SimpleUploadedFile("y.png", png())})
    assert over.status_code == 400
    assert product.photos.count() == services.MAX_PRODUCT_PHOTOS
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("clusters:product_photo_remove", pk=product.pk, photo_pk=photo.pk))
    assert not (tmp_path / photo.image.name).exists()


def test_renaming_in_the_organisation_editor_keeps_the_details(
    client_for, users, organisation, product
):
    response = client_for(users["member"]).post(
        url("clusters:organisation_edit", slug=organisation.slug),
        {
            "name": organisation.name,
            "kind": "company",
            "tags": "탄소섬유",
            "products-TOTAL_FORMS": "1",
            "products-INITIAL_FORMS": "1",
            "products-0-product_id": str(product.pk),
            "products-0-name": "새 이름의 발열체",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    renamed = Product.objects.get(pk=product.pk)
    assert renamed.name == "새 이름의 발열체" and renamed.hs_code == "851680"


def test_product_details_form_shows_stored_markets(product):
    assert ProductDetailsForm(instance=product).initial["export_markets"] == ["CN", "VN"]


# --- the catalogue's facets and filters ------------------------------------------------------
@pytest.fixture
def shelf(organisation, other_organisation, brand, users, totp):
    totp(users["coordinator"])
    heater = ProductFactory(
        organisation=organisation,
        name="발열 매트",
        hs_code="851680",
        certifications="KC, CE",
        export_markets="CN VN",
        min_order_quantity=200,
        lead_time_days=14,
    )
    prepreg = ProductFactory(
        organisation=organisation,
        name="프리프레그",
        hs_code="681599",
        certifications="ISO 9001",
        export_markets="US",
        min_order_quantity=20,
        lead_time_days=40,
    )
    scanner = ProductFactory(
        organisation=other_organisation,
        name="3D 스캐너",
        hs_code="903149",
        certifications="ce",
        export_markets="CN",
        min_order_quantity=1,
        lead_time_days=None,
    )
    services.grant_local_brand(brand, prepreg, actor=users["coordinator"])
    import_translation(heater, "zh-hans", {"name": "碳纤维发热垫", "description": ""})
    return {"heater": heater, "prepreg": prepreg, "scanner": scanner}


def names(found):
    return sorted(Product.objects.get(pk=pk).name for pk in found.product_ids)


def test_filters_narrow_the_catalogue(shelf):
    every = queries.CatalogueFilters()
    assert names(queries.catalogue(every)) == ["3D 스캐너", "발열 매트", "프리프레그"]
    assert names(queries.catalogue(queries.CatalogueFilters(chapter="85"))) == ["발열 매트"]
    assert names(queries.catalogue(queries.CatalogueFilters(certification="CE"))) == [
        "3D 스캐너",
        "발열 매트",
    ]
    assert names(queries.catalogue(queries.CatalogueFilters(market="CN", max_order=100))) == [
        "3D 스캐너"
    ]
    # A product without a lead time does not pass a lead-time bound.
    assert names(queries.catalogue(queries.CatalogueFilters(max_lead_days=30))) == ["발열 매트"]
    assert names(queries.catalogue(queries.CatalogueFilters(brand="gumi"))) == ["프리프레그"]
    # A Chinese buyer's word finds the product by its Chinese name.
    assert names(queries.catalogue(queries.CatalogueFilters(query="碳纤维 发热"))) == ["발열 매트"]


def test_facet_counts_follow_the_other_choices(shelf):
    found = queries.catalogue(queries.CatalogueFilters(market="CN"))
    chapters = {item.value: item.count for item in found.facets["chapter"]}
    assert chapters == {"85": 1, "90": 1}
    # The market facet itself counts as if no market were chosen, with CN marked.
    markets = {item.value: (item.count, item.chosen) for item in found.facets["market"]}
    assert markets == {"CN": (2, True), "VN": (1, False), "US": (1, False)}


def test_catalogue_page_in_chinese_links_facets_and_products(client, shelf):
    response = client.get("/zh-hans/catalogue/", {"chapter": "85"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "碳纤维发热垫" in html
    assert shelf["heater"].get_absolute_url().replace("/ko/", "/zh-hans/") in html
    # The chosen chapter's link takes the choice away again.
    assert '<a href="?" aria-current="true" class="facet-chosen">' in html
    assert response.context["page_obj"].paginator.count == 1


def test_catalogue_query_count_does_not_grow_with_products(client, site_tree, brand):
    def populate(count):
        for _ in range(count):
            firm = OrganisationFactory()
            ClusterMembershipFactory(organisation=firm, cluster=site_tree["carbon"])
            product = ProductFactory(organisation=firm, hs_code="851680", certifications="KC")
            LocalBrandGrant.objects.create(brand=brand, product=product, granted_on="2026-01-01")

    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("clusters:catalogue")).status_code == 200
        return len(captured)

    populate(3)
    count_queries()
    few = count_queries()
    populate(12)
    count_queries()
    assert count_queries() == few


def test_a_certification_typed_in_lower_case_is_chosen_and_its_link_takes_it_away(client, shelf):
    html = client.get("/en/catalogue/", {"certification": "ce", "chapter": "85"}).content.decode()
    chosen = re.search(
        r'<a href="([^"]*)" aria-current="true" class="facet-chosen"><span>CE<', html
    )
    assert chosen, "CE is shown as chosen"
    assert "certification" not in chosen.group(1) and "chapter=85" in chosen.group(1)
