"""What an uploaded file really is, from its bytes (never its name or the browser's word)."""

import zipfile

from PIL import Image

PDF = "application/pdf"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
OFFICE_TYPES = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": PPTX,
}


def detect_content_type(upload):
    """PDF, PNG/JPEG/WebP image or Office (OOXML) file type of `upload`, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        # A PDF ends with %%EOF (perhaps followed by whitespace); a cut-off upload does not.
        upload.seek(max(upload.size - 1024, 0))
        tail = upload.read()
        upload.seek(0)
        return "application/pdf" if b"%%EOF" in tail else None
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, content_type in OFFICE_TYPES.items():
                if any(name.startswith(prefix) for name in names):
                    return content_type
        return None
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except Exception:  # Pillow raises many types for files that are not images.
        return None
    finally:
        upload.seek(0)
    return IMAGE_TYPES.get(image_format)
