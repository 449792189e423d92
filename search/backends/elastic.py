"""The Elasticsearch engine: elasticsearch-dsl documents behind an alias.

Matching mirrors the database engine (see search.text): every 2-gram of every term must be a
token of the n-gram-analysed `text` field. Built from `term` queries, this behaves the same on
Elasticsearch and on osmem. Ranking uses the same points as the database engine, plus a little
from the language analyser (cjk, or nori where the plugin is installed) on the prose fields; a
phrase of words written apart is recognised by its neighbouring words (`phrases`).
"""

import logging
import re
import time

from django.conf import settings
from django.utils.module_loading import import_string
from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exceptions
from elasticsearch.helpers import BulkIndexError, bulk, scan, streaming_bulk
from elasticsearch_dsl import Date, Document, Keyword, Q, Search, Text, analyzer, tokenizer

from search.backends.base import (
    FACET_FIELDS,
    FACET_SIZE,
    HIT_FIELDS,
    PAIR_POINTS,
    PHRASE_POINTS,
    TAG_POINTS,
    TITLE_POINTS,
    Hit,
    SearchBackend,
    SearchResult,
    SearchUnavailable,
    pick_suggestions,
    ranks_in_titles,
)
from search.text import bigrams, compact, suggestion_keys

logger = logging.getLogger(__name__)

REBUILD_TIMEOUT = 300
ENGINE_ERRORS = (es_exceptions.ApiError, es_exceptions.TransportError, BulkIndexError)

grams = analyzer(
    "compact_grams",
    tokenizer=tokenizer(
        "compact_grams", "ngram", min_gram=2, max_gram=3, token_chars=["letter", "digit"]
    ),
    filter=["lowercase"],
)
prefixes = analyzer(
    "compact_prefixes",
    tokenizer=tokenizer(
        "compact_prefixes", "edge_ngram", min_gram=1, max_gram=20, token_chars=["letter", "digit"]
    ),
    filter=["lowercase"],
)


def prose_analyzer():
    return settings.ELASTICSEARCH_ANALYZER


class IndexedDocument(Document):
    kind = Keyword()
    object_id = Keyword()
    title = Text(analyzer=prose_analyzer(), fields={"raw": Keyword()})
    subtitle = Text(index=False)
    url = Keyword(index=False)
    summary = Text(analyzer=prose_analyzer())
    body = Text(analyzer=prose_analyzer())
    tags = Keyword()
    clusters = Keyword()
    organisation_kind = Keyword()
    region = Keyword()
    languages = Keyword()
    request_kind = Keyword()
    status = Keyword()
    audiences = Keyword()
    sort_date = Date()
    suggestions = Keyword(index=False)
    suggest = Text(analyzer=prefixes, search_analyzer="keyword")
    title_text = Text(analyzer=grams)
    tags_text = Text(analyzer=grams)
    text = Text(analyzer=grams)
    phrases = Keyword()

    @classmethod
    def from_document(cls, document):
        return cls(
            meta={"id": document.key},
            kind=document.kind,
            object_id=str(document.object_id),
            title=document.title,
            subtitle=document.subtitle,
            url=document.url,
            summary=document.summary,
            body=document.body,
            tags=document.tags,
            clusters=document.clusters,
            organisation_kind=document.organisation_kind or None,
            region=document.region or None,
            languages=document.languages,
            request_kind=document.request_kind or None,
            status=document.status or None,
            audiences=document.audiences,
            sort_date=document.sort_date,
            suggestions=[value for value in document.suggestions if value],
            suggest=" ".join(
                key for value in document.suggestions if value for key in suggestion_keys(value)
            ),
            title_text=document.title_text,
            tags_text=document.tags_text,
            text=document.text,
            phrases=document.phrases,
        )


_client = None


def client():
    global _client
    if _client is None:
        options = {
            "request_timeout": settings.ELASTICSEARCH_TIMEOUT,
            "max_retries": 0,
            "retry_on_timeout": False,
        }
        if settings.ELASTICSEARCH_PLAIN_JSON:
            options["node_class"] = import_string("search.transport.PlainJsonNode")
        _client = Elasticsearch(settings.ELASTICSEARCH_URL, **options)
    return _client


def reset_client():
    global _client
    _client = None


def _all_grams(field, term):
    return Q("bool", must=[Q("term", **{field: gram}) for gram in bigrams(term)])


