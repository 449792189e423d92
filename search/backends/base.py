"""The interface both engines implement, and the shapes they exchange with the rest of the app."""

from dataclasses import dataclass, field, fields, replace

from django.conf import settings

from search.documents import Kind
from search.text import compact, suggestion_keys

FACET_FIELDS = (
    "clusters",
    "organisation_kind",
    "tags",
    "region",
    "languages",
    "request_kind",
    "status",
)
FACET_SIZE = 12
# Ranking, the same on both engines: a term in the title counts most, then in the tags, and a
# multi-word query found as one phrase gets a little more. Ties go to the newest.
TITLE_POINTS = 3
TAG_POINTS = 2
PHRASE_POINTS = 1
# Neighbouring terms written together (SearchQuery.adjacent_pairs) are worth a title match.
PAIR_POINTS = 3


def ranks_in_titles(term):
    """Whether a term found in a title or a tag says anything: a Latin term of one or two
    letters ("bu", "an" of a Vietnamese syllable) sits inside half the names ("Gyeongbuk")."""
    return not (term.isascii() and len(term) < 3)


class SearchUnavailable(Exception):
    """The engine could not answer; callers fall back to the database engine."""


@dataclass
class SearchQuery:
    terms: list
    kinds: list = field(default_factory=list)
    filters: dict = field(default_factory=dict)
    # Audience tokens the reader belongs to; None means the reader may see everything.
    audiences: list | None = None
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20
    with_facets: bool = True

    @property
    def whole(self):
        return "".join(self.terms)

    @property
    def adjacent_pairs(self):
        """Neighbouring terms written together, for queries of three terms or more: Vietnamese
        words are several syllables ("bu lông bán dẫn" is bu lông + bán dẫn), and a document
        holding them side by side ranks above one where they lie scattered."""
        if len(self.terms) < 3:
            return []  # two terms: the whole query is the pair
        return ["".join(self.terms[i : i + 2]) for i in range(len(self.terms) - 1)]


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    subtitle: str
    url: str
    summary: str
    body: str
    tags: list
    sort_date: object = None


# What both engines read for each hit: the stored display fields.
HIT_FIELDS = tuple(f.name for f in fields(Hit))


@dataclass
class SearchResult:
    hits: list
    total: int
    kind_counts: dict = field(default_factory=dict)
    facets: dict = field(default_factory=dict)
    # How many of the best matches the facet counts come from; None when from all of them.
    facets_from: int | None = None


class SearchBackend:
    name = ""

    def index_documents(self, documents):
        raise NotImplementedError

    def delete_documents(self, keys):
        raise NotImplementedError

    def rebuild(self, documents, *, progress=None):
        raise NotImplementedError

    def stored_keys(self):
        """The keys of every document the index holds."""
        raise NotImplementedError

    def search(self, query):
        raise NotImplementedError

    def grouped(self, query, *, group_size):
        """The first page of every kind together (counts and facets) and the best `group_size`
        hits of each kind that has any: a search for the counts, then one per kind."""
        first = self.search(replace(query, limit=group_size, offset=0))
        groups = {}
        for kind in Kind.ALL:
            if first.kind_counts.get(kind):
                result = self.search(
                    replace(query, kinds=[kind], limit=group_size, offset=0, with_facets=False)
                )
                groups[kind] = result.hits
        return first, groups

    def suggest(self, prefix, *, audiences, limit=10):
        raise NotImplementedError


def pick_suggestions(rows, needle, limit):
    """The suggestion strings starting with `needle` (compact), unique, in row order."""
    seen, picked = set(), []
    for kind, values in rows:
        for value in values:
            key = compact(value)
            if not value or key in seen:
                continue
            if any(k.startswith(needle) for k in suggestion_keys(value)):
                seen.add(key)
                picked.append({"value": value, "kind": kind})
                if len(picked) >= limit:
                    return picked
    return picked


def elasticsearch_enabled():
    return bool(settings.ELASTICSEARCH_URL)
