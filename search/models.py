"""The database engine's index: one row per indexed document (see search.documents).

It is always kept up to date, also when Elasticsearch is configured, so searches fall back to
it when Elasticsearch cannot be reached. A term is looked up in an inverted index of 2-grams
(SQLite FTS5, PostgreSQL GIN over a tsvector), then confirmed as a substring of `text`.
List fields that are filtered on are stored as "|a|b|" so that one `contains` lookup works on
SQLite and PostgreSQL alike.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from search.term_pairs import TERM_PAIRS
from search.text import compact


def delimited(values):
    return "|" + "|".join(values) + "|" if values else ""


class SearchEntry(models.Model):
    key = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, db_index=True)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=255)
    subtitle = models.CharField(max_length=255, blank=True)
    url = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    tags = models.JSONField(default=list)
    clusters = models.TextField(blank=True)
    organisation_kind = models.CharField(max_length=20, blank=True)
    region = models.CharField(max_length=120, blank=True)
    languages = models.CharField(max_length=60, blank=True)
    request_kind = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=20, blank=True)
    audiences = models.TextField()
    sort_date = models.DateTimeField(db_index=True)
    suggestions = models.JSONField(default=list)
    suggest_text = models.TextField(blank=True)
    title_text = models.TextField(blank=True)
    tags_text = models.TextField(blank=True)
    tag_list = models.TextField(blank=True)
    text = models.TextField()
    # Every 2-gram of `text`, space-separated: what the gram index (migration 0002) holds.
    grams = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return self.key


class GlossaryTerm(models.Model):
    """A Korean ↔ English pair coordinators add to the built-in glossary (search.glossary)."""

    korean = models.CharField(_("Korean"), max_length=80)
    english = models.CharField(_("English"), max_length=80)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("search glossary")
        ordering = ["korean", "english"]
        constraints = [
            models.UniqueConstraint(fields=["korean", "english"], name="unique_glossary_pair")
        ]

    def __str__(self):
        return f"{self.korean} ↔ {self.english}"

    def clean(self):
        self.korean, self.english = self.korean.strip(), self.english.strip()
        errors = {}
        for name in ("korean", "english"):
            if getattr(self, name) and not compact(getattr(self, name)):
                errors[name] = _("Use letters or digits; punctuation alone matches nothing.")
        if not errors and compact(self.korean) == compact(self.english):
            errors["english"] = _("The two terms are the same; a pair needs two ways of saying it.")
        pair = (compact(self.korean), compact(self.english))
        if not errors and pair in {(compact(ko), compact(en)) for ko, en in TERM_PAIRS}:
            errors["english"] = _("This pair is already in the built-in glossary.")
        if errors:
            raise ValidationError(errors)
