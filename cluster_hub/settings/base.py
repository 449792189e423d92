"""Settings shared by every environment.

Embedded default, real engines when configured: with no environment set the site runs on
SQLite, the in-memory channel layer, the local-memory cache and database search. Setting
DATABASE_URL, REDIS_URL or ELASTICSEARCH_URL switches each engine independently.
"""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name, default=None):
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = os.environ.get(name, "")
    if not value.strip():
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # daphne first: its runserver replaces Django's and serves HTTP and WebSockets.
    "daphne",
    "home",
    "translations",
    "clusters",
    "notifications",
    "outcomes",
    "collaboration",
    "equipment",
    "forums",
    "events",
    "matchmaking",
    "search",
    "api",
    "ninja",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.kakao",
    "allauth.socialaccount.providers.naver",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cluster_hub.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cluster_hub.locale.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Visitors' pages from the shared cache (cluster_hub/page_cache.py): below authentication
    # and messages, which decide whether a request may be served from it.
    "cluster_hub.page_cache.AnonymousPageCacheMiddleware",
    "cluster_hub.permissions.SignInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "clusters.middleware.CoordinatorTwoFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Content-Security-Policy on every response (cluster_hub/security.py).
CSP_ENABLED = env_bool("CSP_ENABLED", True)

ROOT_URLCONF = "cluster_hub.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "clusters.context_processors.navigation",
                "notifications.context_processors.notifications",
                "cluster_hub.context_processors.page_generation",
            ],
            # The core's tag libraries (cluster_hub is the project package, not an app).
            "libraries": {
                "panels": "cluster_hub.templatetags.panels",
                "permissions": "cluster_hub.templatetags.permissions",
                "site_tags": "cluster_hub.templatetags.site_tags",
            },
        },
    },
]

WSGI_APPLICATION = "cluster_hub.wsgi.application"
ASGI_APPLICATION = "cluster_hub.asgi.application"

# --- Database: SQLite unless DATABASE_URL is set -------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    # No persistent connections under ASGI: each request's sync code runs in a thread of its
    # own context, so kept connections pile up past the server's limit under load (seen as
    # "too many clients" with two daphne processes at 16 connections each).
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0"))
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # Writers take the write lock when their transaction begins (IMMEDIATE) and
                # wait up to `timeout` seconds for it, so concurrent writes queue up instead
                # of failing with "database is locked" halfway through a transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": float(env("SQLITE_BUSY_TIMEOUT", "20")),
                # WAL lets readers and the writer work at once (several daphne workers); a
                # larger page cache and memory-mapped reads keep searches off the disk.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Sockets' database work runs on a few threads that keep their connections, unlike requests
# (cluster_hub/socket_db.py): this many per process, each connection kept this many seconds.
SOCKET_DB_THREADS = int(env("SOCKET_DB_THREADS", "4"))
SOCKET_DB_CONN_MAX_AGE = int(env("SOCKET_DB_CONN_MAX_AGE", "300"))
# The server process's garbage collector (cluster_hub/server_gc.py): gc.set_threshold's three
# numbers, after what startup loaded is frozen; empty leaves Python's defaults.
SERVER_GC_THRESHOLDS = tuple(
    int(part) for part in env("SERVER_GC_THRESHOLDS", "50000,20,100").split(",") if part.strip()
)

# --- Redis: channel layer and cache when REDIS_URL is set ---------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": env("REDIS_PREFIX", "clusterhub")},
        }
    }
    CACHES = {
        "default": {
            # Reads miss and writes are skipped while Redis is away (cluster_hub/cache.py).
            "BACKEND": "cluster_hub.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("REDIS_PREFIX", "clusterhub"),
            # A Redis that does not answer costs a page at most this long, once per retry.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    CACHES["people"] = {**CACHES["default"]}  # the same Redis, which has room for both
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {
        # Pages and fragments: large values, so few of them (Django's default of 300).
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # What is kept per signed-in person (their session, their roles): small values, and
        # a live day's crowd of them. Within 300 entries, 150 people signed in at once pushed
        # each other out, and every socket and page read their session from the database.
        "people": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "people",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }

# --- Live Q&A ------------------------------------------------------------------------------
# Visitors' pages are cached for at most this long (seconds; 0 turns the cache off) and
# invalidated by any content change before that (cluster_hub/page_cache.py).
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "60"))
# After the cache failed to answer, it is left alone this long before the next try.
CACHE_RETRY_SECONDS = float(env("CACHE_RETRY_SECONDS", "1"))
# Sessions are read from the cache and written through to the database: a burst of sockets
# and pages from signed-in people does not read the session table once per request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "people"

# Room fan-out (events/fanout.py): in process by default, Redis pub/sub across processes.
LIVE_FANOUT_REDIS_URL = REDIS_URL
LIVE_FANOUT_PREFIX = env("REDIS_PREFIX", "clusterhub")


def _rate_limits(spec):
    """ "ask=5/60,vote=60/60" → {"ask": (5, 60), ...}: so many actions per so many seconds."""
    limits = {}
    for item in spec.split(","):
        action, _, rule = item.strip().partition("=")
        count, _, seconds = rule.partition("/")
        if action and count.isdigit() and seconds.isdigit():
            limits[action] = (int(count), int(seconds))
    return limits


