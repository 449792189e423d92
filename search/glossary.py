"""Korean ↔ English expertise vocabulary, so tags and text in either language meet.

Engines' synonym filters differ (and osmem has none), so equivalents are added to a document's
searchable text when it is indexed: a profile tagged "탄소섬유" is also found by "carbon fibre",
and one tagged "3D printing" by "3D프린팅". Matching is on compact text (see `search.text`).
"""

import re
from functools import lru_cache

from django.core.cache import cache

from search.models import GlossaryTerm
from search.term_pairs import TERM_PAIRS
from search.text import compact

_WORD_SEPARATORS = re.compile(r"[\W_]+")


# Coordinators' pairs (GlossaryTerm) live in the shared cache, so every process sees a change
# as soon as it commits; the cache is emptied after each change (search.signals).
COORDINATOR_PAIRS_CACHE_KEY = "search:glossary:coordinator-pairs"


@lru_cache(maxsize=8)
def _build_equivalents(extra_pairs):
    """Every term → the other terms of its group: a Korean term and all its partners, in every
    language, are equivalent to one another (so "carbon fiber" also brings "碳纤维")."""
    groups = {}
    for korean, other in (*TERM_PAIRS, *extra_pairs):
        groups.setdefault(compact(korean), {korean}).add(other)
    equivalents = {}
    for members in groups.values():
        for member in members:
            equivalents.setdefault(compact(member), set()).update(members - {member})
    return {
        term: sorted(value for value in values if compact(value) != term)
        for term, values in equivalents.items()
    }


def coordinator_pairs():
    pairs = cache.get(COORDINATOR_PAIRS_CACHE_KEY)
    if pairs is None:
        pairs = tuple(GlossaryTerm.objects.values_list("korean", "english"))
        cache.set(COORDINATOR_PAIRS_CACHE_KEY, pairs, None)
    return pairs


def forget_coordinator_pairs():
    cache.delete(COORDINATOR_PAIRS_CACHE_KEY)


def builtin_equivalents():
    return _build_equivalents(())


def current_equivalents():
    """Every term → its other-language terms: the built-in pairs plus coordinators' pairs."""
    return _build_equivalents(coordinator_pairs())


def _word_match_only(term):
    # Short Latin terms ("ai", "iot") occur inside unrelated words ("maintenance"); they must
    # be whole words. Korean terms are matched inside compounds, which is the point.
    return len(term) <= 3 and term.isascii()


def equivalents_in(values, equivalents):
    """The other-language terms for every glossary term (`equivalents`, from
    current_equivalents or builtin_equivalents) found in the given texts."""
    found = set()
    for value in values:
        whole = compact(value)
        if not whole:
            continue
        words = {compact(word) for word in _WORD_SEPARATORS.split(str(value))}
        for term, others in equivalents.items():
            if (term in words) if _word_match_only(term) else (term in whole):
                found.update(others)
    return sorted(found)
