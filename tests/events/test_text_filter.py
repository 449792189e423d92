import pytest

from events.text_filter import blocked_words

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "blocked"),
    [
        ("양산 단가는 얼마인가요?", False),
        ("이건 시발 뭐예요", True),
        ("시.발", True),
        ("시 발", True),
        ("What is the unit price?", False),
        ("this is BULLSHIT", True),
        ("shitake mushrooms grow here", False),  # whole words only in English
        ("Scunthorpe", False),
    ],
)
def test_korean_and_english_lists(text, blocked):
    assert bool(blocked_words(text)) is blocked


def test_extra_words_from_settings(settings):
    settings.LIVE_QA_EXTRA_BLOCKED_WORDS = ["스팸"]
    assert blocked_words("스 팸 광고") == ["스팸"]
