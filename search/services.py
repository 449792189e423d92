"""Every write to the search indices: keeping them in step with the data, and rebuilding them.

The database index is always written, so it can answer when Elasticsearch cannot; an
Elasticsearch failure is logged and never breaks the save that triggered it.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q

from search import permissions
from search.backends.base import SearchUnavailable, elasticsearch_enabled
from search.backends.database import DatabaseBackend
from search.backends.elastic import ENGINE_ERRORS, ElasticsearchBackend
from search.documents import Kind, all_documents, count_documents, documents_for, indexable_keys
from search.glossary import forget_coordinator_pairs
from search.models import GlossaryTerm, SearchEntry
from search.text import compact

logger = logging.getLogger(__name__)


def engines():
    backends = [DatabaseBackend()]
    if elasticsearch_enabled():
        backends.append(ElasticsearchBackend())
    return backends


def _engine_errors():
    if not elasticsearch_enabled():
        return (SearchUnavailable,)
    return (SearchUnavailable, *ENGINE_ERRORS)


def index_objects(kind, object_ids):
    """Bring the documents of these objects up to date in every engine (or remove them)."""
    documents, gone = documents_for(kind, list(object_ids))
    for engine in engines():
        try:
            engine.index_documents(documents)
            engine.delete_documents(gone)
        except _engine_errors() as error:
            logger.warning("search: %s index update failed: %s", engine.name, error)


def rebuild_index(*, progress=None, engine_names=None):
    """Rebuild each engine's index from the database; Elasticsearch swaps its alias at the end."""
    forget_coordinator_pairs()  # a rebuild reads the glossary afresh, whatever a cache holds
    totals = {kind: count_documents(kind) for kind in Kind.ALL}
    total = sum(totals.values())
    for engine in engines():
        if engine_names and engine.name not in engine_names:
            continue
        documents = (document for kind in Kind.ALL for document in all_documents(kind))
        engine.rebuild(documents, progress=progress and progress(engine.name, total))
        # Something deleted while the rebuild streamed may have gone in from an earlier read.
        expected = set().union(*(indexable_keys(kind) for kind in Kind.ALL))
        engine.delete_documents(engine.stored_keys() - expected)
    return totals


def reindex_documents_mentioning(terms):
    """After a glossary change: re-index every document whose text holds one of these terms.

    The database index is always current, so it says which documents those are."""
    forget_coordinator_pairs()
    needles = {compact(term) for term in terms} - {""}
    if not needles:
        return
    condition = Q()
    for needle in needles:
        condition |= Q(text__contains=needle)
    by_kind = {}
    for kind, object_id in SearchEntry.objects.filter(condition).values_list("kind", "object_id"):
        by_kind.setdefault(kind, []).append(object_id)
    for kind, object_ids in by_kind.items():
        index_objects(kind, object_ids)


# --- after-commit queue ---------------------------------------------------------------------
# Saves inside one transaction are indexed together once it commits. A rolled-back
# transaction's ids are re-read at the next commit: harmless, documents come from the database.
def queue_reindex(kind, object_ids):
    pending = getattr(connection, "_search_pending", None)
    if pending is None:
        pending = connection._search_pending = {}
    pending.setdefault(kind, set()).update(object_ids)
    # robust: a failing index update is logged; the save it follows has committed already.
    transaction.on_commit(flush_reindex_queue, robust=True)


def flush_reindex_queue():
    pending = getattr(connection, "_search_pending", None) or {}
    connection._search_pending = {}
    for kind, object_ids in pending.items():
        if object_ids:
            index_objects(kind, sorted(object_ids))


# --- the glossary coordinators keep (search/wagtail_hooks.py) -------------------------------


def add_glossary_term(*, actor, korean, english):
    if not permissions.can_edit_glossary(actor):
        raise PermissionDenied
    with transaction.atomic():
        term = GlossaryTerm(korean=korean, english=english)
        term.full_clean()
        term.save()  # the signals re-index what the pair now matches
    return term


def change_glossary_term(term, *, actor, korean, english):
    if not permissions.can_edit_glossary(actor):
        raise PermissionDenied
    with transaction.atomic():
        term.korean, term.english = korean, english
        term.full_clean()
        term.save()
    return term


def delete_glossary_term(term, *, actor):
    if not permissions.can_edit_glossary(actor):
        raise PermissionDenied
    with transaction.atomic():
        term.delete()
