from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from cluster_hub import locales, page_cache
from cluster_hub.pages import localized_page_url, page_context
from cluster_hub.panels import register_link
from clusters import permissions, queries, services
from clusters.forms import (
    CatalogueFilterForm,
    DirectoryFilterForm,
    LocalBrandForm,
    OrganisationForm,
    PersonalTokenForm,
    ProductDetailsForm,
    ProductFormSet,
    ProductPhotoForm,
    ProfileForm,
)
from clusters.hs_codes import chapter_label, formatted
from clusters.models import (
    LocalBrand,
    LocalBrandGrant,
    MemberProfile,
    MiniClusterIndexPage,
    MiniClusterPage,
    Organisation,
    PersonalToken,
    Product,
    ProductPhoto,
    spec_rows,
)
from translations.queries import localized_text, prefetch_translations, with_translations

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
        return prefetch_translations(list(organisation.products.prefetch_related("photos")))

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
                    (row["name"], row.get("description", ""), row.get("product_id"))
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
                {
                    "product_id": product.pk,
                    "name": product.name,
                    "description": product.description,
                }
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


# --- the buyers' catalogue ------------------------------------------------------------------
CATALOGUE_PAGE_SIZE = 24
FACET_TITLES = {
    "chapter": _lazy("Category (HS chapter)"),
    "brand": _lazy("Local brand"),
    "certification": _lazy("Certification"),
    "market": _lazy("Exported to"),
    "cluster": _lazy("Cluster"),
}


def _facet_url(request, facet, value, chosen):
    """This page's address with `facet` set to `value` (or unset when it is the `chosen` one,
    however it was typed: "?certification=ce" chose "CE")."""
    params = request.GET.copy()
    params.pop("page", None)
    if chosen:
        params.pop(facet, None)
    else:
        params[facet] = value
    return "?" + params.urlencode() if params else "?"


