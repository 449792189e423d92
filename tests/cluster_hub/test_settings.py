"""Embedded defaults versus configured engines, and a production configuration that passes
`check --deploy`. Settings are read in a fresh interpreter so the environment really decides."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration

PROBE = """
import json, django
from django.conf import settings
django.setup()

def dotted(value):
    return f"{value.__module__}.{value.__qualname__}" if isinstance(value, type) else value

print(json.dumps({
    "db": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "search": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "search_options": {
        name: dotted(value)
        for name, value in settings.WAGTAILSEARCH_BACKENDS["default"].get("OPTIONS", {}).items()
    },
    "site_search_plain_json": settings.ELASTICSEARCH_PLAIN_JSON,
    "first_app": settings.INSTALLED_APPS[0],
}))
"""

ENGINE_VARS = ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "ELASTICSEARCH_PLAIN_JSON")


def run_python(code, settings_module, **env):
    base = {k: v for k, v in os.environ.items() if k not in ENGINE_VARS}
    base.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60
    )


def probe(**env):
    result = run_python(PROBE, "cluster_hub.settings.dev", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_needs_no_environment():
    config = probe()
    assert config == {
        "db": "django.db.backends.sqlite3",
        "db_name": str(ROOT / "db.sqlite3"),
        "layer": "channels.layers.InMemoryChannelLayer",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "search": "wagtail.search.backends.database",
        "search_options": {},
        "site_search_plain_json": False,
        "first_app": "daphne",
    }


def test_real_engines_when_configured():
    config = probe(
        DATABASE_URL="postgres://u:p@db.internal:5432/clusterhub",
        REDIS_URL="redis://cache.internal:6379/0",
        ELASTICSEARCH_URL="http://search.internal:9200",
    )
    assert config["db"] == "django.db.backends.postgresql"
    assert config["db_name"] == "clusterhub"
    assert config["layer"] == "channels_redis.core.RedisChannelLayer"
    assert config["cache"] == "cluster_hub.cache.TolerantRedisCache"
    assert config["search"] == "wagtail.search.backends.elasticsearch8"
    assert "node_class" not in config["search_options"]
    assert config["site_search_plain_json"] is False


def test_plain_json_node_only_when_asked():
    config = probe(ELASTICSEARCH_URL="http://127.0.0.1:9200", ELASTICSEARCH_PLAIN_JSON="true")
    assert config["search_options"] == {"node_class": "search.transport.PlainJsonNode"}
    assert config["site_search_plain_json"] is True


def test_production_passes_check_deploy_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in ENGINE_VARS},
            "DJANGO_SETTINGS_MODULE": "cluster_hub.settings.production",
            "DJANGO_SECRET_KEY": "k" * 20 + "-Zq8!vT3#pL0@wX6$rN2^bJ9&hF4*cM7",
            "DJANGO_ALLOWED_HOSTS": "clusterhub.example.kr",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_secrets(missing):
    env = {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "clusterhub.example.kr"}
    env.pop(missing)
    result = run_python(
        "import django; django.setup()",
        "cluster_hub.settings.production",
        **{**env, missing: ""},
    )
    assert result.returncode != 0
    assert missing in result.stderr
