import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail stays in Django's test outbox, unless a test points the site at a real SMTP server.
if not EMAIL_HOST:  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ACCOUNT_RATE_LIMITS = False
# Tests that import the application into pytest's own process leave its collector as Python has
# it; the servers tests start (daphne, in processes of their own) are tuned as in production.
if "pytest" in sys.modules:
    SERVER_GC_THRESHOLDS = ()
# Uploads made by tests land in a throw-away folder, never in the working tree.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clusterhub-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clusterhub-test-private-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "cluster_hub.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Parallel test workers (pytest-xdist) share one Redis: each gets a database of its own, so one
# worker's cache.clear() (FLUSHDB) never empties another's cache or channel layer, and a
# fan-out prefix of its own, so rooms with the same id in two test databases never meet.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):  # noqa: F405
    _parts = urlsplit(REDIS_URL)  # noqa: F405
    _database = _parts.path.strip("/")
    _first = int(_database) if _database.isdigit() else 15
    REDIS_URL = urlunsplit(_parts._replace(path=f"/{max(_first - int(_worker[2:]), 0)}"))
    LIVE_FANOUT_REDIS_URL = REDIS_URL
    # Pub/sub channels are not per database: the room fan-out needs a prefix per worker too.
    LIVE_FANOUT_PREFIX = f"{LIVE_FANOUT_PREFIX}-{_worker}"  # noqa: F405
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    CACHES["people"]["LOCATION"] = REDIS_URL  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [REDIS_URL]  # noqa: F405
