"""Storage for files that must never have a public URL (request attachments, pitch decks)."""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT. They are served only by views that check permissions, so
    asking for a URL is a bug: it would otherwise fall back to MEDIA_URL and point nowhere."""

    def url(self, name):
        raise ValueError(
            "Private files have no URL; serve them through a permission-checking view."
        )
