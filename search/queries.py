"""Searching: the configured engine first, the database engine when it cannot answer."""

import hashlib
import logging
import re
from dataclasses import dataclass, replace

from django.db.models import Q
from wagtail.models import Page

from cluster_hub import locales, page_cache
from clusters.models import Product
from search.backends.base import SearchQuery, SearchUnavailable, elasticsearch_enabled
from search.backends.database import DatabaseBackend
from search.backends.elastic import ElasticsearchBackend
from search.documents import Kind
from search.permissions import reader_audiences
from search.text import clean_query
from translations.queries import localized_text, prefetch_translations

logger = logging.getLogger(__name__)
GROUP_SIZE = 5


@dataclass
class Outcome:
    result: object
    engine: str
    degraded: bool = False


def _primary():
    if elasticsearch_enabled():
        return ElasticsearchBackend()
    return DatabaseBackend()


def _with_fallback(call):
    primary = _primary()
    try:
        return call(primary), primary.name, False
    except SearchUnavailable as error:
        logger.warning(
            "search: %s unavailable, answering from the database: %s", primary.name, error
        )
        return call(DatabaseBackend()), DatabaseBackend.name, True


def search(query: SearchQuery, *, user):
    query = replace(query, audiences=reader_audiences(user))
    result, engine, degraded = _with_fallback(lambda backend: backend.search(query))
    return Outcome(result=result, engine=engine, degraded=degraded)


def grouped(query: SearchQuery, *, user):
    """The best few of each kind, with the counts and facets of every kind."""
    query = replace(query, audiences=reader_audiences(user))
    (first, groups), engine, degraded = _with_fallback(
        lambda backend: backend.grouped(query, group_size=GROUP_SIZE)
    )
    return Outcome(result=first, engine=engine, degraded=degraded), groups, degraded


def localized_products(hits):
    """{product id: (name, description, firm)} in the reader's language for the product hits
    among `hits` (the index stores the source language's text); two queries."""
    ids = [hit.object_id for hit in hits if hit.kind == Kind.PRODUCT]
    if not ids:
        return {}
    products = Product.objects.filter(pk__in=ids).select_related("organisation")
    return {
        product.pk: (
            localized_text(product, "name"),
            localized_text(product, "description"),
            product.organisation.display_name,
        )
        for product in prefetch_translations(list(products))
    }


def suggest(prefix, *, user, limit=10):
    audiences = reader_audiences(user)
    suggestions, _engine, _degraded = _with_fallback(
        lambda backend: backend.suggest(prefix, audiences=audiences, limit=limit)
    )
    return suggestions


def pages(query, *, limit=GROUP_SIZE):
    """Live public pages in the reader's language: Wagtail's search, then a substring match
    (Wagtail's database search matches whole words only, which misses Korean compounds).
    Every reader gets the same pages for the same words, so the answer is shared until the
    content changes."""
    text = clean_query(query)
    if not text:
        return []
    locale = locales.active()
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    return page_cache.shared(
        "search-pages", lambda: _pages(text, locale, limit), locale.pk, limit, digest
    )


def _pages(text, locale, limit):
    candidates = Page.objects.live().public().filter(locale=locale)
    found = []
    # Only words reach Wagtail's backend: its query parsers have their own syntax.
    words = " ".join(re.sub(r"[\W_]+", " ", text).split())
    try:
        found = list(candidates.search(words)[:limit]) if words else []
    except Exception as error:
        logger.warning("search: page search failed, matching titles instead: %s", error)
    if not found:
        condition = Q()
        for word in text.split(" "):
            condition &= Q(title__icontains=word) | Q(search_description__icontains=word)
        found = list(candidates.filter(condition).order_by("path")[:limit])
    return found
