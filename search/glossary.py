"""Korean ↔ English expertise vocabulary, so tags and text in either language meet.

Engines' synonym filters differ (and osmem has none), so equivalents are added to a document's
searchable text when it is indexed: a profile tagged "탄소섬유" is also found by "carbon fibre",
and one tagged "3D printing" by "3D프린팅". Matching is on compact text (see `search.text`).
"""

import re
from functools import lru_cache

from django.core.cache import cache

from search.text import compact

_WORD_SEPARATORS = re.compile(r"[\W_]+")

TERM_PAIRS = [
    # Carbon parts & materials
    ("탄소섬유", "carbon fibre"),
    ("탄소섬유", "carbon fiber"),
    ("복합소재", "composite materials"),
    ("발열체", "heating element"),
    ("경량화", "lightweighting"),
    ("탄소", "carbon"),
    # IT convergence
    ("스마트공장", "smart factory"),
    ("임베디드 소프트웨어", "embedded software"),
    ("사물인터넷", "IoT"),
    ("인공지능", "AI"),
    ("머신비전", "machine vision"),
    # High-efficiency energy
    ("이차전지", "secondary battery"),
    ("배터리", "battery"),
    ("전력변환", "power conversion"),
    ("태양광", "solar power"),
    ("에너지관리", "energy management"),
    # Smart devices
    ("센서", "sensor"),
    ("디스플레이", "display"),
    ("모바일 부품", "mobile components"),
    ("웨어러블", "wearables"),
    # 3D printing
    ("3D프린팅", "3D printing"),
    ("적층제조", "additive manufacturing"),
    ("시제품 제작", "prototyping"),
    ("3D 스캐닝", "3D scanning"),
    # Agri-bio convergence
    ("스마트팜", "smart farm"),
    ("기능성 식품", "functional food"),
    ("농업용 전기차", "agricultural EV"),
    ("바이오소재", "biomaterials"),
    # Industry-academia convergence
    ("산학협력", "industry-academia collaboration"),
    ("산학연", "industry-academia-research"),
    ("인재양성", "workforce training"),
    ("공동연구", "joint R&D"),
    ("기술이전", "technology transfer"),
    # Rural industrial complexes and micro-manufacturers
    ("일감나누기", "work sharing"),
    ("판로개척", "sales channels"),
    ("정밀가공", "precision machining"),
    ("금형", "moulds and dies"),
    ("공용장비", "shared equipment"),
    ("기술교류", "technology exchange"),
    ("수출", "export"),
    ("투자유치", "investment attraction"),
]


# Coordinators' pairs (GlossaryTerm) live in the shared cache, so every process sees a change
# as soon as it commits; the cache is emptied after each change (search.signals).
COORDINATOR_PAIRS_CACHE_KEY = "search:glossary:coordinator-pairs"


@lru_cache(maxsize=8)
def _build_equivalents(extra_pairs):
    equivalents = {}
    for korean, english in (*TERM_PAIRS, *extra_pairs):
        ko, en = compact(korean), compact(english)
        equivalents.setdefault(ko, set()).add(english)
        equivalents.setdefault(en, set()).add(korean)
    return {term: sorted(values) for term, values in equivalents.items()}


def coordinator_pairs():
    pairs = cache.get(COORDINATOR_PAIRS_CACHE_KEY)
    if pairs is None:
        from search.models import GlossaryTerm

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
