"""Shared fixtures: a small page tree in Korean and English, and one user per role."""

import pytest
from wagtail.models import Locale, Page, Site

from clusters.models import ClusterRole, MiniClusterIndexPage, MiniClusterPage
from clusters.services import assign_role
from home.models import HomePage
from tests.factories import (
    ClusterMembershipFactory,
    MemberProfileFactory,
    OrganisationFactory,
    UserFactory,
)


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: Playwright's sync API keeps an event loop running in the main
    thread until the session ends, and their transactional database flush would leave later
    tests without the root page Wagtail's migrations create."""
    items.sort(key=lambda item: "e2e" in item.keywords)


def _publish(page):
    page.save_revision().publish()
    # Publishing saves from the revision; re-read so url_path reflects the saved slug.
    return type(page).objects.get(pk=page.pk)


def _translate(page, locale, **fields):
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    return _publish(translated)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request through the test client leaves
    its language active in the thread, and URLs built afterwards (get_absolute_url) would
    carry it into the next test on the same worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail caches site root paths; a page tree from one test must not leak into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def uncached_pages(settings):
    """Query-count tests measure what rendering a page costs, not the visitors' page cache
    (which serves a second request with no query at all: tests/cluster_hub/test_page_cache.py)."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def locales(db):
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in ("ko", "en", "zh-hans", "vi")
    }


@pytest.fixture
def site_tree(locales):
    """Home → cluster index → two clusters (carbon, 3D printing), each also in English."""
    # Transactional (browser) tests flush the database, root page included; bring it back.
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locales["ko"])
    )
    home = HomePage(title="ClusterHub", slug="home-ko", hero_title="클러스터 협업 플랫폼")
    root.add_child(instance=home)
    _publish(home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    Page.objects.filter(depth=2, content_type__model="page").delete()
    index = MiniClusterIndexPage(title="미니클러스터", slug="clusters")
    home.add_child(instance=index)
    _publish(index)
    carbon = MiniClusterPage(
        title="탄소부품소재 미니클러스터",
        slug="carbon",
        field="carbon",
        summary="탄소섬유 기업의 협업",
    )
    printing = MiniClusterPage(
        title="3D프린팅 미니클러스터", slug="3d-printing", field="3d_printing", summary="적층제조"
    )
    index.add_child(instance=carbon)
    index.add_child(instance=printing)
    _publish(carbon)
    _publish(printing)
    en = locales["en"]
    home_en = _translate(home, en, slug="home-en", hero_title="The collaboration platform")
    index_en = _translate(index, en, title="Mini-clusters")
    carbon_en = _translate(
        carbon, en, title="Carbon Parts & Materials Mini-cluster", summary="Carbon fibre firms"
    )
    printing_en = _translate(printing, en, title="3D Printing Mini-cluster", summary="AM")
    return {
        "home": home,
        "index": index,
        "carbon": carbon,
        "printing": printing,
        "home_en": home_en,
        "index_en": index_en,
        "carbon_en": carbon_en,
        "printing_en": printing_en,
    }


@pytest.fixture
def organisation(site_tree):
    org = OrganisationFactory(name="(주)한빛카본", name_en="Hanbit Carbon", slug="hanbit-carbon")
    ClusterMembershipFactory(organisation=org, cluster=site_tree["carbon"])
    org.tags.set(["탄소섬유", "carbon fibre"])
    return org


@pytest.fixture
def other_organisation(site_tree):
    org = OrganisationFactory(name="(주)프린트메탈", name_en="PrintMetal", slug="printmetal")
    ClusterMembershipFactory(organisation=org, cluster=site_tree["printing"])
    return org


@pytest.fixture
def users(site_tree, organisation, other_organisation):
    """One user per role. `member` administers `organisation`; `other_member` is elsewhere."""
    visitor = UserFactory(username="visitor")
    MemberProfileFactory(user=visitor, organisation=None, membership_confirmed=False)
    member = MemberProfileFactory(
        user=UserFactory(username="member"),
        organisation=organisation,
        is_organisation_admin=True,
        full_name="이서연",
        expertise=["발열체"],
    ).user
    colleague = MemberProfileFactory(
        user=UserFactory(username="colleague"), organisation=organisation, full_name="김민준"
    ).user
    other_member = MemberProfileFactory(
        user=UserFactory(username="other_member"),
        organisation=other_organisation,
        full_name="박도윤",
    ).user
    reviewer = MemberProfileFactory(
        user=UserFactory(username="reviewer"), organisation=None, membership_confirmed=False
    ).user
    assign_role(actor=None, user=reviewer, kind=ClusterRole.Kind.REVIEWER)
    coordinator = MemberProfileFactory(
        user=UserFactory(username="coordinator"), organisation=None, membership_confirmed=False
    ).user
    assign_role(
        actor=None, user=coordinator, kind=ClusterRole.Kind.COORDINATOR, cluster=site_tree["carbon"]
    )
    other_coordinator = MemberProfileFactory(
        user=UserFactory(username="other_coordinator"),
        organisation=None,
        membership_confirmed=False,
    ).user
    assign_role(
        actor=None,
        user=other_coordinator,
        kind=ClusterRole.Kind.COORDINATOR,
        cluster=site_tree["printing"],
    )
    return {
        "anonymous": None,
        "visitor": visitor,
        "member": member,
        "colleague": colleague,
        "other_member": other_member,
        "reviewer": reviewer,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
    }


@pytest.fixture
def totp(db):
    """Give a user a TOTP authenticator, as coordinators must have."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    def activate(user):
        return TOTP.activate(user, generate_totp_secret()).instance

    assert Authenticator  # the model the middleware checks
    return activate


@pytest.fixture
def client_for(client, totp):
    """A test client logged in as the given user (coordinators get TOTP set up)."""
    from clusters import permissions

    def login(user):
        if user is None:
            return client
        if permissions.requires_two_factor(user):
            totp(user)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


@pytest.fixture
def login_as(client, totp):
    """Switch the one test client between users (coordinators get TOTP once)."""
    from clusters import permissions

    activated = set()

    def login(user):
        client.logout()
        if user is None:
            return client
        if permissions.requires_two_factor(user) and user.pk not in activated:
            totp(user)
            activated.add(user.pk)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


@pytest.fixture
def english():
    """Run in English, for tests that match English messages."""
    from django.utils import translation

    with translation.override("en"):
        yield
