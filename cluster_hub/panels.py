"""Panels and menu links: how a lower app's page shows something a higher app provides.

Apps are layered (README, "Layers"): `clusters` may not import `events`, yet a mini-cluster page
lists the cluster's upcoming events. So the lower app names a slot in its template
(`{% panels "clusters.cluster_page" cluster=page %}`) and the higher app registers a panel for
that slot when it loads (its `panels.py`, imported from `AppConfig.ready`). Menu links in the
site header work the same way through `register_link`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

# Every slot a template offers, with the keyword arguments its panels receive.
SLOTS = {
    "clusters.cluster_page": ("cluster",),
    "clusters.dashboard": (),
    "clusters.organisation_page": ("organisation",),
    "clusters.product_page": ("product",),
    "events.event_page": ("event",),
    "forums.pitch_detail": ("pitch",),
}


@dataclass(frozen=True)
class Panel:
    template: str
    # context(request, **objects) -> dict for the template, or None to show nothing
    context: Callable[..., dict[str, Any] | None]
    order: int = 100


_panels: dict[str, list[Panel]] = {}
_links: dict[str, Callable[[], str | None]] = {}


def register_panel(slot, *, template, context, order=100):
    if slot not in SLOTS:
        raise ValueError(f"unknown panel slot {slot!r}; known: {sorted(SLOTS)}")
    panels = _panels.setdefault(slot, [])
    panels.append(Panel(template=template, context=context, order=order))
    panels.sort(key=lambda panel: panel.order)


def panels_for(slot):
    return tuple(_panels.get(slot, ()))


def render_panels(slot, request, **objects):
    if slot not in SLOTS:
        raise ValueError(f"unknown panel slot {slot!r}")
    missing = set(SLOTS[slot]) - set(objects)
    if missing:
        raise TypeError(f"panel slot {slot!r} needs {sorted(missing)}")
    html = []
    for panel in panels_for(slot):
        context = panel.context(request, **objects)
        if context is not None:
            html.append(render_to_string(panel.template, context, request=request))
    return mark_safe("".join(html))  # noqa: S308 — rendered templates, escaped by the engine


def register_link(key, url):
    """`url()` returns where the header's `key` link points, or None to hide it."""
    _links[key] = url


def link_url(key):
    url = _links.get(key)
    return url() if url is not None else None
