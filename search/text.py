"""Text handling shared by both search engines: one notion of a term, one notion of a match.

Korean is written with and without spaces ("3D 프린팅", "3D프린팅") and compounds carry their parts
("탄소섬유 발열체" contains "탄소"). So matching works on *compact* text — NFKC, lower-case, with
spaces and punctuation removed — and a term matches when it is a substring of a document's
compact text. The database engine tests that substring directly; Elasticsearch indexes 2- and
3-grams of the compact text and requires every 2-gram of the term, which behaves the same on
Elasticsearch and on osmem (neither relies on how an engine treats an n-gram `match` query).
A one-character term ("김") is too short for that and matches the start of a name, tag or
product instead, on both engines.
"""

import html
import re
import unicodedata
from functools import lru_cache

from cluster_hub.korean import without_legal_form
from cluster_hub.text import (  # noqa: F401 — the shared notion of compact text
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    clean_query,
    compact,
    compact_values,
)
from search.term_pairs import TERM_TRANSLATIONS

_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)

# Buyers write English their own way and Vietnamese with or without its marks: the search
# matches a spelling-neutral form of every Latin word, on the query and in the documents alike
# (the documents keep their own text too). British spellings become American ones, plurals
# singular, and Vietnamese letters lose their marks ("sợi" = "soi").
_LATIN_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
BRITISH_TO_AMERICAN = [
    ("aluminium", "aluminum"),
    ("fibre", "fiber"),
    ("mould", "mold"),
    ("colour", "color"),
    ("centre", "center"),
    ("metre", "meter"),
    ("litre", "liter"),
    ("tyre", "tire"),
    ("grey", "gray"),
    ("sulphur", "sulfur"),
    ("catalogue", "catalog"),
    ("programme", "program"),
    ("licence", "license"),
    ("defence", "defense"),
    ("modelling", "modeling"),
    ("labelling", "labeling"),
    ("travelling", "traveling"),
    ("isation", "ization"),
]
_KEEP_FINAL_S = ("ss", "us", "is", "ics")


def _fold_marks(word):
    """Latin letters without their diacritics (đ → d); other scripts untouched."""
    if word.isascii():
        return word
    folded = []
    for char in unicodedata.normalize("NFD", word):
        if unicodedata.combining(char):
            continue
        folded.append(char)
    return unicodedata.normalize("NFC", "".join(folded)).replace("đ", "d")


def _singular(word):
    if len(word) <= 3 or not word.isascii():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_KEEP_FINAL_S):
        return word[:-1]
    return word


def neutral_word(word):
    """The spelling-neutral form of one word (lower case)."""
    word = _fold_marks(unicodedata.normalize("NFKC", word).lower())
    if not word.isascii() or not word.isalpha():
        return word
    for british, american in BRITISH_TO_AMERICAN:
        if british in word:
            word = word.replace(british, american)
            break
    return _singular(word)


def neutral_text(text):
    """`text` with every Latin word in its spelling-neutral form ("" when nothing changes)."""
    if not text:
        return ""
    changed = _LATIN_WORD.sub(lambda match: neutral_word(match.group()), str(text))
    return changed if changed != str(text).lower() and changed != str(text) else ""


_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
_HAS_HAN = re.compile(r"[\u4e00-\u9fff]")
_SCRIPT_RUNS = re.compile(r"[\u4e00-\u9fff]+|[^\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _han_vocabulary():
    words = {
        compact(term) for chinese, _vietnamese in TERM_TRANSLATIONS.values() for term in chinese
    }
    return sorted((word for word in words if _HAN.match(word)), key=len, reverse=True)


def split_han(term):
    """Chinese is written without spaces: "碳纤维发热体" asks for 碳纤维 and 发热体. A Chinese
    term is cut at the glossary's Chinese words (longest first); the runs between them stay
    terms of their own, single characters between them ("的") fall away. A term with no
    glossary word in it stays whole."""
    if len(term) < 4 or not _HAN.match(term):
        return [term]
    pieces, rest, i = [], "", 0
    while i < len(term):
        word = next((w for w in _han_vocabulary() if term.startswith(w, i)), None)
        if word is None:
            rest += term[i]
            i += 1
            continue
        if len(rest) > 1:
            pieces.append(rest)
        rest = ""
        pieces.append(word)
        i += len(word)
    if len(rest) > 1:
        pieces.append(rest)
    return pieces if any(piece in _han_vocabulary() for piece in pieces) else [term]


def suggestion_keys(value):
    """The compact prefixes a suggestion answers to: its text, its text without the legal form
    ("(주)카본웍스" is found by "카본"), and its spelling-neutral form ("soi" finds "sợi")."""
    keys = [compact(value), compact(without_legal_form(str(value))), compact(neutral_text(value))]
    return list(dict.fromkeys(key for key in keys if key))


def query_terms(query):
    """The compact terms a query asks for, each in its spelling-neutral form, Chinese cut into
    words; punctuation-only words and duplicates fall away."""
    terms = []
    for word in clean_query(query).split(" "):
        term = compact(_LATIN_WORD.sub(lambda match: neutral_word(match.group()), word))
        # "智能工厂MES": Chinese and Latin letters typed together are separate words.
        runs = _SCRIPT_RUNS.findall(term) if _HAS_HAN.search(term) else [term]
        for piece in (piece for run in runs for piece in split_han(run)):
            if piece and piece not in terms:
                terms.append(piece)
    return terms[:MAX_TERMS]


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
LONGEST_PHRASE = 4


def phrase_keys(values, *, longest=LONGEST_PHRASE):
    """Every run of up to `longest` neighbouring words in `values`, each run compact and
    spelling-neutral, written together ("bu lông bán dẫn" gives "bulong", "bulongban", …): a
    multi-word query counts as a phrase only where its words stand side by side."""
    keys = set()
    for value in values:
        words = [compact(neutral_word(word)) for word in _WORD.findall(str(value or ""))]
        words = [word for word in words if word]
        for start in range(len(words)):
            for end in range(start + 1, min(start + longest, len(words)) + 1):
                keys.add("".join(words[start:end]))
    return sorted(keys)


def bigrams(term):
    """The 2-grams a term needs (a one-character term is its own gram)."""
    if len(term) < 2:
        return [term] if term else []
    return sorted({term[i : i + 2] for i in range(len(term) - 1)})


def gram_list(compact_text):
    """The distinct 2-grams of space-separated compact text, space-separated (for indexing)."""
    grams = set()
    for chunk in compact_text.split():
        grams.update(chunk[i : i + 2] for i in range(len(chunk) - 1))
    return " ".join(sorted(grams))


def _loose_pattern(term):
    """A regex finding `term` in ordinary text, whatever spaces or punctuation sit between."""
    return r"[\W_]*".join(re.escape(ch) for ch in term)


def highlight(text, terms, *, width=160):
    """An HTML-safe snippet of `text` around the first term found, every found term in <mark>.

    Returns "" when no term occurs in the text, so callers can try the next field.
    """
    if not text or not terms:
        return ""
    source = unicodedata.normalize("NFKC", str(text))
    pattern = re.compile(
        "|".join(_loose_pattern(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    first = pattern.search(source)
    if not first:
        return ""
    start = max(0, first.start() - width // 3)
    end = min(len(source), start + width)
    window = source[start:end]
    parts = []
    cursor = 0
    for match in pattern.finditer(window):
        parts.append(html.escape(window[cursor : match.start()]))
        parts.append(f"<mark>{html.escape(match.group(0))}</mark>")
        cursor = match.end()
    parts.append(html.escape(window[cursor:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(source) else ""
    return prefix + "".join(parts).strip() + suffix
