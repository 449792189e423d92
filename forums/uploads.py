"""Stop a deck upload as soon as it passes the size limit, instead of writing it all to disk."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class SizeLimitUploadHandler(FileUploadHandler):
    """Counts bytes as they stream in (to the temporary file that Django's own handlers write)
    and stops the upload once it passes DECK_MAX_UPLOAD_BYTES; the view then explains why."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.DECK_MAX_UPLOAD_BYTES
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None

    @staticmethod
    def error_message():
        return _("The deck is larger than %(limit)s.") % {
            "limit": filesizeformat(settings.DECK_MAX_UPLOAD_BYTES)
        }
