"""A server process freezes what startup loaded and collects its youngest generation rarely
(cluster_hub/server_gc.py): a full collection with thousands of sockets paused the live room."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import gc, json; import cluster_hub.asgi; "
    "print(json.dumps([gc.get_threshold(), gc.get_freeze_count()]))"
)


def _loaded_server(**env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "cluster_hub.settings.dev", **env}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_server_freezes_what_startup_loaded_and_collects_rarely():
    thresholds, frozen = _loaded_server()
    assert thresholds == [50_000, 20, 100]
    # Django, Wagtail, every view: well over a hundred thousand objects no collection walks.
    assert frozen > 100_000


def test_an_empty_setting_leaves_pythons_collector_alone():
    thresholds, frozen = _loaded_server(SERVER_GC_THRESHOLDS=" ")
    assert thresholds == [700, 10, 10]
    assert frozen == 0
