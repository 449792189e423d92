import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cluster_hub import locales
from clusters.models import LANGUAGE_CHOICES, Organisation
from clusters.queries import localized_cluster_titles
from collaboration.models import CollaborationRequest, RequestKind
from search import queries
from search.backends.base import SearchQuery
from search.documents import Kind
from search.forms import KIND_CHOICES, PAGE_SIZE, SORT_CHOICES, SearchForm
from search.text import compact, highlight, query_terms


@dataclass
class DisplayHit:
    kind: str
    kind_label: str
    title: str
    subtitle: str
    url: str
    snippet: str
    tags: list


@lru_cache(maxsize=8192)
def localize_url(url, language):
    """A URL stored in the default language, in `language` (unchanged when it is not ours).
    Remembered: it depends on the URLconf alone, and a results page asks it for every hit."""
    try:
        with translation.override(settings.LANGUAGE_CODE):
            match = resolve(url)
        with translation.override(language):
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except (Resolver404, NoReverseMatch):
        return url


def _display(hit, terms, kind_labels, localized=None):
    """`localized`: (title, summary, subtitle) in the reader's language where the stored text
    is not."""
    url = localize_url(hit.url, get_language())
    if localized:
        title, summary, subtitle = localized
        hit = replace(hit, title=title or hit.title, summary=summary, subtitle=subtitle)
    snippet = ""
    for text in (hit.summary, hit.body, hit.subtitle):
        snippet = highlight(text, terms)
        if snippet:
            break
    if not snippet and hit.summary:
        snippet = escape(Truncator(hit.summary).chars(160))
    tags = [
        {"name": tag, "matched": any(term in compact(tag) for term in terms)} for tag in hit.tags
    ]
    return DisplayHit(
        kind=hit.kind,
        kind_label=kind_labels.get(hit.kind, hit.kind),
        # highlight() and escape() both return escaped HTML.
        title=mark_safe(highlight(hit.title, terms, width=300) or escape(hit.title)),  # noqa: S308
        subtitle=hit.subtitle,
        url=url,
        snippet=mark_safe(snippet),  # noqa: S308
        tags=tags,
    )


def _displayed(hits, terms, kind_labels):
    localized = queries.localized_products(hits)
    return [
        _display(
            hit,
            terms,
            kind_labels,
            localized.get(hit.object_id) if hit.kind == Kind.PRODUCT else None,
        )
        for hit in hits
    ]


def _facet_labels():
    return {
        "clusters": {
            str(key): title for key, title in localized_cluster_titles(locales.active()).items()
        },
        "organisation_kind": dict(Organisation.Kind.choices),
        "languages": dict(LANGUAGE_CHOICES),
        "request_kind": dict(RequestKind.choices),
        "status": dict(CollaborationRequest.Status.choices),
    }


FACET_PARAMETERS = {
    "clusters": "cluster",
    "organisation_kind": "organisation_kind",
    "tags": "tag",
    "region": "region",
    "languages": "language",
    "request_kind": "request_kind",
    "status": "status",
}


def _facet_groups(facets, params):
    headings = {
        "clusters": _("Mini-cluster"),
        "organisation_kind": _("Organisation type"),
        "tags": _("Expertise"),
        "region": _("Industrial complex"),
        "languages": _("Languages spoken"),
        "request_kind": _("Request type"),
        "status": _("Request status"),
    }
    labels = _facet_labels()
    groups = []
    for name, buckets in facets.items():
        parameter = FACET_PARAMETERS[name]
        current = params.get(parameter, "")
        options = []
        for value, count in buckets:
            selected = value == current
            changed = {k: v for k, v in params.items() if v and k != "page"}
            if selected:
                changed.pop(parameter, None)
            else:
                changed[parameter] = value
            options.append(
                {
                    "label": labels.get(name, {}).get(value, value),
                    "count": count,
                    "selected": selected,
                    "url": "?" + urlencode(changed),
                }
            )
        groups.append({"name": name, "heading": headings[name], "options": options})
    return groups


def _results_key(result, raw_groups, pages, degraded):
    """What the results part of the page shows besides the query (its URL), the language and
    the content generation: the hits this reader may see, with their stored text (the index is
    written after the change that bumps the generation), the counts and facets. Readers who see
    the same results share one rendering of them."""
    shown = (
        [(kind, hits) for kind, hits in raw_groups.items()]
        if raw_groups is not None
        else result.hits
    )
    identity = (
        result.total,
        sorted(result.kind_counts.items()),
        sorted(result.facets.items()),
        result.facets_from,
        degraded,
        shown,
        [(page.pk, page.title, page.search_description, page.url_path) for page in pages],
    )
    return hashlib.sha256(repr(identity).encode()).hexdigest()


