"""Coordinators extend the Korean ↔ English search glossary from the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import GlossaryTerm


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "search"
    menu_label = _("Search glossary")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["korean", "english", "created_at"]
    search_fields = ["korean", "english"]


register_snippet(GlossaryTermViewSet)
