"""The embedded engine: substring matching on compact text in the SearchEntry table.

SQLite and PostgreSQL both answer `LIKE '%term%'`; PostgreSQL gets pg_trgm GIN indexes on the
searched columns (see the migration) so that terms of three or more characters use an index.
"""

from collections import Counter
from dataclasses import replace

from django.db import connection, transaction
from django.db.models import BooleanField, Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

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
    pick_suggestions,
    ranks_in_titles,
)
from search.documents import Kind
from search.models import SearchEntry, delimited
from search.text import bigrams, compact, gram_list, suggestion_keys

# Facet counts come from the best FACET_SAMPLE matches (all of them when there are fewer):
# counting every match of a broad query costs more than the whole search budget at 50,000
# profiles. Elasticsearch counts them all.
FACET_SAMPLE = 300
_DELIMITED_FACETS = {"clusters", "languages", "tags"}
_INT = IntegerField()


def entry_from_document(document):
    return SearchEntry(
        key=document.key,
        kind=document.kind,
        object_id=document.object_id,
        title=document.title[:255],
        subtitle=document.subtitle[:255],
        url=document.url,
        summary=document.summary,
        body=document.body,
        tags=document.tags,
        clusters=delimited(document.clusters),
        organisation_kind=document.organisation_kind,
        region=document.region[:120],
        languages=delimited(document.languages),
        request_kind=document.request_kind,
        status=document.status,
        audiences=delimited(document.audiences),
        sort_date=document.sort_date,
        suggestions=document.suggestions,
        suggest_text=delimited(
            [key for value in document.suggestions if value for key in suggestion_keys(value)]
        ),
        title_text=document.title_text,
        tags_text=document.tags_text,
        tag_list=delimited(document.tags),
        text=document.text,
        grams=gram_list(document.text),
    )


_UPDATE_FIELDS = [f.name for f in SearchEntry._meta.concrete_fields if f.name not in ("id", "key")]


def _split(value):
    return [part for part in value.strip("|").split("|") if part]


def _has_grams(term):
    """Entries holding every 2-gram of `term`, found through the vendor's gram index."""
    grams = bigrams(term)
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"'{gram}'" for gram in grams)
        return Q(
            RawSQL(
                "to_tsvector('simple', grams) @@ to_tsquery('simple', %s)",
                (tsquery,),
                output_field=BooleanField(),
            )
        )
    match = " AND ".join(f'"{gram}"' for gram in grams)
    return Q(
        id__in=RawSQL(
            "SELECT rowid FROM site_search_grams WHERE site_search_grams MATCH %s", (match,)
        )
    )


