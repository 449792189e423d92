"""Files people upload: stored under random names with the extension of what they really are.

Public images (logos, equipment photos) live under MEDIA_ROOT and are served by the proxy, so
what is stored there must be exactly an image: `PublicImageStorage` re-encodes every file it is
given with Pillow (which also drops metadata such as GPS positions) and names it
`<folder>/<random>.<ext of the format>`, whatever the client called it (`poly.html`,
`logo.png.html`, `.htaccess`). Private files (attachments, decks) keep their bytes, get a random
stored name, and are offered for download under a name whose extension matches their detected
type (`x.pdf.exe` → `x.pdf`)."""

import io
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from cluster_hub.file_types import OFFICE_TYPES, PDF, detect_content_type

EXTENSIONS = {
    PDF: ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    **{
        content_type: {"word/": ".docx", "xl/": ".xlsx", "ppt/": ".pptx"}[prefix]
        for prefix, content_type in OFFICE_TYPES.items()
    },
}
# Images are re-encoded in the format they came in when it is one of these, else as PNG.
_SAVE_FORMATS = {"PNG": ("PNG", ".png"), "JPEG": ("JPEG", ".jpg"), "WEBP": ("WEBP", ".webp")}
# Larger images are refused before decoding (a decompression bomb would fill the memory).
MAX_IMAGE_PIXELS = 40_000_000


def random_name(folder, extension):
    return f"{folder.rstrip('/')}/{uuid.uuid4().hex}{extension}"


def reencode_image(content):
    """(bytes, extension) of `content` decoded and encoded again by Pillow; ValueError if it is
    not an image Pillow can read."""
    content.seek(0)
    try:
        with Image.open(content) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValueError("image too large")
            image_format = image.format
            image.load()
            image = ImageOps.exif_transpose(image)
            save_format, extension = _SAVE_FORMATS.get(image_format, ("PNG", ".png"))
            if save_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            elif save_format != "JPEG" and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                image = image.convert("RGBA")
            output = io.BytesIO()
            options = {"quality": 90} if save_format in ("JPEG", "WEBP") else {"optimize": True}
            image.save(output, format=save_format, **options)
    except ValueError:
        raise
    except Exception as error:  # Pillow raises many types for files that are not images.
        raise ValueError("not an image") from error
    finally:
        content.seek(0)
    return output.getvalue(), extension


def download_name(name, content_type):
    """The client's file name, ending in the extension of the detected type."""
    extension = EXTENSIONS.get(content_type, "")
    accepted = (".jpg", ".jpeg") if extension == ".jpg" else (extension,)
    path = PurePosixPath(PurePosixPath(str(name).replace("\\", "/")).name or "file")
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    if not extension:
        return stem or "file"
    if path.suffix.lower() in accepted:
        return path.name
    if stem.lower().endswith(accepted):  # "x.pdf.exe" → "x.pdf"
        return stem
    return f"{stem or 'file'}{extension}"


class PublicImageStorage(FileSystemStorage):
    """MEDIA_ROOT storage that only ever writes re-encoded images under random names."""

    def save(self, name, content, max_length=None):
        data, extension = reencode_image(content)
        folder = str(PurePosixPath(name or "images").parent)
        return super().save(
            random_name(folder if folder != "." else "images", extension),
            ContentFile(data),
            max_length=max_length,
        )


def public_image_storage():
    return PublicImageStorage()


def validate_attachment(upload):
    """A private attachment: within the size limit and, by its bytes, a PDF, an image or an
    Office file (its detected type is kept on the upload)."""
    limit = settings.ATTACHMENT_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the largest allowed is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            }
        )
    content_type = detect_content_type(upload)
    if content_type is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, PNG, JPEG or WebP image, or a Word, Excel or "
                "PowerPoint file."
            )
            % {"name": upload.name}
        )
    upload.detected_content_type = content_type
    return upload
