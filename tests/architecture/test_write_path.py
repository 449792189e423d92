"""Reads never write: no `queries.py` (nor a panel or a page-context builder) changes the
database; state changes go through services."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "clusters",
    "notifications",
    "collaboration",
    "equipment",
    "forums",
    "events",
    "matchmaking",
    "search",
]
WRITES = {
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "update",
    "delete",
    "save",
    "save_revision",
    "publish",
    "add_child",
}


def writes_in(path):
    tree = ast.parse(path.read_text())
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in WRITES
        # dict.update / set.update on plain names are not database writes
        and not (node.func.attr == "update" and isinstance(node.func.value, ast.Name))
    ]


@pytest.mark.unit
@pytest.mark.parametrize("module", ["queries.py", "panels.py", "permissions.py"])
def test_read_modules_never_write(module):
    found = [
        hit
        for app in APPS
        if (ROOT / app / module).exists()
        for hit in writes_in(ROOT / app / module)
    ]
    assert found == []


@pytest.mark.unit
def test_the_check_sees_a_write():
    sample = ROOT / "tests" / "architecture" / "_sample_write.py"
    sample.write_text(
        "def room(session):\n    return Room.objects.get_or_create(session=session)\n"
    )
    try:
        assert writes_in(sample) == ["tests/architecture/_sample_write.py:2 .get_or_create()"]
    finally:
        sample.unlink()


@pytest.mark.integration
@pytest.mark.django_db
def test_reading_a_live_room_does_not_create_it(users, site_tree):
    from datetime import timedelta

    from django.utils import timezone

    from events import queries, services
    from events.models import EventIndexPage, EventPage, EventSession, LiveRoom

    index = EventIndexPage(title="행사", slug="events")
    site_tree["home"].add_child(instance=index)
    now = timezone.now()
    event = EventPage(
        title="세미나", slug="s", starts_at=now, ends_at=now + timedelta(hours=1), venue="A"
    )
    index.add_child(instance=event)
    session = EventSession.objects.create(event=event, title="Q&A", starts_at=now, ends_at=now)
    assert queries.room_of(session) is None
    assert not LiveRoom.objects.exists()
    room = services.open_room(session)
    assert queries.room_of(session) == room


ORM_WRITES = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "delete"}


def orm_writes_in(path):
    """`X.objects.<write>(...)` and `.save()` / `.delete()` calls: the writes a demo loader or
    a command must leave to services (building a page and publishing its revision, as the
    admin does, stays with them)."""
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        attr, target = node.func.attr, node.func.value
        through_manager = isinstance(target, ast.Attribute) and target.attr == "objects"
        if (attr in ORM_WRITES and through_manager) or attr in ("save", "delete", "update"):
            if attr == "update" and isinstance(target, ast.Name):
                continue  # dict.update
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} .{attr}()")
    return found


@pytest.mark.unit
def test_demo_loaders_and_commands_write_through_services():
    modules = [
        *ROOT.glob("*/demo.py"),
        ROOT / "clusters" / "demo_accounts.py",
        *ROOT.glob("*/management/commands/*.py"),
    ]
    found = [hit for module in modules for hit in orm_writes_in(module)]
    assert found == []
