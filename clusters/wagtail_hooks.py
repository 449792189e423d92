"""Coordinators manage organisations, profiles and roles from the Wagtail admin.

The admin is one more entry point: its create, edit and delete views validate with Wagtail's
forms and then change state through `clusters.services`, like every other view, so the same
permission checks and side effects apply (a role assigned here grants admin access; a
coordinator edits only the organisations of their own clusters)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cluster_hub.wagtail_admin import service_views
from clusters import permissions, queries, services
from clusters.models import ClusterRole, MemberProfile, Organisation

# --- organisations ---------------------------------------------------------------------------


def _organisation_fields(form):
    return {
        name: value
        for name, value in form.cleaned_data.items()
        if name in services.ORGANISATION_FIELDS
    }


def _create_organisation(*, actor, form):
    logo = form.cleaned_data.get("logo")
    return services.create_organisation(
        actor=actor,
        tags=form.cleaned_data.get("tags") or (),
        logo=logo or None,
        **_organisation_fields(form),
    )


def _update_organisation(organisation, *, actor, form):
    logo = form.cleaned_data.get("logo")
    return services.update_organisation(
        organisation,
        actor=actor,
        tags=form.cleaned_data.get("tags") or (),
        logo=logo if logo and "logo" in form.changed_data else None,
        clear_logo=logo is False,
        **_organisation_fields(form),
    )


def coordinated_organisations(user, queryset):
    """The organisations `user` coordinates (all of them for coordinators of all clusters)."""
    ids = queries.coordinated_organisation_ids(user)
    return queryset if ids is None else queryset.filter(pk__in=ids)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "industrial_complex", "size_band"]
    list_filter = ["kind", "size_band"]
    search_fields = ["name", "name_en"]

    def get_queryset(self, request):
        return coordinated_organisations(request.user, Organisation.objects.all())


for _name, _view in service_views(
    SnippetViewSet,
    create=_create_organisation,
    update=_update_organisation,
    delete=services.delete_organisation,
    may_edit=permissions.coordinates_organisation,
).items():
    setattr(OrganisationViewSet, _name, _view)


# --- member profiles -------------------------------------------------------------------------

PROFILE_FORM_FIELDS = (*services.PROFILE_FIELDS, *services.PROFILE_ADMIN_FIELDS)


def _profile_fields(form):
    return {name: value for name, value in form.cleaned_data.items() if name in PROFILE_FORM_FIELDS}


def _create_profile(*, actor, form):
    if not permissions.is_coordinator_of_all(actor):
        raise PermissionDenied
    profile = services.create_profile(user=form.cleaned_data["user"])
    return services.update_profile_as_coordinator(
        profile,
        actor=actor,
        expertise=form.cleaned_data.get("expertise") or (),
        **_profile_fields(form),
    )


def _update_profile(profile, *, actor, form):
    return services.update_profile_as_coordinator(
        profile,
        actor=actor,
        expertise=form.cleaned_data.get("expertise") or (),
        **_profile_fields(form),
    )


def _may_edit_profile(user, profile):
    return permissions.is_coordinator_of_all(user) or (
        profile.organisation is not None
        and permissions.coordinates_organisation(user, profile.organisation)
    )


class MemberProfileViewSet(SnippetViewSet):
    model = MemberProfile
    icon = "user"
    menu_label = _("Member profiles")
    list_display = ["full_name", "organisation", "title", "membership_confirmed"]
    list_filter = ["membership_confirmed", "is_listed"]
    search_fields = ["full_name", "title"]


for _name, _view in service_views(
    SnippetViewSet,
    create=_create_profile,
    update=_update_profile,
    delete=services.delete_profile,
    may_edit=_may_edit_profile,
).items():
    setattr(MemberProfileViewSet, _name, _view)


# --- roles -------------------------------------------------------------------------------------


def _role_values(form):
    data = form.cleaned_data
    return {"user": data["user"], "kind": data["kind"], "cluster": data.get("cluster")}


class ClusterRoleViewSet(SnippetViewSet):
    model = ClusterRole
    icon = "key"
    menu_label = _("Roles")
    list_display = ["user", "kind", "cluster"]
    list_filter = ["kind"]


for _name, _view in service_views(
    SnippetViewSet,
    create=lambda *, actor, form: services.assign_role(actor=actor, **_role_values(form)),
    update=lambda role, *, actor, form: services.change_role(
        role, actor=actor, **_role_values(form)
    ),
    delete=services.revoke_role,
    may_edit=lambda user, role: permissions.is_coordinator_of_all(user),
).items():
    setattr(ClusterRoleViewSet, _name, _view)


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, MemberProfileViewSet, ClusterRoleViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Directory")
    menu_name = "directory"


register_snippet(DirectoryViewSetGroup)
