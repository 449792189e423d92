"""Pages of every kind the page-cache and member-page tests walk through."""

import pytest
from django.urls import reverse

from events.models import EventIndexPage
from tests.events.conftest import make_event


@pytest.fixture
def event(site_tree):
    index = EventIndexPage(title="행사", slug="events")
    site_tree["home"].add_child(instance=index)
    index.save_revision().publish()
    return make_event(index, site_tree, slug="seminar", capacity=30)


@pytest.fixture
def pages(site_tree, organisation, users, event):
    profile = users["member"].profile
    return {
        "home": "/ko/",
        "cluster": site_tree["carbon"].url,
        "cluster_en": site_tree["carbon_en"].url,
        "organisation": reverse("clusters:organisation_detail", args=[organisation.slug]),
        "directory": reverse("clusters:organisation_directory"),
        "profile": reverse("clusters:profile_detail", args=[profile.pk]),
        "event": event.url,
        "search": reverse("search:search") + "?q=carbon",
    }


PAGE_NAMES = ["home", "cluster", "organisation", "directory", "profile", "event", "search"]