LIVE_QA_RATE_LIMITS = _rate_limits(env("LIVE_QA_RATE_LIMITS", "ask=5/60,vote=120/60,poll=30/60"))
# Word lists (one word per line) for the question filter; extra words from the environment.
LIVE_QA_WORDLISTS = env_list(
    "LIVE_QA_WORDLISTS",
    [
        str(BASE_DIR / "events" / "wordlists" / "ko.txt"),
        str(BASE_DIR / "events" / "wordlists" / "en.txt"),
    ],
)
LIVE_QA_EXTRA_BLOCKED_WORDS = env_list("LIVE_QA_EXTRA_BLOCKED_WORDS")

# --- Public API (/api/v1/) ---------------------------------------------------------------------
# Requests per caller (a token's owner, or a client address without one), on the shared cache.
API_RATE_ANONYMOUS = env("API_RATE_ANONYMOUS", "60/m")
API_RATE_MEMBER = env("API_RATE_MEMBER", "600/m")
# Proxies in front of the site whose X-Forwarded-For may be trusted (0: use the peer address).
NINJA_NUM_PROXIES = int(env("TRUSTED_PROXY_COUNT", "0"))

# --- Search: Wagtail database search unless ELASTICSEARCH_URL is set ----------------------
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
# osmem-server (the test stand-in for Elasticsearch) rejects the 8.x client's compatibility
# media type, so a node class that sends plain application/json is switched on only for it.
ELASTICSEARCH_PLAIN_JSON = env_bool("ELASTICSEARCH_PLAIN_JSON", False)
if ELASTICSEARCH_URL:
    _es_options = {}
    if ELASTICSEARCH_PLAIN_JSON:
        from search.transport import PlainJsonNode

        _es_options["node_class"] = PlainJsonNode
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX": env("ELASTICSEARCH_INDEX_PREFIX", "clusterhub") + "_wagtail",
            "TIMEOUT": 5,
            "OPTIONS": _es_options,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The site search index (search app): an alias in front of versioned indices.
ELASTICSEARCH_INDEX = env("ELASTICSEARCH_INDEX_PREFIX", "clusterhub") + "_search"
ELASTICSEARCH_TIMEOUT = float(env("ELASTICSEARCH_TIMEOUT", "3"))
# "cjk" is built into Elasticsearch; "nori" needs the analysis-nori plugin.
ELASTICSEARCH_ANALYZER = env("ELASTICSEARCH_ANALYZER", "cjk")

# --- Accounts --------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "clusters:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_ADAPTER = "notifications.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[ClusterHub] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ClusterHub"
SOCIALACCOUNT_ADAPTER = "clusters.adapters.SocialAccountAdapter"


def _social_app(client_env, secret_env):
    client_id, secret = env(client_env), env(secret_env)
    if client_id and secret:
        return {"APP": {"client_id": client_id, "secret": secret, "key": ""}}
    return None


# Providers appear on the login page only when their keys are set in the environment.
SOCIALACCOUNT_PROVIDERS = {
    name: config
    for name, config in {
        "kakao": _social_app("KAKAO_CLIENT_ID", "KAKAO_CLIENT_SECRET"),
        "naver": _social_app("NAVER_CLIENT_ID", "NAVER_CLIENT_SECRET"),
        "google": _social_app("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"),
    }.items()
    if config
}

# --- Email: console by default, SMTP when EMAIL_HOST is set ----------------------------------
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ClusterHub <noreply@clusterhub.local>")
# Seconds an SMTP conversation may hang before the attempt counts as failed.
EMAIL_TIMEOUT = float(env("EMAIL_TIMEOUT", "10"))
# Every email goes through the queue (notifications.services.queue_email): after a failed
# attempt the next one waits this many seconds; after the last, the message is marked failed.
EMAIL_RETRY_DELAYS = [
    float(seconds) for seconds in env_list("EMAIL_RETRY_DELAYS", ["30", "120", "600", "3600"])
]

# --- Background tasks (django-tasks) ---------------------------------------------------------
# Wagtail's own tasks run at once, as before; email waits in the database for the worker:
#   python manage.py db_worker --backend email --queue-name email
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "email": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["email"]},
}
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [
    ("ko", "한국어"),
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("vi", "Tiếng Việt"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Tags are separated by commas only and shown back without quotes (cluster_hub/tags.py).
TAGGIT_TAGS_FROM_STRING = "cluster_hub.tags.tags_from_string"
TAGGIT_STRING_FROM_TAGS = "cluster_hub.tags.string_from_tags"
# Locale formats of our own where Django's do not fit (cluster_hub/formats/).
FORMAT_MODULE_PATH = ["cluster_hub.formats"]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Django serves MEDIA_ROOT itself (with the headers of cluster_hub/media.py) only when this is
# on: in development. In production the proxy serves it, with the same headers.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
# Request attachments are private: served only through a view that checks permissions.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "cluster_hub.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads above this size stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
LOGO_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
PRODUCT_PHOTO_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ATTACHMENT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DECK_MAX_UPLOAD_BYTES = 30 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

# --- Wagtail -------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "ClusterHub"
WAGTAILADMIN_BASE_URL = env("SITE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "hwp"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ko", "한국어"), ("en", "English")]
# No avatars from gravatar.com: it would learn editors' email hashes (and the CSP refuses it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
ACCOUNT_SIGNUP_FORM_CLASS = "clusters.forms.SignupForm"
