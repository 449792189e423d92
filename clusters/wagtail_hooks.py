"""Coordinators manage organisations, profiles and roles from the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from clusters.models import ClusterRole, MemberProfile, Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "industrial_complex", "size_band"]
    list_filter = ["kind", "size_band"]
    search_fields = ["name", "name_en"]


class MemberProfileViewSet(SnippetViewSet):
    model = MemberProfile
    icon = "user"
    menu_label = _("Member profiles")
    list_display = ["full_name", "organisation", "title", "membership_confirmed"]
    list_filter = ["membership_confirmed", "is_listed"]
    search_fields = ["full_name", "title"]


class ClusterRoleViewSet(SnippetViewSet):
    model = ClusterRole
    icon = "key"
    menu_label = _("Roles")
    list_display = ["user", "kind", "cluster"]
    list_filter = ["kind"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, MemberProfileViewSet, ClusterRoleViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Directory")
    menu_name = "directory"


register_snippet(DirectoryViewSetGroup)