def catalogue(request):
    """Every listed product, for buyers: facets by HS chapter, local brand, certification,
    export market and cluster; minimum order and lead time bounds; a keyword in any language."""
    form = CatalogueFilterForm(request.GET)
    found = queries.catalogue(form.filters(), locale=locales.active_or_default())
    page_obj = Paginator(found.product_ids, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = queries.catalogue_products(list(page_obj.object_list))
    facets = [
        {
            "name": facet,
            "title": FACET_TITLES[facet],
            "values": [
                {"item": item, "url": _facet_url(request, facet, item.value, item.chosen)}
                for item in found.facets[facet]
            ],
        }
        for facet in queries.FACETS
        if found.facets[facet]
    ]
    return render(
        request,
        "clusters/catalogue.html",
        {
            "form": form,
            "facets": facets,
            "chosen_count": sum(
                value["item"].chosen for facet in facets for value in facet["values"]
            ),
            "page_obj": page_obj,
            "query_string": _query_without_page(request),
        },
    )


def product_detail(request, pk):
    try:
        product = queries.product_for_page(pk)
    except Product.DoesNotExist:
        raise Http404 from None
    organisation = product.organisation
    others = queries.other_products(product)
    grants = list(product.brand_grants.all())
    prefetch_translations([product, organisation, *others, *(grant.brand for grant in grants)])
    brands = [
        brand
        for brand in queries.local_brands()
        if permissions.can_grant_local_brand(request.user, brand, product)
    ]
    granted = {grant.brand_id for grant in grants}
    return render(
        request,
        "clusters/product_detail.html",
        {
            "product": product,
            "organisation": organisation,
            "photos": list(product.photos.all()),
            "specs": spec_rows(localized_text(product, "specs")),
            "chapter": chapter_label(product.hs_chapter),
            "hs_code": formatted(product.hs_code),
            "grants": grants,
            "grantable": [brand for brand in brands if brand.pk not in granted],
            "revocable": [grant for grant in grants if grant.brand in brands],
            "others": others,
            "clusters": [locales.localized(page) for page in organisation.clusters.all()],
            "can_edit": permissions.can_edit_organisation(request.user, organisation),
        },
    )


def _editable_product(request, pk):
    product = get_object_or_404(Product.objects.select_related("organisation"), pk=pk)
    if not permissions.can_edit_organisation(request.user, product.organisation):
        raise PermissionDenied
    return product


@login_required
def product_add(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    form = ProductDetailsForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            fields = form.service_fields()
            product = services.create_product(
                organisation, actor=request.user, name=fields.pop("name"), **fields
            )
            messages.success(request, _("The product is in the catalogue. Add its photos here."))
            return redirect("clusters:product_edit", pk=product.pk)
        messages.error(request, _("Please correct the errors below."))
    return render(
        request,
        "clusters/product_edit.html",
        {"form": form, "organisation": organisation, "product": None},
        status=400 if form.errors else 200,
    )


@login_required
def product_edit(request, pk):
    product = _editable_product(request, pk)
    form = ProductDetailsForm(request.POST or None, instance=product)
    photo_form = ProductPhotoForm()
    if request.method == "POST":
        if form.is_valid():
            services.update_product(product, actor=request.user, **form.service_fields())
            messages.success(request, _("The product has been saved."))
            return redirect(product.get_absolute_url())
        product.refresh_from_db()
        messages.error(request, _("Please correct the errors below."))
    return _product_edit_page(request, product, form, photo_form)


def _product_edit_page(request, product, form, photo_form):
    return render(
        request,
        "clusters/product_edit.html",
        {
            "form": form,
            "photo_form": photo_form,
            "organisation": product.organisation,
            "product": product,
            "photos": list(product.photos.all()),
            "max_photos": services.MAX_PRODUCT_PHOTOS,
        },
        status=400 if form.errors or photo_form.errors else 200,
    )


@login_required
@require_POST
def product_photo_add(request, pk):
    product = _editable_product(request, pk)
    photo_form = ProductPhotoForm(request.POST, request.FILES)
    if photo_form.is_valid():
        try:
            services.add_product_photo(
                product, actor=request.user, image=photo_form.cleaned_data["photo"]
            )
        except ValidationError as error:
            photo_form.add_error("photo", error)
        else:
            messages.success(request, _("The photo has been added."))
            return redirect("clusters:product_edit", pk=product.pk)
    messages.error(request, _("The photo was not added."))
    return _product_edit_page(request, product, ProductDetailsForm(instance=product), photo_form)


@login_required
@require_POST
def product_photo_remove(request, pk, photo_pk):
    product = _editable_product(request, pk)
    photo = get_object_or_404(ProductPhoto, pk=photo_pk, product=product)
    services.remove_product_photo(photo, actor=request.user)
    messages.success(request, _("The photo has been removed."))
    return redirect("clusters:product_edit", pk=product.pk)


@login_required
@require_POST
def product_delete(request, pk):
    product = _editable_product(request, pk)
    organisation = product.organisation
    services.delete_product(product, actor=request.user)
    messages.success(request, _("The product has been removed from the catalogue."))
    return redirect(organisation.get_absolute_url())


@login_required
@require_POST
def product_brand(request, pk):
    """Grant or revoke a local brand on a product (coordinators of the brand)."""
    product = get_object_or_404(Product.objects.select_related("organisation"), pk=pk)
    brand = get_object_or_404(LocalBrand, pk=request.POST.get("brand"))
    if request.POST.get("action") == "revoke":
        grant = get_object_or_404(LocalBrandGrant, brand=brand, product=product)
        if not permissions.can_manage_local_brand(request.user, brand):
            raise PermissionDenied
        services.revoke_local_brand(grant, actor=request.user)
        messages.success(request, _("“%(brand)s” is withdrawn.") % {"brand": brand.name})
    else:
        if not permissions.can_grant_local_brand(request.user, brand, product):
            raise PermissionDenied
        services.grant_local_brand(brand, product, actor=request.user)
        messages.success(request, _("“%(brand)s” is granted.") % {"brand": brand.name})
    return redirect(product.get_absolute_url())


@login_required
def local_brands(request):
    """The local brands coordinators grant, with how many products carry each; a new one."""
    if not permissions.can_create_local_brand(request.user):
        raise PermissionDenied
    clusters = queries.source_clusters()
    if not permissions.is_coordinator_of_all(request.user):
        keys = permissions.coordinated_cluster_keys(request.user)
        clusters = clusters.filter(translation_key__in=keys)
    form = LocalBrandForm(request.POST or None, clusters=clusters)
    if request.method == "POST" and form.is_valid():
        try:
            brand = services.create_local_brand(actor=request.user, **form.cleaned_data)
        except PermissionDenied:
            form.add_error("cluster", _("You do not coordinate every cluster."))
        else:
            messages.success(request, _("“%(brand)s” is created.") % {"brand": brand.name})
            return redirect("clusters:local_brands")
    brands = list(queries.local_brands())
    prefetch_translations(brands)
    return render(
        request,
        "clusters/local_brands.html",
        {
            "form": form,
            "brands": brands,
            "manageable": {
                brand.pk
                for brand in brands
                if permissions.can_manage_local_brand(request.user, brand)
            },
        },
        status=400 if form.errors else 200,
    )
