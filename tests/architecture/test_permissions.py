"""The one permission path: named rules, the view decorator and the template tag."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template import Context, Template
from django.test import RequestFactory

from cluster_hub import permissions


@pytest.fixture
def yes_no_rules():
    permissions.rule("test.owner")(lambda user, obj: obj["owner"] == getattr(user, "pk", None))
    yield
    permissions._rules.pop("test.owner")


class Person:
    is_authenticated = True

    def __init__(self, pk):
        self.pk = pk


@pytest.mark.unit
def test_the_decorator_signs_in_then_checks_the_rule(yes_no_rules):
    @permissions.permission_required("test.owner", on=lambda obj: obj)
    def view(request, obj):
        return HttpResponse("ok")

    @permissions.permission_required("test.owner", on=lambda obj: obj, hide=True)
    def hidden(request, obj):
        return HttpResponse("ok")

    request = RequestFactory().get("/thing/")
    request.user = AnonymousUser()
    assert view(request, {"owner": 1}).status_code == 302
    request.user = Person(2)
    with pytest.raises(PermissionDenied):
        view(request, {"owner": 1})
    with pytest.raises(Http404):
        hidden(request, {"owner": 1})
    request.user = Person(1)
    assert view(request, {"owner": 1}).content == b"ok"


@pytest.mark.unit
def test_a_misspelled_rule_fails_at_import_not_at_request_time():
    with pytest.raises(LookupError):
        permissions.permission_required("nope.nothing")
    with pytest.raises(ValueError, match="twice"):
        permissions.rule("events.manage_event")(lambda user, event: True)


@pytest.mark.unit
def test_the_template_tag_asks_the_same_rule(yes_no_rules, rf):
    request = rf.get("/")
    request.user = Person(1)
    template = Template(
        '{% load permissions %}{% can "test.owner" mine as a %}{% can "test.owner" theirs as b %}'
        "{{ a }} {{ b }}"
    )
    rendered = template.render(
        Context({"request": request, "mine": {"owner": 1}, "theirs": {"owner": 2}})
    )
    assert rendered == "True False"


ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
APPS = [
    "clusters",
    "collaboration",
    "equipment",
    "forums",
    "events",
    "matchmaking",
    "search",
    "notifications",
]
INLINE_IN_VIEWS = ("redirect_to_login", ".is_superuser", ".is_staff", "_id == user.pk")
INLINE_IN_TEMPLATES = ("== user.pk", "== request.user", "user.is_superuser", "user.is_staff")


@pytest.mark.unit
def test_no_permission_is_checked_inline_in_views_or_templates():
    found = []
    for app in APPS:
        views = ROOT / app / "views.py"
        if views.exists():
            text = views.read_text()
            found += [f"{views.name} of {app}: {bad}" for bad in INLINE_IN_VIEWS if bad in text]
        for template in (ROOT / app / "templates").rglob("*.html"):
            text = template.read_text()
            found += [f"{template.name}: {bad}" for bad in INLINE_IN_TEMPLATES if bad in text]
    assert found == []
