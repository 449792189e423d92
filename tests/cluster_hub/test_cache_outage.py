"""Redis going away under a running site (cluster_hub/cache.py): pages are built from the
database meanwhile, changes are saved, and when Redis comes back (restarted from its dump, with
the pages it held) nobody is served a page from before a change made during the outage, and
nobody signed out meanwhile is signed in again by the copy of their session Redis kept."""

import time

import pytest
import redis
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cluster_hub import page_cache
from cluster_hub.page_cache import HIT_HEADER
from tests.redis_server import RedisServer

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def private_redis(tmp_path, settings):
    server = RedisServer(tmp_path)
    server.start()
    redis = {
        "BACKEND": "cluster_hub.cache.TolerantRedisCache",
        "LOCATION": server.url,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }
    # As in production: pages and what is kept per person (sessions, roles) on one Redis.
    settings.CACHES = {"default": redis, "people": redis}
    settings.CACHE_RETRY_SECONDS = 0.2
    settings.PAGE_CACHE_SECONDS = 60
    yield server
    server.save_and_kill()


def _wait_out_the_retry_pause():
    time.sleep(0.3)


def test_pages_are_built_from_the_database_while_redis_is_away(
    private_redis, organisation, users, site_tree
):
    page = reverse("clusters:organisation_detail", args=[organisation.slug])
    member = Client()
    member.force_login(users["member"])
    assert Client().get(page)[HIT_HEADER] == "miss"
    assert Client().get(page)[HIT_HEADER] == "hit"
    assert member.get(page).status_code == 200

    private_redis.save_and_kill()
    for path in [page, "/ko/", site_tree["carbon"].url, reverse("search:search") + "?q=carbon"]:
        response = Client().get(path)
        assert response.status_code == 200, path
        assert response[HIT_HEADER] == "miss"
    # The member's session is read from the database (sessions are cached_db).
    signed_in = member.get(page)
    assert signed_in.status_code == 200
    assert users["member"].get_full_name() in signed_in.content.decode()


def test_a_change_made_while_redis_was_away_is_shown_once_it_returns(
    private_redis, organisation, site_tree
):
    page = reverse("clusters:organisation_detail", args=[organisation.slug])
    Client().get(page)
    assert "바뀐 소개" not in Client().get(page).content.decode()

    private_redis.save_and_kill()
    organisation.summary = "레드리스가 멈춘 동안 바뀐 소개"
    organisation.save()
    assert "바뀐 소개" in Client().get(page).content.decode()

    # Restarted from its dump, Redis still holds the page from before the change.
    private_redis.start()
    _wait_out_the_retry_pause()
    response = Client().get(page)
    assert "바뀐 소개" in response.content.decode()
    assert Client().get(page)[HIT_HEADER] == "hit"
    assert not page_cache._invalidation_missed


def test_counters_report_the_outage_to_their_callers(private_redis):
    from django.core.cache import cache

    from cluster_hub.cache import CacheUnavailable

    assert cache.add("hits", 1) and cache.incr("hits") == 2
    private_redis.save_and_kill()
    assert cache.get("hits") is None
    assert cache.add("hits", 1) is False
    with pytest.raises(redis.ConnectionError):
        cache.incr("hits")
    # Held back without a new connection attempt until the retry pause is over.
    with pytest.raises(CacheUnavailable):
        cache.incr("hits")
    private_redis.start()
    _wait_out_the_retry_pause()
    assert cache.incr("hits") == 3


def test_signing_out_while_redis_is_away_holds_once_it_returns(private_redis, users, site_tree):
    member = Client()
    member.force_login(users["member"])
    stolen = member.cookies[settings.SESSION_COOKIE_NAME].value
    assert member.get("/ko/").wsgi_request.user.is_authenticated

    private_redis.save_and_kill()
    assert member.post(reverse("account_logout")).status_code == 302
    assert not member.get("/ko/").wsgi_request.user.is_authenticated

    # Restarted from its dump, Redis still holds the session as it was before the sign-out.
    private_redis.start()
    _wait_out_the_retry_pause()
    someone = Client()
    someone.cookies[settings.SESSION_COOKIE_NAME] = stolen
    assert not someone.get("/ko/").wsgi_request.user.is_authenticated
    assert redis.Redis.from_url(private_redis.url).keys("*cached_db*") == []


def test_a_write_skipped_while_redis_was_away_leaves_no_older_copy(private_redis):
    from django.core.cache import cache

    cache.set("profile-card", "before the outage")
    cache.set("untouched", "kept")
    private_redis.save_and_kill()
    cache.set("profile-card", "written during the outage")  # skipped: Redis is away
    private_redis.start()
    _wait_out_the_retry_pause()
    # Redis came back from its dump holding the old copy; it is gone before anything is read.
    assert cache.get("profile-card") is None
    assert cache.get("untouched") == "kept"