@require_GET
def search_page(request):
    form = SearchForm(request.GET or None)
    kind_labels = dict(KIND_CHOICES)
    context = {"form": form, "kind_choices": KIND_CHOICES[1:], "sort_choices": SORT_CHOICES}
    if not request.GET:
        return render(request, "search/search.html", context)
    form.is_valid()
    if form.errors:
        messages.warning(request, _("Some filters were not valid and were left out."))
    params = form.search_parameters()
    if getattr(form, "truncated", False):
        messages.info(
            request, _("Your search was long, so only its first 200 characters were used.")
        )
    raw_q = request.GET.get("q", "")
    terms = query_terms(params["q"])
    filters = {name: value for name, value in params["filters"].items() if value}
    if raw_q.strip() and not terms:
        context["no_terms"] = True
        return render(request, "search/search.html", context)
    if not terms and not filters and not params["kind"]:
        return render(request, "search/search.html", context)
    query = SearchQuery(
        terms=terms,
        kinds=[params["kind"]] if params["kind"] else [],
        filters=filters,
        sort=params["sort"],
        offset=(params["page"] - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    query_params = {
        "q": params["q"],
        "kind": params["kind"],
        "sort": params["sort"] if params["sort"] != "relevance" else "",
        **{FACET_PARAMETERS[name]: value for name, value in filters.items()},
    }
    # The results are displayed (highlighted, linked) only when their fragment is not cached.
    if params["kind"]:
        outcome = queries.search(query, user=request.user)
        raw_groups = None
        degraded = outcome.degraded
        groups = []
        hits = SimpleLazyObject(lambda: _displayed(outcome.result.hits, terms, kind_labels))
    else:
        outcome, raw_groups, degraded = queries.grouped(query, user=request.user)
        groups = SimpleLazyObject(
            lambda: [
                {
                    "kind": kind,
                    "label": kind_labels[kind],
                    "count": outcome.result.kind_counts.get(kind, 0),
                    "hits": _displayed(hits, terms, kind_labels),
                    "more_url": "?"
                    + urlencode({k: v for k, v in {**query_params, "kind": kind}.items() if v}),
                }
                for kind, hits in raw_groups.items()
            ]
        )
        hits = []
    total = outcome.result.total
    page = params["page"]
    base_params = {k: v for k, v in query_params.items() if v}
    found_pages = queries.pages(params["q"]) if terms and not params["kind"] and not filters else []
    context.update(
        {
            "searched": True,
            "query": params["q"],
            "kind": params["kind"],
            "sort": params["sort"],
            "terms": terms,
            "total": total,
            "hits": hits,
            "grouped": raw_groups is not None,
            "groups": groups,
            "pages": found_pages,
            "results_seconds": settings.PAGE_CACHE_SECONDS,
            "results_key": _results_key(outcome.result, raw_groups, found_pages, degraded),
            "kind_tabs": [
                {
                    "kind": kind,
                    "label": label,
                    "count": outcome.result.kind_counts.get(kind, 0),
                    "url": "?"
                    + urlencode(
                        {**base_params, "kind": kind}
                        if kind
                        else {k: v for k, v in base_params.items() if k != "kind"}
                    ),
                    "active": kind == params["kind"],
                }
                for kind, label in KIND_CHOICES
            ],
            "all_count": sum(outcome.result.kind_counts.values()),
            "facet_groups": SimpleLazyObject(
                lambda: _facet_groups(outcome.result.facets, base_params)
            ),
            "facets_from": outcome.result.facets_from,
            "degraded": degraded,
            "engine": outcome.engine,
            "page": page,
            "has_previous": page > 1,
            "has_next": params["kind"] and page * PAGE_SIZE < total,
            "previous_url": "?" + urlencode({**base_params, "page": page - 1}),
            "next_url": "?" + urlencode({**base_params, "page": page + 1}),
            "page_count": max(1, -(-total // PAGE_SIZE)),
        }
    )
    return render(request, "search/search.html", context)


@require_GET
def suggest(request):
    prefix = request.GET.get("q", "")[:100]
    if not compact(prefix):
        return JsonResponse({"suggestions": []})
    labels = dict(KIND_CHOICES)
    suggestions = [
        {**item, "label": str(labels.get(item["kind"], ""))}
        for item in queries.suggest(prefix, user=request.user)
    ]
    return JsonResponse({"suggestions": suggestions})
