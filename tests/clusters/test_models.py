import pytest

from clusters.models import Organisation


@pytest.mark.unit
def test_the_monogram_skips_the_legal_form():
    assert Organisation(name="(주)프린트메탈").monogram == "프"
    assert Organisation(name="㈜한빛카본").monogram == "한"
    assert Organisation(name="주식회사 구미").monogram == "구"
    assert Organisation(name="").monogram == "?"
