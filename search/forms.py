"""Validation of the search page's query string: anything a browser can send gives a page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import LANGUAGE_CHOICES, Organisation
from collaboration.models import CollaborationRequest, RequestKind
from search.documents import Kind
from search.text import MAX_QUERY_LENGTH, clean_query

KIND_CHOICES = [
    ("", _("Everything")),
    (Kind.PROFILE, _("People")),
    (Kind.ORGANISATION, _("Organisations")),
    (Kind.PRODUCT, _("Products")),
    (Kind.REQUEST, _("Collaboration requests")),
    (Kind.PITCH, _("Forum pitches")),
]
SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("newest", _("Newest")),
    ("name", _("Name")),
]
MAX_PAGE = 200
PAGE_SIZE = 20


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    kind = forms.ChoiceField(label=_("Show"), choices=KIND_CHOICES, required=False)
    cluster = forms.CharField(required=False, max_length=64)
    organisation_kind = forms.ChoiceField(
        label=_("Organisation type"),
        choices=[("", _("Any type")), *Organisation.Kind.choices],
        required=False,
    )
    tag = forms.CharField(required=False, max_length=100)
    region = forms.CharField(required=False, max_length=120)
    language = forms.ChoiceField(
        choices=[("", _("Any language")), *LANGUAGE_CHOICES], required=False
    )
    request_kind = forms.ChoiceField(
        label=_("Request type"), choices=[("", _("Any type")), *RequestKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *CollaborationRequest.Status.choices],
        required=False,
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def clean_q(self):
        raw = self.cleaned_data.get("q", "")
        self.truncated = len(" ".join(raw.split())) > MAX_QUERY_LENGTH
        return clean_query(raw)

    def search_parameters(self):
        """Valid fields only: an invalid filter is dropped (and reported), never a failure."""
        data = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        return {
            "q": data.get("q") or "",
            "kind": data.get("kind") or "",
            "filters": {
                "clusters": data.get("cluster") or "",
                "organisation_kind": data.get("organisation_kind") or "",
                "tags": data.get("tag") or "",
                "region": data.get("region") or "",
                "languages": data.get("language") or "",
                "request_kind": data.get("request_kind") or "",
                "status": data.get("status") or "",
            },
            "sort": data.get("sort") or "relevance",
            "page": data.get("page") or 1,
        }
