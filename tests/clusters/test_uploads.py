"""Public uploads can never become a page of the site: a valid PNG with a script appended,
uploaded as `poly.html`, is stored as a re-encoded `.png` under a random name and served with
nosniff and a sandboxing Content-Security-Policy."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from equipment.models import Equipment
from tests.factories import EquipmentFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SCRIPT = b"<html><script>fetch('/ko/dashboard/').then(r=>r.text()).then(alert)</script></html>"


def png_with_script():
    buffer = io.BytesIO()
    image = Image.new("RGB", (64, 32), "navy")
    image.save(buffer, format="PNG")
    return buffer.getvalue() + SCRIPT


def jpeg_with_gps():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    Image.new("RGB", (40, 40), "red").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def edit_organisation(client, organisation, logo):
    with translation.override("ko"):
        path = reverse("clusters:organisation_edit", kwargs={"slug": organisation.slug})
    return client.post(
        path,
        {
            "name": organisation.name,
            "kind": "company",
            "logo": logo,
            "products-TOTAL_FORMS": "0",
            "products-INITIAL_FORMS": "0",
        },
    )


@pytest.mark.parametrize("name", ["poly.html", "logo.png.html", "x.png\x00.html", ".htaccess"])
def test_logo_is_reencoded_under_a_random_png_name(client_for, users, organisation, name):
    response = edit_organisation(
        client_for(users["member"]), organisation, SimpleUploadedFile(name, png_with_script())
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    organisation.refresh_from_db()
    stored = organisation.logo.name
    assert stored.startswith("logos/") and stored.endswith(".png")
    assert "html" not in stored and "poly" not in stored and "htaccess" not in stored
    data = organisation.logo.open("rb").read()
    assert b"<script" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.size == (64, 32)


def test_reencoding_drops_metadata(client_for, users, organisation):
    edit_organisation(
        client_for(users["member"]), organisation, SimpleUploadedFile("me.jpg", jpeg_with_gps())
    )
    organisation.refresh_from_db()
    assert organisation.logo.name.endswith(".jpg")
    data = organisation.logo.open("rb").read()
    assert b"secret description" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()


def test_equipment_photo_from_any_path_is_reencoded(organisation):
    # The model's storage does it, so admin forms, demo loaders and services all get it.
    equipment = EquipmentFactory(owner=organisation)
    equipment.photo = SimpleUploadedFile("photo.svg.html", png_with_script())
    equipment.save()
    stored = Equipment.objects.get(pk=equipment.pk).photo
    assert stored.name.startswith("equipment/") and stored.name.endswith(".png")
    assert b"<script" not in stored.open("rb").read()


def test_media_is_served_inert(client, organisation, settings):
    settings.SERVE_MEDIA = True
    organisation.logo = SimpleUploadedFile("poly.html", png_with_script())
    organisation.save()
    response = client.get(settings.MEDIA_URL + organisation.logo.name)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_media_is_not_served_by_django_unless_configured(client, organisation, settings):
    settings.SERVE_MEDIA = False
    organisation.logo = SimpleUploadedFile("logo.png", png_with_script())
    organisation.save()
    assert client.get(settings.MEDIA_URL + organisation.logo.name).status_code == 404


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("x.pdf.exe", "application/pdf", "x.pdf"),
        ("report.PDF", "application/pdf", "report.PDF"),
        ("deck.pptx", "application/pdf", "deck.pdf"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("logo.png.html", "image/png", "logo.png"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        (
            "평가표.xlsx.js",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "평가표.xlsx",
        ),
    ],
)
def test_download_names_end_in_the_detected_type(name, content_type, expected):
    from cluster_hub.uploads import download_name

    assert download_name(name, content_type) == expected
