from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cluster_hub import locales, page_cache
from cluster_hub.pages import localized_page_url, page_context
from cluster_hub.panels import register_link
from clusters import permissions, queries, services
from clusters.forms import (
    DirectoryFilterForm,
    OrganisationForm,
    PersonalTokenForm,
    ProductFormSet,
    ProfileForm,
)
from clusters.models import (
    MemberProfile,
    MiniClusterIndexPage,
    MiniClusterPage,
    Organisation,
    PersonalToken,
)
from translations.queries import prefetch_translations, with_translations

PAGE_SIZE = 24


@page_context(MiniClusterIndexPage)
def cluster_index_context(request, page):
    return {"clusters": queries.cluster_pages_with_counts(page.locale)}


@page_context(MiniClusterPage)
def cluster_page_context(request, page):
    # Read only when the page's shared fragment is missing; a preview shows its draft, unshared.
    return {
        "fragment_seconds": page_cache.fragment_seconds(request),
        "organisations": SimpleLazyObject(
            lambda: prefetch_translations(list(queries.organisations_in_cluster(page)))
        ),
    }


register_link("clusters", lambda: localized_page_url(MiniClusterIndexPage))


def _paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def profile_directory(request):
    form = DirectoryFilterForm(request.GET, locale=locales.active_or_default())
    profiles = queries.profile_directory(**form.filters())
    return render(
        request,
        "clusters/profile_directory.html",
        {
            "form": form,
            "page_obj": with_translations(_paginate(request, profiles)),
            "query_string": _query_without_page(request),
        },
    )


def organisation_directory(request):
    form = DirectoryFilterForm(request.GET, locale=locales.active_or_default())
    organisations = queries.organisation_directory(**form.filters())
    return render(
        request,
        "clusters/organisation_directory.html",
        {
            "form": form,
            # The same cards for every reader: read only when the shared fragment is missing.
            "page_obj": SimpleLazyObject(
                lambda: with_translations(_paginate(request, organisations))
            ),
            "shared_results_seconds": settings.PAGE_CACHE_SECONDS,
            "query_string": _query_without_page(request),
        },
    )


def profile_detail(request, pk):
    profile = get_object_or_404(MemberProfile.objects.select_related("organisation", "user"), pk=pk)
    hidden = not profile.is_listed
    if hidden and not (
        permissions.can_edit_profile(request.user, profile)
        or permissions.is_coordinator(request.user)
    ):
        raise PermissionDenied
    return render(
        request,
        "clusters/profile_detail.html",
        {
            "profile": profile,
            "can_edit": permissions.can_edit_profile(request.user, profile),
            "can_see_contact": permissions.can_see_contact(request.user, profile),
        },
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    prefetch_translations([organisation])

    def products():
        return prefetch_translations(list(organisation.products.all()))

    # The page below its header is the same for every reader: these are read only when its
    # shared fragment is missing.
    return render(
        request,
        "clusters/organisation_detail.html",
        {
            "organisation": organisation,
            "products": SimpleLazyObject(products),
            "people": SimpleLazyObject(
                lambda: prefetch_translations(list(queries.people_of(organisation)))
            ),
            "clusters": SimpleLazyObject(
                lambda: [locales.localized(page) for page in organisation.clusters.all()]
            ),
            "fragment_seconds": page_cache.fragment_seconds(request),
            "can_edit": permissions.can_edit_organisation(request.user, organisation),
        },
    )


@login_required
def my_profile_edit(request):
    profile = services.create_profile(user=request.user)
    return redirect("clusters:profile_edit", pk=profile.pk)


@login_required
def profile_edit(request, pk):
    profile = get_object_or_404(MemberProfile, pk=pk)
    if not permissions.can_edit_profile(request.user, profile):
        raise PermissionDenied
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            services.update_profile(
                profile,
                actor=request.user,
                organisation=data.pop("organisation"),
                expertise=data.pop("expertise"),
                **data,
            )
            messages.success(request, _("Your profile has been saved."))
            return redirect(profile.get_absolute_url())
        messages.error(request, _("Please correct the errors below."))
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(profile))
    return render(request, "clusters/profile_edit.html", {"form": form, "profile": profile})


@login_required
def organisation_edit(request, slug):
    organisation = get_object_or_404(Organisation.objects.prefetch_related("tags"), slug=slug)
    if not permissions.can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    if request.method == "POST":
        form = OrganisationForm(request.POST, request.FILES, instance=organisation)
        products = ProductFormSet(request.POST, prefix="products")
        if form.is_valid() and products.is_valid():
            data = dict(form.cleaned_data)
            logo = data.pop("logo", None)
            services.update_organisation(
                organisation,
                actor=request.user,
                tags=data.pop("tags"),
                logo=logo or None,
                clear_logo=logo is False,
                products=[
                    (row["name"], row.get("description", ""))
                    for row in products.cleaned_data
                    if row and not row.get("DELETE")
                ],
                **data,
            )
            messages.success(request, _("The organisation has been saved."))
            return redirect(organisation.get_absolute_url())
        # A failed save must not leave the in-memory instance half-updated for the template.
        organisation.refresh_from_db()
        messages.error(request, _("Please correct the errors below."))
    else:
        form = OrganisationForm(
            instance=organisation,
            initial={"tags": list(organisation.tags.all())},
        )
        products = ProductFormSet(
            prefix="products",
            initial=[
                {"name": product.name, "description": product.description}
                for product in organisation.products.all()
            ],
        )
    return render(
        request,
        "clusters/organisation_edit.html",
        {
            "form": form,
            "products": products,
            "organisation": organisation,
            "pending": queries.pending_members(organisation),
        },
    )


@login_required
@require_POST
def membership_decide(request, slug, profile_pk):
    organisation = get_object_or_404(Organisation.objects.prefetch_related("tags"), slug=slug)
    profile = get_object_or_404(MemberProfile, pk=profile_pk, organisation=organisation)
    if not permissions.can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    if request.POST.get("decision") == "confirm":
        services.confirm_member(profile, actor=request.user)
        messages.success(request, _("%(name)s is now a member.") % {"name": profile.full_name})
    else:
        services.decline_member(profile, actor=request.user)
        messages.info(request, _("The request was declined."))
    return redirect("clusters:organisation_edit", slug=organisation.slug)


@login_required
def dashboard(request):
    profile = services.create_profile(user=request.user)
    organisation = profile.organisation
    join_requests = (
        queries.pending_members(organisation).count()
        if organisation and permissions.can_edit_organisation(request.user, organisation)
        else 0
    )
    return render(
        request,
        "clusters/dashboard.html",
        {
            "profile": profile,
            "roles": permissions.role_names(request.user),
            "join_requests": join_requests,
        },
    )


@login_required
def personal_tokens(request):
    """Personal tokens for the API and the live socket: made here, shown once, revoked here."""
    created = None
    form = PersonalTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.create_token(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            created = {"token": token, "secret": secret}
            form = PersonalTokenForm()
    return render(
        request,
        "clusters/personal_tokens.html",
        {"form": form, "created": created, "tokens": queries.tokens_of(request.user)},
        status=400 if request.method == "POST" and created is None else 200,
    )


@login_required
@require_POST
def revoke_personal_token(request, pk):
    token = get_object_or_404(PersonalToken, pk=pk)
    if not permissions.can_manage_token(request.user, token):
        raise Http404  # someone else's token does not exist for you
    services.revoke_token(token, actor=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("clusters:personal_tokens")


def tag_suggest(request):
    """Tags in use that match what is being typed in a tag field (the chips script asks)."""
    return JsonResponse({"tags": queries.tags_matching(request.GET.get("q", "")[:100])})
