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


def pytest_sessionfinish(session):
    if not hasattr(session.config, "workerinput"):  # the run itself, not one of its workers
        import shutil

        from tests.daphne_server import migrated_template_folder

        shutil.rmtree(migrated_template_folder(), ignore_errors=True)


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
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def uncached_pages(settings):
    """Query-count tests measure what rendering a page costs, not the visitors' page cache
    (which serves a second request with no query at all: tests/cluster_hub/test_page_cache.py)."""
    settings.PAGE_CACHE_SECONDS = 0


def _get_or_create_locales():
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in ("ko", "en", "zh-hans", "vi")
    }


@pytest.fixture
def locales(db):
    return _get_or_create_locales()


def _build_site_tree(locales):
    """Home → cluster index → two clusters (carbon, 3D printing), each also in English."""
    # A transactional test's flush takes the root page with it; bring it back.
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


# The page tree most tests read is built and committed once per test database, not per test:
# publishing its nine pages is most of a test's setup. Each test rolls back what it changes;
# after a transactional test's flush, it is built again (pytest_runtest_teardown below).
_COMMITTED_TREE = {}  # name → (page class, pk)


def _committed_tree_present():
    home = _COMMITTED_TREE.get("home")
    return bool(home) and Page.objects.filter(pk=home[1]).exists()


def _commit_tree():
    from django.core.cache import cache
    from django.db import transaction

    with transaction.atomic():
        tree = _build_site_tree(_get_or_create_locales())
    _COMMITTED_TREE.clear()
    _COMMITTED_TREE.update({name: (type(page), page.pk) for name, page in tree.items()})
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _commit_tree()
    yield
    with django_db_blocker.unblock():
        _end_other_sessions()


def _end_other_sessions():
    """The live server's request threads can leave their PostgreSQL connections open after
    the last request; pytest-django could not drop the test database while they are."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if not _COMMITTED_TREE or nextitem is None:
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        try:
            present = _committed_tree_present()
        except Exception:  # a test that broke its connection on purpose
            connection.close()
            present = _committed_tree_present()
        if not present:
            _commit_tree()


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server"} & set(names)
    )


@pytest.fixture(autouse=True)
def _migrated_pages_unless_site_tree(request):
    """A test that asks for no page tree gets the pages the migrations leave (root, Wagtail's
    welcome page as the default site), as it would on a database of its own."""
    names = request.fixturenames
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        names
    )
    if "site_tree" in names or not uses_db:
        return
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    if not Page.objects.filter(depth=2).exclude(content_type__model="page").exists():
        return
    Page.objects.filter(depth=2).delete()
    root = Page.get_first_root_node()
    welcome = root.add_child(
        instance=Page(title="Welcome to your new Wagtail site!", slug="home", locale=root.locale)
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": welcome}
    )
    Locale.objects.exclude(pk=root.locale_id).delete()


@pytest.fixture
def site_tree(locales):
    if not _committed_tree_present():  # e.g. a test that flushed the database itself
        return _build_site_tree(locales)
    return {name: model.objects.get(pk=pk) for name, (model, pk) in _COMMITTED_TREE.items()}


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