def _matches(term):
    if len(term) == 1:
        # One character matches the start of a name, tag or product (see search.text).
        return Q("term", suggest=term)
    return _all_grams("text", term)


def _points(field, term, points):
    return Q("constant_score", filter=_all_grams(field, term), boost=points)


# Hangul, kana and Han: scripts whose compounds are written without spaces.
_COMPOUNDING = re.compile(r"[\u3040-\u30ff\u3130-\u318f\uac00-\ud7af\u4e00-\u9fff]")


def _phrase_points(phrase, points):
    """Points where the words of `phrase` (compact) stand together. The n-gram field keeps no
    usable positions (osmem ignores them in phrase queries), and in a long document every
    letter pair of a phrase is found somewhere: words written apart are matched as neighbours
    instead (`phrases`); Korean and Chinese compounds, written together, by their letter pairs."""
    if _COMPOUNDING.search(phrase):
        return _points("text", phrase, points)
    return Q("constant_score", filter=Q("term", phrases=phrase), boost=points)


class ElasticsearchBackend(SearchBackend):
    name = "es"

    def __init__(self, alias=None):
        self.alias = alias or settings.ELASTICSEARCH_INDEX

    # --- index management --------------------------------------------------------------------
    def _new_index_name(self):
        return f"{self.alias}_{time.strftime('%Y%m%d%H%M%S')}_{time.monotonic_ns() % 1_000_000}"

    def _create_index(self, name):
        IndexedDocument.init(index=name, using=client())

    @property
    def rebuilding_alias(self):
        # Points at the index a rebuild is filling, so that updates meanwhile reach it too.
        return f"{self.alias}_rebuilding"

    def _indices(self, alias):
        try:
            return sorted(client().indices.get_alias(name=alias))
        except es_exceptions.NotFoundError:
            return []

    def _current_indices(self):
        return self._indices(self.alias)

    def _write_targets(self):
        return [self.alias, *self._indices(self.rebuilding_alias)]

    def ensure_index(self):
        """Create the first versioned index behind the alias if there is none."""
        if not self._current_indices():
            name = self._new_index_name()
            self._create_index(name)
            client().indices.put_alias(index=name, name=self.alias)

    def rebuild(self, documents, *, progress=None):
        """Fill a new index, then swap the alias to it in one step and drop the old ones.

        While it fills, updates go to the old index and the new one (see _write_targets); the
        rebuild only creates documents, so it never overwrites an update made after it read
        the object. The caller removes what was deleted meanwhile (services.rebuild_index)."""
        name = self._new_index_name()
        self._create_index(name)
        client().indices.put_alias(index=name, name=self.rebuilding_alias)

        def actions():
            for document in documents:
                yield IndexedDocument.from_document(document).to_dict(include_meta=True) | {
                    "_index": name,
                    "_op_type": "create",
                }

        try:
            done = 0
            for ok, item in _streaming(actions()):
                if not ok and item["create"].get("status") != 409:  # 409: updated meanwhile
                    raise BulkIndexError("rebuild: a document was refused", [item])
                done += 1
                if progress and done % 200 == 0:
                    progress(200)
            if progress and done % 200:
                progress(done % 200)
            client().options(request_timeout=REBUILD_TIMEOUT).indices.refresh(index=name)
        except BaseException:
            client().indices.delete(index=name, ignore_unavailable=True)
            raise
        old = self._current_indices()
        swap = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        swap.append({"remove": {"index": name, "alias": self.rebuilding_alias}})
        swap.append({"add": {"index": name, "alias": self.alias}})
        client().indices.update_aliases(actions=swap)
        for index in old:
            client().indices.delete(index=index, ignore_unavailable=True)
        return name

    def index_documents(self, documents):
        if not documents:
            return
        self.ensure_index()
        sources = [
            IndexedDocument.from_document(document).to_dict(include_meta=True)
            for document in documents
        ]
        actions = [
            source | {"_index": target} for target in self._write_targets() for source in sources
        ]
        bulk(client(), actions, refresh=True)

    def delete_documents(self, keys):
        if not keys:
            return
        actions = [
            {"_op_type": "delete", "_index": target, "_id": key}
            for target in self._write_targets()
            for key in keys
        ]
        bulk(client(), actions, refresh=True, raise_on_error=False)

    def stored_keys(self):
        hits = scan(client(), index=self.alias, query={"_source": False}, size=1000)
        return {hit["_id"] for hit in hits}

    # --- reading -----------------------------------------------------------------------------
    def _base(self, query):
        """Matching and ranking for every kind; the kind itself is a post-filter (see search)."""
        filters = [_matches(term) for term in query.terms]
        if query.audiences is not None:
            filters.append(Q("terms", audiences=list(query.audiences)))
        for name, value in query.filters.items():
            if value:
                filters.append(Q("term", **{name: value}))
        should = []
        for term in filter(ranks_in_titles, query.terms):
            should.append(_points("title_text", term, TITLE_POINTS))
            should.append(_points("tags_text", term, TAG_POINTS))
        if len(query.terms) > 1:
            should.append(_phrase_points(query.whole, PHRASE_POINTS))
        for pair in query.adjacent_pairs:
            should.append(_phrase_points(pair, PAIR_POINTS))
        if query.terms:
            should.append(
                Q(
                    "multi_match",
                    query=" ".join(query.terms),
                    fields=["title", "summary", "body"],
                    boost=0.1,
                )
            )
        return Q("bool", filter=filters, should=should)

    def search(self, query):
        """One request: the matches of every kind give the per-kind counts; the chosen kinds are
        a post-filter on the hits and a filter on the facets."""
        search = Search(using=client(), index=self.alias).query(self._base(query))
        search = search.source(list(HIT_FIELDS))
        search = search.sort(
            *{
                "newest": [{"sort_date": "desc"}, {"_id": "asc"}],
                "name": [{"title.raw": "asc"}, {"_id": "asc"}],
            }.get(query.sort, ["_score", {"sort_date": "desc"}, {"_id": "asc"}])
        )
        search = search.extra(track_total_hits=True)[query.offset : query.offset + query.limit]
        search.aggs.bucket("kinds", "terms", field="kind", size=10)
        facet_parent = search.aggs
        if query.kinds:
            in_kinds = Q("terms", kind=list(query.kinds))
            search = search.post_filter(in_kinds)
            facet_parent = search.aggs.bucket("in_kinds", "filter", filter=in_kinds)
        if query.with_facets:
            for name in FACET_FIELDS:
                facet_parent.bucket(name, "terms", field=name, size=FACET_SIZE)
        try:
            response = search.execute()
        except ENGINE_ERRORS as error:
            raise SearchUnavailable(str(error)) from error
        hits = [
            Hit(
                kind=hit.kind,
                object_id=int(hit.object_id),
                title=hit.title,
                subtitle=getattr(hit, "subtitle", ""),
                url=hit.url,
                summary=getattr(hit, "summary", ""),
                body=getattr(hit, "body", ""),
                tags=list(getattr(hit, "tags", [])),
                sort_date=getattr(hit, "sort_date", None),
            )
            for hit in response
        ]
        aggregations = response.aggregations
        facet_results = aggregations.in_kinds if query.kinds else aggregations
        facets = {}
        if query.with_facets:
            for name in FACET_FIELDS:
                buckets = getattr(facet_results, name).buckets
                if buckets:
                    facets[name] = [(bucket.key, bucket.doc_count) for bucket in buckets]
        kind_counts = {b.key: b.doc_count for b in aggregations.kinds.buckets}
        return SearchResult(
            hits=hits, total=response.hits.total.value, kind_counts=kind_counts, facets=facets
        )

    def suggest(self, prefix, *, audiences, limit=10):
        needle = compact(prefix)
        if not needle:
            return []
        filters = [Q("term", suggest=needle[:20])]
        if audiences is not None:
            filters.append(Q("terms", audiences=list(audiences)))
        search = (
            Search(using=client(), index=self.alias)
            .query(Q("bool", filter=filters))
            .sort({"sort_date": "desc"}, {"_id": "asc"})
            .source(["kind", "suggestions"])[:50]
        )
        try:
            response = search.execute()
        except ENGINE_ERRORS as error:
            raise SearchUnavailable(str(error)) from error
        rows = [(hit.kind, list(getattr(hit, "suggestions", []))) for hit in response]
        return pick_suggestions(rows, needle, limit)


def _streaming(actions):
    # A rebuild's bulk requests may take longer than the search timeout; the caller looks at
    # each item's outcome.
    yield from streaming_bulk(
        client().options(request_timeout=REBUILD_TIMEOUT),
        actions,
        chunk_size=500,
        raise_on_error=False,
    )
