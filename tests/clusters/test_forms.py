import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from clusters.forms import DirectoryFilterForm, OrganisationForm, ProfileForm, validate_logo

pytestmark = pytest.mark.django_db


def image_bytes(fmt="PNG", size=(64, 64)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 92, 173)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.unit
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_logo_accepts_real_images(fmt):
    upload = SimpleUploadedFile(f"logo.{fmt.lower()}", image_bytes(fmt))
    assert validate_logo(upload) is upload


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"MZ\x90\x00 this is an executable", "PNG, JPEG or WebP"),
        ("logo.png", image_bytes("PNG")[:40], "PNG, JPEG or WebP"),  # truncated
        ("logo.gif", image_bytes("GIF"), "PNG, JPEG or WebP"),  # real image, wrong type
        ("logo.png", image_bytes("PNG", size=(5000, 10)), "at most 4096"),
    ],
)
def test_logo_rejects_bad_files(english, name, content, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=message):
        validate_logo(SimpleUploadedFile(name, content))


@pytest.mark.unit
def test_logo_rejects_oversized_files(english, settings):
    from django.core.exceptions import ValidationError

    settings.LOGO_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError, match="largest allowed"):
        validate_logo(SimpleUploadedFile("logo.png", image_bytes("PNG", size=(400, 400))))


def test_organisation_form_errors_are_translated(organisation):
    with translation.override("ko"):
        form = OrganisationForm(
            data={"name": "", "kind": "spaceship", "website": "not a url"},
            files={"logo": SimpleUploadedFile("logo.png", b"not an image")},
            instance=organisation,
        )
        assert not form.is_valid()
        assert "PNG, JPEG 또는 WebP" in form.errors["logo"][0]
        assert form.errors["name"] == ["필수 작성 항목입니다"]  # Django's own Korean catalogue
        assert "website" in form.errors and "kind" in form.errors


@pytest.mark.unit
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"full_name": "   "}, "full_name"),
        ({"full_name": "홍길동", "phone": "call me maybe"}, "phone"),
        ({"full_name": "홍길동", "contact_email": "nope"}, "contact_email"),
        ({"full_name": "홍길동", "expertise": ", ".join(f"t{i}" for i in range(21))}, "expertise"),
        ({"full_name": "홍길동", "languages": ["klingon"]}, "languages"),
        ({"full_name": "홍길동", "preferred_language": "tlh"}, "preferred_language"),
    ],
)
def test_profile_form_rejects_bad_input(data, field):
    form = ProfileForm(data={"contact_visibility": "members", "preferred_language": "ko", **data})
    assert not form.is_valid()
    assert field in form.errors


def test_directory_filter_ignores_only_invalid_values(site_tree):
    form = DirectoryFilterForm(
        {"cluster": "not-a-cluster", "kind": "university", "tag": " 탄소섬유 "}, locale=None
    )
    assert form.filters() == {
        "cluster_key": None,
        "kind": "university",
        "tag": "탄소섬유",
        "query": None,
    }