class DatabaseBackend(SearchBackend):
    name = "db"

    # --- writing ----------------------------------------------------------------------------
    def index_documents(self, documents):
        entries = [entry_from_document(document) for document in documents]
        if not entries:
            return
        with transaction.atomic():
            SearchEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["key"],
                update_fields=_UPDATE_FIELDS,
                batch_size=500,
            )

    def delete_documents(self, keys):
        if keys:
            SearchEntry.objects.filter(key__in=list(keys)).delete()

    def rebuild(self, documents, *, progress=None):
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            batch = []
            for document in documents:
                batch.append(entry_from_document(document))
                if len(batch) >= 500:
                    SearchEntry.objects.bulk_create(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            SearchEntry.objects.bulk_create(batch)
            if progress and batch:
                progress(len(batch))

    def stored_keys(self):
        return set(SearchEntry.objects.values_list("key", flat=True))

    # --- reading ----------------------------------------------------------------------------
    @staticmethod
    def _visible(audiences):
        entries = SearchEntry.objects.all()
        if audiences is None:
            return entries
        condition = Q()
        for token in audiences:
            condition |= Q(audiences__contains=f"|{token}|")
        return entries.filter(condition)

    @staticmethod
    def _filtered(entries, query):
        for term in query.terms:
            if len(term) == 1:
                # One character matches the start of a name, tag or product (see search.text).
                entries = entries.filter(suggest_text__contains=f"|{term}")
            else:
                entries = entries.filter(_has_grams(term))
                if len(term) > 2:
                    # A two-character term is its own 2-gram: the index answer is exact.
                    entries = entries.filter(text__contains=term)
        if query.kinds:
            entries = entries.filter(kind__in=query.kinds)
        for name, value in query.filters.items():
            if not value:
                continue
            if name in _DELIMITED_FACETS:
                column = "tag_list" if name == "tags" else name
                entries = entries.filter(**{f"{column}__contains": f"|{value}|"})
            else:
                entries = entries.filter(**{name: value})
        return entries

    @staticmethod
    def _scored(entries, terms, pairs=()):
        def points(condition, value):
            return Case(When(condition, then=Value(value)), default=Value(0), output_field=_INT)

        score = Value(0, output_field=_INT)
        for term in filter(ranks_in_titles, terms):
            score += points(Q(title_text__contains=term), TITLE_POINTS)
            score += points(Q(tags_text__contains=term), TAG_POINTS)
        if len(terms) > 1:
            score += points(Q(text__contains="".join(terms)), PHRASE_POINTS)
        for pair in pairs:
            score += points(Q(text__contains=pair), PAIR_POINTS)
        return entries.annotate(score=score)

    def _ranked(self, query):
        """Every match of every kind in rank order, as (id, kind): the one pass both the
        search and the grouped search make."""
        every_kind = self._filtered(self._visible(query.audiences), replace(query, kinds=[]))
        ordering = {
            "newest": ["-sort_date", "key"],
            "name": ["title", "key"],
        }.get(query.sort, ["-score", "-sort_date", "key"])
        if query.sort == "relevance":
            every_kind = self._scored(every_kind, query.terms, query.adjacent_pairs)
        return list(every_kind.order_by(*ordering).values_list("id", "kind"))

    @staticmethod
    def _hits(entry_ids):
        rows = SearchEntry.objects.filter(id__in=entry_ids).values("id", *HIT_FIELDS)
        by_id = {row.pop("id"): row for row in rows}
        return {entry_id: Hit(**row) for entry_id, row in by_id.items()}

    def _result(self, query, ranked, hits, wanted):
        page_ids = wanted[query.offset : query.offset + query.limit]
        facets = self._facets(wanted[:FACET_SAMPLE]) if query.with_facets else {}
        return SearchResult(
            hits=[hits[entry_id] for entry_id in page_ids if entry_id in hits],
            total=len(wanted),
            kind_counts=dict(Counter(kind for _id, kind in ranked)),
            facets=facets,
            facets_from=FACET_SAMPLE if facets and len(wanted) > FACET_SAMPLE else None,
        )

    @staticmethod
    def _wanted(ranked, kinds):
        return [entry_id for entry_id, kind in ranked if not kinds or kind in kinds]

    def search(self, query):
        """One ranked pass over the matches of every kind (ids and kinds only) gives the kind
        counts and the page; the page's rows and the facet sample are then read by id."""
        ranked = self._ranked(query)
        wanted = self._wanted(ranked, query.kinds)
        hits = self._hits(wanted[query.offset : query.offset + query.limit])
        return self._result(query, ranked, hits, wanted)

    def grouped(self, query, *, group_size):
        """The same ranked pass serves the counts, the facets and every kind's best few, whose
        rows are read in one query: three queries whatever the number of kinds."""
        query = replace(query, limit=group_size, offset=0)
        ranked = self._ranked(query)
        wanted = self._wanted(ranked, query.kinds)
        best = {}
        for entry_id, kind in ranked:
            if len(best.setdefault(kind, [])) < group_size:
                best[kind].append(entry_id)
        hits = self._hits(wanted[:group_size] + [i for ids in best.values() for i in ids])
        groups = {
            kind: [hits[i] for i in best[kind] if i in hits] for kind in Kind.ALL if best.get(kind)
        }
        return self._result(query, ranked, hits, wanted), groups

    @staticmethod
    def _facets(entry_ids):
        columns = {name: ("tag_list" if name == "tags" else name) for name in FACET_FIELDS}
        counters = {name: Counter() for name in FACET_FIELDS}
        rows = SearchEntry.objects.filter(id__in=entry_ids).values_list(*columns.values())
        for row in rows:
            for name, value in zip(columns, row, strict=True):
                if not value:
                    continue
                values = _split(value) if name in _DELIMITED_FACETS else [value]
                counters[name].update(values)
        return {
            name: counter.most_common(FACET_SIZE) for name, counter in counters.items() if counter
        }

    def suggest(self, prefix, *, audiences, limit=10):
        needle = compact(prefix)
        if not needle:
            return []
        entries = self._visible(audiences).filter(suggest_text__contains=f"|{needle}")
        rows = entries.order_by("-sort_date", "key").values_list("kind", "suggestions")[:50]
        return pick_suggestions(rows, needle, limit)
