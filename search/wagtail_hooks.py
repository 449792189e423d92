"""Coordinators extend the Korean ↔ English search glossary from the Wagtail admin, through
`search.services` like every other entry point."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cluster_hub.wagtail_admin import service_views
from search import permissions, services
from search.models import GlossaryTerm


def _pair(form):
    return {"korean": form.cleaned_data["korean"], "english": form.cleaned_data["english"]}


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "search"
    menu_label = _("Search glossary")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["korean", "english", "created_at"]
    search_fields = ["korean", "english"]


for _name, _view in service_views(
    GlossaryTermViewSet,
    create=lambda *, actor, form: services.add_glossary_term(actor=actor, **_pair(form)),
    update=lambda term, *, actor, form: services.change_glossary_term(
        term, actor=actor, **_pair(form)
    ),
    delete=lambda term, *, actor: services.delete_glossary_term(term, actor=actor),
    may_edit=lambda user, term: permissions.can_edit_glossary(user),
).items():
    setattr(GlossaryTermViewSet, _name, _view)

register_snippet(GlossaryTermViewSet)
