import pytest

from search.glossary import builtin_equivalents, equivalents_in
from search.text import MAX_QUERY_LENGTH, bigrams, clean_query, compact, highlight, query_terms

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3D 프린팅", "3d프린팅"),
        ("3D프린팅", "3d프린팅"),
        ("Metal 3D-printing", "metal3dprinting"),
        ("ＣＦＲＰ　브래킷", "cfrp브래킷"),  # full-width letters and space (NFKC)
        ("!!! ---", ""),
    ],
)
def test_compact_removes_case_spaces_and_punctuation(raw, expected):
    assert compact(raw) == expected


def test_query_terms_split_dedupe_and_drop_punctuation():
    assert query_terms("  탄소  carbon 탄소 !!! ") == ["탄소", "carbon"]
    assert query_terms("*:* AND (") == ["and"]
    assert query_terms("") == []


def test_clean_query_caps_length_and_control_characters():
    assert clean_query("a\x00b\tc") == "a b c"
    assert len(clean_query("가" * 10_000)) == MAX_QUERY_LENGTH


def test_bigrams_cover_the_term():
    assert bigrams("탄소섬유") == ["섬유", "소섬", "탄소"]
    assert bigrams("탄") == ["탄"]


def test_highlight_marks_terms_across_spaces_and_escapes_html():
    snippet = highlight("<b>금속 3D-printing</b> 서비스", ["3dprinting"])
    assert "<mark>3D-printing</mark>" in snippet
    assert "&lt;b&gt;" in snippet and "<b>" not in snippet
    assert highlight("탄소섬유 발열체", ["구리"]) == ""


def test_glossary_meets_korean_and_english_but_not_inside_english_words():
    assert "carbon fibre" in equivalents_in(["탄소섬유 면상발열체"], builtin_equivalents())
    assert "3D프린팅" in equivalents_in(["Metal 3D-printing service"], builtin_equivalents())
    assert "인공지능" in equivalents_in(["Predictive-maintenance AI"], builtin_equivalents())
    assert "인공지능" not in equivalents_in(["maintenance contract"], builtin_equivalents())


def test_phrase_keys_join_neighbouring_words_in_their_neutral_form():
    from search.text import phrase_keys

    keys = phrase_keys(["Bu lông bán dẫn, 20 sensors"])
    assert {"bulong", "bulongbandan", "bandan20", "20sensor"} <= set(keys)
    assert "bulongdan" not in keys  # not neighbours
    assert "bulongbandan20sensor" not in keys  # five words: longer than a phrase is kept
