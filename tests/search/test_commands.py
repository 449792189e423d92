import io

import pytest
from django.core.management import CommandError, call_command

from search.models import SearchEntry
from tests.factories import MemberProfileFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_search_index_rebuild_shows_progress_and_fills_every_engine(engine, site_tree):
    MemberProfileFactory(full_name="가나다", expertise=["탄소섬유"])
    out = io.StringIO()
    call_command("search_index", rebuild=True, stdout=out)
    output = out.getvalue()
    assert "##############################] " in output  # a full progress bar
    assert "Search index rebuilt" in output and "profile 1" in output
    assert SearchEntry.objects.filter(kind="profile", title="가나다").exists()
    if engine == "es":
        from search.backends.elastic import ElasticsearchBackend, client

        assert client().count(index=ElasticsearchBackend().alias)["count"] >= 2


def test_search_index_needs_a_verb(db):
    with pytest.raises(CommandError, match="pass --rebuild"):
        call_command("search_index")
