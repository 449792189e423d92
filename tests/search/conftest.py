"""Search tests run against both engines: the database engine, and the Elasticsearch engine
talking to a real ES-API server (osmem-server, started once per session; each test gets its
own copy-on-write clone, so indices never leak between tests)."""

import pytest

from search.backends import elastic
from tests.collaboration.conftest import cluster_peer, grid_users, make_request  # noqa: F401
from tests.forums.conftest import edition, forum_index, make_pitch  # noqa: F401


@pytest.fixture
def elasticsearch(osmem_clone, settings):
    """Point the app at a fresh osmem clone; plain JSON because osmem rejects 8.x media types."""
    settings.ELASTICSEARCH_URL = osmem_clone.url
    settings.ELASTICSEARCH_PLAIN_JSON = True
    settings.ELASTICSEARCH_INDEX = "test_search"
    elastic.reset_client()
    yield osmem_clone
    elastic.reset_client()


@pytest.fixture(params=["db", "es"])
def engine(request, settings):
    """The name of the engine under test, configured."""
    if request.param == "es":
        request.getfixturevalue("elasticsearch")
    else:
        settings.ELASTICSEARCH_URL = None
    return request.param


@pytest.fixture
def reindex(db):
    """Rebuild every configured engine's index from the database, as after a deploy."""
    from search.services import rebuild_index

    def run():
        return rebuild_index()

    return run
