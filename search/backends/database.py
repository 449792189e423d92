"""The embedded engine: substring matching on compact text in the SearchEntry table.

SQLite and PostgreSQL both answer `LIKE '%term%'`; PostgreSQL gets pg_trgm GIN indexes on the
searched columns (see the migration) so that terms of three or more characters use an index.
"""

from collections import Counter
from dataclasses import replace

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When

from search.backends.base import (
    FACET_FIELDS,
    FACET_SIZE,
    PHRASE_POINTS,
    TAG_POINTS,
    TITLE_POINTS,
    Hit,
    SearchBackend,
    SearchResult,
)
from search.models import SearchEntry, delimited
from search.text import compact

# Facet counts read at most this many matching rows; beyond it they are shown as a sample.
FACET_SAMPLE = 5000
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
        suggest_text=delimited([compact(value) for value in document.suggestions if value]),
        title_text=document.title_text,
        tags_text=document.tags_text,
        tag_list=delimited(document.tags),
        text=document.text,
    )


_UPDATE_FIELDS = [f.name for f in SearchEntry._meta.concrete_fields if f.name not in ("id", "key")]


def _split(value):
    return [part for part in value.strip("|").split("|") if part]


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

    def rebuild(self, documents, *, total, progress=None):
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
    def _scored(entries, terms):
        def points(condition, value):
            return Case(When(condition, then=Value(value)), default=Value(0), output_field=_INT)

        score = Value(0, output_field=_INT)
        for term in terms:
            score += points(Q(title_text__contains=term), TITLE_POINTS)
            score += points(Q(tags_text__contains=term), TAG_POINTS)
        if len(terms) > 1:
            score += points(Q(text__contains="".join(terms)), PHRASE_POINTS)
        return entries.annotate(score=score)

    def search(self, query):
        visible = self._visible(query.audiences)
        matching = self._filtered(visible, query)
        ordering = {
            "newest": ["-sort_date", "key"],
            "name": ["title", "key"],
        }.get(query.sort, ["-score", "-sort_date", "key"])
        ranked = self._scored(matching, query.terms) if query.sort == "relevance" else matching
        rows = ranked.order_by(*ordering).values(
            "kind", "object_id", "title", "subtitle", "url", "summary", "body", "tags", "sort_date"
        )[query.offset : query.offset + query.limit]
        hits = [Hit(**row) for row in rows]
        every_kind = self._filtered(visible, replace(query, kinds=[]))
        kind_counts = dict(
            every_kind.order_by()
            .values_list("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
        total = sum(n for kind, n in kind_counts.items() if not query.kinds or kind in query.kinds)
        facets = self._facets(matching) if query.with_facets else {}
        return SearchResult(hits=hits, total=total, kind_counts=kind_counts, facets=facets)

    @staticmethod
    def _facets(matching):
        columns = {name: ("tag_list" if name == "tags" else name) for name in FACET_FIELDS}
        counters = {name: Counter() for name in FACET_FIELDS}
        for row in matching.values_list(*columns.values())[:FACET_SAMPLE]:
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


def pick_suggestions(rows, needle, limit):
    """The suggestion strings starting with `needle` (compact), unique, in row order."""
    seen, picked = set(), []
    for kind, values in rows:
        for value in values:
            key = compact(value)
            if value and key.startswith(needle) and key not in seen:
                seen.add(key)
                picked.append({"value": value, "kind": kind})
                if len(picked) >= limit:
                    return picked
    return picked
