"""Compact text: how every keyword filter and the search match words.

Korean is written with and without spaces ("3D 프린팅", "3D프린팅"). A query is split into terms,
each compacted (NFKC, lower case, spaces and punctuation removed), and a record matches when
every term is a substring of its compacted text. The site search (search/) indexes that text;
the directory, request and equipment filters compare against fields compacted in SQL by
`keyword_condition`, so the same words find the same records in both.
"""

import re
import unicodedata
from functools import reduce

from django.db.models import Q, TextField, Value
from django.db.models.functions import Lower, Replace
from django.db.models.lookups import Contains
from django.utils.text import slugify

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def compact(text):
    """Lower-case NFKC text with every space and punctuation mark removed."""
    if not text:
        return ""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(text)).lower())


def compact_values(values):
    """Each value compacted on its own, joined by spaces so no 2-gram spans two values."""
    return " ".join(filter(None, (compact(value) for value in values)))


def clean_query(raw):
    """The query as a user means it: NFKC, single-spaced, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def query_terms(query):
    """The compact terms a query asks for; punctuation-only words fall away, duplicates too."""
    terms = []
    for word in clean_query(query).split(" "):
        term = compact(word)
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


# The separators people put inside the words they type; SQL removes them from the fields, as
# `compact` removes every one of them from the terms.
SQL_SEPARATORS = (" ", "-", ".", "·", "/", ",", "(", ")", "_", "&", "'", '"', ":", "+", "\n", "\t")


def compacted(field):
    """A SQL expression of `field` lower-cased without the usual separators."""
    text = TextField()
    expression = Lower(field, output_field=text)
    for separator in SQL_SEPARATORS:
        expression = Replace(
            expression,
            Value(separator, output_field=text),
            Value("", output_field=text),
            output_field=text,
        )
    return expression


def keyword_condition(query, fields):
    """A Q: every term of `query` is found in (the compacted text of) one of `fields`.
    None when the query has no terms."""
    terms = query_terms(query)
    if not terms:
        return None
    return reduce(
        lambda both, term: (
            both
            & reduce(
                lambda either, field: either | Q(Contains(compacted(field), term)), fields, Q()
            )
        ),
        terms,
        Q(),
    )


def tag_condition(relation, tag):
    """A Q: the record has the tag `tag` under `relation` ("tags", "expertise"), named the way
    people type it ("heating element", "Heating Element") or as its slug ("heating-element")."""
    return (
        Q(**{f"{relation}__slug": tag})
        | Q(**{f"{relation}__name__iexact": tag})
        | Q(**{f"{relation}__slug": slugify(tag, allow_unicode=True)})
    )
