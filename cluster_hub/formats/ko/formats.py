"""Korean date formats: Django's short ones ("2026-12-1") are not zero-padded; Korean
documents write "2026. 12. 01." (KS X ISO 8601 style dates with dots)."""

from django.conf.locale.ko.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "Y. m. d."
SHORT_DATETIME_FORMAT = "Y. m. d. H:i"
DATETIME_FORMAT = "Y년 n월 j일 H:i"
