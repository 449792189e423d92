"""The garbage collector of a server process with thousands of sockets.

A full collection walks every object the collector tracks, and the event loop answers nothing
meanwhile: with a live room's 2,000 sockets it took 0.3-0.43 s, and the actions that arrived
then were acknowledged that much later (benchmarks/README.md). Two changes, both measured:

- What is loaded at startup (Django, Wagtail, the URLconf: ~245,000 objects) lives as long as
  the process, so it is moved out of the collector's generations (`gc.freeze`) and no
  collection walks it again.
- The youngest generation is collected every `SERVER_GC_THRESHOLDS[0]` allocations instead of
  700: the short-lived objects of a fan-out (one event to 2,000 sockets) are freed before a
  collection would move them to an older generation, so the oldest one grows, and is collected
  in full, far less often.
"""

import gc

from django.conf import settings
from django.urls import get_resolver


def tune():
    """Called once the application is loaded (cluster_hub/asgi.py); no-op when the setting
    is empty (tests, which import the application in their own process)."""
    thresholds = settings.SERVER_GC_THRESHOLDS
    if not thresholds:
        return
    get_resolver().url_patterns  # noqa: B018 — imports every view now, to be frozen with the rest
    gc.collect()
    gc.freeze()
    gc.set_threshold(*thresholds)
