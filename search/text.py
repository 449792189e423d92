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

from cluster_hub.text import (  # noqa: F401 — the shared notion of compact text
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    clean_query,
    compact,
    compact_values,
    query_terms,
)

_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


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
