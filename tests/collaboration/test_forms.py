import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cluster_hub.file_types import detect_content_type
from cluster_hub.uploads import validate_attachment
from collaboration.forms import RequestForm

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#0a5").save(buffer, "PNG")
    return buffer.getvalue()


def office_bytes(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<doc/>")
    return buffer.getvalue()


def plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("run.sh", "echo hi")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "detected"),
    [
        ("spec.pdf", PDF, "application/pdf"),
        ("photo.png", png_bytes(), "image/png"),
        (
            "명세서.docx",
            office_bytes("word/"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "deck.pptx",
            office_bytes("ppt/"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        # The name never decides: a PNG called .pdf is a PNG.
        ("renamed.pdf", png_bytes(), "image/png"),
    ],
)
def test_accepted_content(name, content, detected):
    upload = validate_attachment(SimpleUploadedFile(name, content))
    assert upload.detected_content_type == detected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),  # a renamed Windows .exe
        ("tool.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 200),  # a renamed Linux binary
        ("cut.pdf", PDF[:30]),  # a truncated PDF: no %%EOF
        ("archive.docx", plain_zip()),  # a zip that is no Office file
        ("broken.docx", b"PK\x03\x04garbage"),
        ("empty.pdf", b""),
    ],
)
def test_refused_content(name, content, english):
    upload = SimpleUploadedFile(name, content)
    assert detect_content_type(upload) is None
    with pytest.raises(ValidationError, match="is not a PDF"):
        validate_attachment(upload)


def test_size_limit(settings, english):
    settings.ATTACHMENT_MAX_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", PDF + b" " * 2000)
    with pytest.raises(ValidationError, match=r"the largest allowed is 1\.0"):
        validate_attachment(upload)


def form_data(**overrides):
    data = {
        "kind": "sourcing",
        "title": "탄소섬유 구매",
        "description": "월 500kg",
        "visibility": "members",
        "tags": "탄소섬유",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "   "}, "title", "필수"),
        ({"kind": "bribery"}, "kind", "올바르게 선택"),
        ({"visibility": "secret"}, "visibility", "올바르게 선택"),
        ({"budget_min": "5000000", "budget_max": "100"}, "budget_max", "하한보다 작을 수"),
        ({"budget_min": "-1"}, "budget_min", "0"),
        ({"deadline": "2020-01-01"}, "deadline", "과거일 수 없습니다"),
        ({"deadline": "2026-02-30"}, "deadline", "올바른 날짜"),
        ({"tags": ", ".join(f"t{i}" for i in range(16))}, "tags", "15개"),
    ],
)
def test_request_form_refuses_bad_input_in_korean(site_tree, overrides, field, message):
    from django.utils import translation

    with translation.override("ko"):
        form = RequestForm(data=form_data(**overrides))
        assert not form.is_valid()
        assert message in " ".join(form.errors[field])


def test_request_form_limits_attachment_count(site_tree, english):
    files = [SimpleUploadedFile(f"f{i}.pdf", PDF) for i in range(6)]
    form = RequestForm(data=form_data(), files={"attachments": files})
    assert not form.is_valid()
    assert "at most 5" in " ".join(form.errors["attachments"])


def test_request_form_valid(site_tree):
    deadline = timezone.localdate() + timedelta(days=30)
    form = RequestForm(
        data=form_data(deadline=deadline.isoformat(), target_clusters=[site_tree["carbon"].pk])
    )
    assert form.is_valid(), form.errors
    kwargs = form.service_kwargs()
    assert kwargs["tags"] == ["탄소섬유"]
    assert list(kwargs["target_clusters"]) == [site_tree["carbon"]]
    assert kwargs["attachments"] == []
