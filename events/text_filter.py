"""The live Q&A's word filter: Korean and English lists, configurable in settings."""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings

# Letters of any script; what lies between them (spaces, dots, digits) is ignored for Korean
# words, so "시.발" and "시 발" are caught as well.
_NOT_HANGUL = re.compile(r"[^\uac00-\ud7a3\u3131-\u318e]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")


@lru_cache(maxsize=8)
def _compiled(paths, extra):
    words = set(extra)
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(line.lower())
    korean = sorted(word for word in words if _HANGUL.search(word))
    other = sorted(word for word in words if not _HANGUL.search(word))
    latin = (
        re.compile(r"\b(" + "|".join(re.escape(word) for word in other) + r")\b", re.IGNORECASE)
        if other
        else None
    )
    return korean, latin


def blocked_words(text):
    """The listed words found in `text` (empty when it may be posted)."""
    korean, latin = _compiled(
        tuple(settings.LIVE_QA_WORDLISTS), tuple(settings.LIVE_QA_EXTRA_BLOCKED_WORDS)
    )
    found = []
    squeezed = _NOT_HANGUL.sub("", text)
    found += [word for word in korean if word in squeezed]
    if latin is not None:
        found += [match.group(0).lower() for match in latin.finditer(text)]
    return found
