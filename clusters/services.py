"""Every state change of clusters, organisations, profiles and roles goes through here."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Page

from clusters import permissions, signals
from clusters.models import (
    ClusterMembership,
    ClusterRole,
    LocalBrand,
    LocalBrandGrant,
    MemberProfile,
    MiniClusterIndexPage,
    Organisation,
    PersonalToken,
    Product,
    ProductPhoto,
)
from translations.services import delete_translations

PROFILE_FIELDS = (
    "full_name",
    "title",
    "bio",
    "skills",
    "languages",
    "contact_email",
    "phone",
    "contact_visibility",
    "is_listed",
    "preferred_language",
)
# What only coordinators change (in the admin), besides what people edit themselves.
PROFILE_ADMIN_FIELDS = ("organisation", "membership_confirmed", "is_organisation_admin")
ORGANISATION_FIELDS = (
    "name",
    "slug",
    "name_en",
    "kind",
    "summary",
    "capabilities",
    "certifications",
    "industrial_complex",
    "address",
    "size_band",
    "website",
)


def create_profile(*, user, full_name="", language=""):
    """Every account gets a profile on signup so the directory and permissions can rely on it.

    Emails and notifications go out in the language the person signed up in until they choose
    another in their profile."""
    languages = {code for code, _name in settings.LANGUAGES}
    defaults = {"full_name": full_name, "contact_email": user.email}
    if language in languages:
        defaults["preferred_language"] = language
    with transaction.atomic():
        profile, _ = MemberProfile.objects.get_or_create(user=user, defaults=defaults)
    return profile


def update_profile(profile, *, actor, organisation=None, expertise=(), **fields):
    if not permissions.can_edit_profile(actor, profile):
        raise PermissionDenied
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(profile, name, value)
        asks_to_join = organisation != profile.organisation and organisation is not None
        if organisation != profile.organisation:
            # Choosing an organisation is a request to join it; its admins confirm.
            profile.organisation = organisation
            profile.membership_confirmed = False
            profile.is_organisation_admin = False
        profile.save()
        profile.expertise.set(list(expertise))
        if asks_to_join:
            signals.membership_requested.send(sender=MemberProfile, profile=profile)
    return profile


def confirm_member(profile, *, actor):
    if profile.organisation is None or not permissions.can_edit_organisation(
        actor, profile.organisation
    ):
        raise PermissionDenied
    with transaction.atomic():
        profile.membership_confirmed = True
        profile.save(update_fields=["membership_confirmed", "updated_at"])
        signals.membership_decided.send(
            sender=MemberProfile,
            profile=profile,
            organisation=profile.organisation,
            confirmed=True,
            actor=actor,
        )
    return profile


def decline_member(profile, *, actor):
    if profile.organisation is None or not permissions.can_edit_organisation(
        actor, profile.organisation
    ):
        raise PermissionDenied
    with transaction.atomic():
        organisation = profile.organisation
        profile.organisation = None
        profile.membership_confirmed = False
        profile.is_organisation_admin = False
        profile.save(
            update_fields=[
                "organisation",
                "membership_confirmed",
                "is_organisation_admin",
                "updated_at",
            ]
        )
        signals.membership_decided.send(
            sender=MemberProfile,
            profile=profile,
            organisation=organisation,
            confirmed=False,
            actor=actor,
        )
    return profile


def update_organisation(
    organisation, *, actor, tags=(), logo=None, clear_logo=False, products=None, **fields
):
    """Save an organisation's details; `products` is a list of (name, description) or None."""
    if not permissions.can_edit_organisation(actor, organisation):
        raise PermissionDenied
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"Not organisation fields: {sorted(unknown)}")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(organisation, name, value)
        if clear_logo and organisation.logo:
            organisation.logo.delete(save=False)
        if logo is not None:
            organisation.logo = logo
        organisation.save()
        organisation.tags.set(list(tags))
        if products is not None:
            _replace_products(organisation, products)
    return organisation


def _replace_products(organisation, products):
    """The organisation's products become `products` in order: (name, description) pairs, or
    (name, description, id) triples from the organisation's editor. A product keeps its row
    (its catalogue details, photos, brands and translations) when its id comes back, or else its
    name; removed products take their translations with them."""
    by_id = {product.pk: product for product in organisation.products.all()}
    by_name = {product.name: product for product in by_id.values()}
    kept = []
    for i, (name, description, *known) in enumerate(products):
        product = by_id.get(known[0]) if known and known[0] else None
        product = product or by_name.get(name)
        if product is None or product.pk not in by_id:
            product = organisation.products.model(organisation=organisation)
        else:
            by_id.pop(product.pk)
        product.name = name
        product.description = description
        product.sort_order = i
        product.save()
        kept.append(product)
    removed = list(by_id.values())
    delete_translations(removed)
    organisation.products.filter(pk__in=[product.pk for product in removed]).delete()
    return kept


def create_organisation(*, actor, name, kind, tags=(), logo=None, **fields):
    """Coordinators add organisations to the directory; members ask a coordinator."""
    if not permissions.is_coordinator(actor):
        raise PermissionDenied
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"Not organisation fields: {sorted(unknown)}")
    with transaction.atomic():
        organisation = Organisation(name=name, kind=kind, **fields)
        if logo:
            organisation.logo = logo
        organisation.save()
        organisation.tags.set(list(tags))
    return organisation


def delete_organisation(organisation, *, actor):
    """Only a coordinator of one of its clusters (or of all clusters) removes an organisation."""
    if not permissions.coordinates_organisation(actor, organisation):
        raise PermissionDenied
    with transaction.atomic():
        organisation.delete()


def update_profile_as_coordinator(profile, *, actor, expertise=(), **fields):
    """Coordinators correct a profile in the admin, membership flags included; a profile with
    no organisation (or one outside their clusters) is only for coordinators of all clusters."""
    organisation = fields.get("organisation", profile.organisation)
    allowed = permissions.is_coordinator_of_all(actor) or all(
        org is not None and permissions.coordinates_organisation(actor, org)
        for org in {profile.organisation, organisation}
    )
    if not allowed:
        raise PermissionDenied
    unknown = set(fields) - set(PROFILE_FIELDS) - set(PROFILE_ADMIN_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.save()
        profile.expertise.set(list(expertise))
    return profile


def delete_profile(profile, *, actor):
    if not permissions.is_coordinator_of_all(actor):
        raise PermissionDenied
    with transaction.atomic():
        profile.delete()


# Admin permissions a coordinator's group carries, by app label. Apps above clusters add theirs
# when they load (search adds its glossary): clusters never names another app's permissions.
COORDINATOR_ADMIN_PERMISSIONS = {
    "clusters": ["change_organisation", "add_organisation", "view_organisation"],
}


def grant_to_coordinators(app_label, codenames):
    """Let coordinators use these admin permissions of `app_label` (from AppConfig.ready)."""
    granted = COORDINATOR_ADMIN_PERMISSIONS.setdefault(app_label, [])
    granted.extend(name for name in codenames if name not in granted)


def _coordinator_group(cluster):
    """Wagtail group whose page permissions cover one cluster page, or the whole index."""
    if cluster is None:
        name = "Coordinators (all clusters)"
        pages = list(MiniClusterIndexPage.objects.all())
    else:
        name = f"Coordinators · {cluster.title}"[:150]
        pages = list(Page.objects.filter(translation_key=cluster.translation_key))
    group, _created = Group.objects.get_or_create(name=name)
    # Added on every call, so groups made before a permission existed catch up.
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *(
            permission
            for app_label, codenames in COORDINATOR_ADMIN_PERMISSIONS.items()
            for permission in Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        ),
    )
    for page in pages:
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    return group


def assign_role(*, actor, user, kind, cluster=None):
    """Give a reviewer or coordinator role; coordinators also get Wagtail admin access."""
    if actor is not None and not permissions.is_coordinator_of_all(actor):
        raise PermissionDenied
    with transaction.atomic():
        role, _ = ClusterRole.objects.get_or_create(user=user, kind=kind, cluster=cluster)
        if kind == ClusterRole.Kind.COORDINATOR:
            user.groups.add(_coordinator_group(cluster))
        user.__dict__.pop("_cluster_viewer_facts", None)
    return role


def revoke_role(role, *, actor):
    """Take a role away; a former coordinator loses the admin group it gave them."""
    if actor is not None and not permissions.is_coordinator_of_all(actor):
        raise PermissionDenied
    with transaction.atomic():
        user = role.user
        was_coordinator = role.kind == ClusterRole.Kind.COORDINATOR
        cluster = role.cluster
        role.delete()
        if (
            was_coordinator
            and not ClusterRole.objects.filter(
                user=user, kind=ClusterRole.Kind.COORDINATOR, cluster=cluster
            ).exists()
        ):
            user.groups.remove(_coordinator_group(cluster))
        user.__dict__.pop("_cluster_viewer_facts", None)


def change_role(role, *, actor, user, kind, cluster=None):
    """An edited role is the old one revoked and the new one assigned, in one transaction."""
    with transaction.atomic():
        original = ClusterRole.objects.select_related("user", "cluster").get(pk=role.pk)
        revoke_role(original, actor=actor)
        return assign_role(actor=actor, user=user, kind=kind, cluster=cluster)


# --- personal tokens (the API and the live socket) -----------------------------------------

TOKEN_PREFIX = "chp_"  # noqa: S105 — marks the secret, is not one
MAX_ACTIVE_TOKENS = 10
# Recording each use would write on every request; once a minute is enough to show "last used".
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def token_digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(*, actor, name):
    """A new personal token for `actor`: returns (token, secret); the secret is shown once."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the token a name, such as the app that will use it."))
    with transaction.atomic():
        # Two requests at once must not both make the tenth token: serialise on the owner.
        get_user_model().objects.select_for_update().get(pk=actor.pk)
        active = PersonalToken.objects.filter(user=actor, revoked_at__isnull=True)
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _("You can have at most %(count)s tokens: revoke one you no longer use.")
                % {"count": MAX_ACTIVE_TOKENS}
            )
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = PersonalToken.objects.create(
            user=actor,
            name=name[:100],
            prefix=secret[: len(TOKEN_PREFIX) + 4],
            digest=token_digest(secret),
        )
    return token, secret


def revoke_token(token, *, actor):
    if not permissions.can_manage_token(actor, token):
        raise PermissionDenied
    with transaction.atomic():
        PersonalToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    token.refresh_from_db()
    return token


def authenticate_token(secret):
    """The user a presented secret belongs to, or None (unknown, revoked, inactive user)."""
    if not isinstance(secret, str) or not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        PersonalToken.objects.select_related("user")
        .filter(digest=token_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_USE_RESOLUTION:
        PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- imports: the agency's member lists (and the demo data) ---------------------------------


def import_organisation(*, actor, slug, products=(), clusters=(), tags=(), **fields):
    """Create or refresh the organisation `slug` from a member list: its fields, products
    ((name, description) pairs, replacing the old ones), cluster memberships (added, never
    removed) and tags. `actor=None` is the system itself (an import run by the agency)."""
    if actor is not None and not permissions.is_coordinator_of_all(actor):
        raise PermissionDenied
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"Not organisation fields: {sorted(unknown)}")
    with transaction.atomic():
        organisation, _created = Organisation.objects.update_or_create(slug=slug, defaults=fields)
        _replace_products(organisation, products)
        for cluster in clusters:
            ClusterMembership.objects.get_or_create(organisation=organisation, cluster=cluster)
        organisation.tags.set(list(tags))
    return organisation


def import_member(
    *,
    actor,
    username,
    email,
    full_name,
    password=None,
    verified=False,
    organisation=None,
    expertise=(),
    superuser=False,
    **profile_fields,
):
    """Create or refresh a person from a member list: their login (a password, or none until
    they reset it), their confirmed membership of `organisation`, their profile."""
    if actor is not None and not permissions.is_coordinator_of_all(actor):
        raise PermissionDenied
    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        user.email = email
        user.is_superuser = user.is_staff = superuser
        if password:
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.save()
        if verified:
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        profile, _created = MemberProfile.objects.update_or_create(
            user=user,
            defaults={
                "full_name": full_name,
                "organisation": organisation,
                "membership_confirmed": organisation is not None,
                **profile_fields,
            },
        )
        profile.expertise.set(list(expertise))
    return user


def import_logins(*, actor, usernames, email_domain):
    """Many logins at once, without profiles or passwords (a load test's audience)."""
    if actor is not None and not permissions.is_coordinator_of_all(actor):
        raise PermissionDenied
    User = get_user_model()
    with transaction.atomic():
        return User.objects.bulk_create(
            User(username=name, email=f"{name}@{email_domain}") for name in usernames
        )


# --- the buyers' catalogue ------------------------------------------------------------------
PRODUCT_FIELDS = (
    "name",
    "description",
    "hs_code",
    "specs",
    "materials",
    "certifications",
    "min_order_quantity",
    "order_unit",
    "lead_time_days",
    "export_markets",
)
MAX_PRODUCT_PHOTOS = 6


def _may_edit_products(actor, organisation):
    """`actor=None` is the system itself (an import or the demo), as for `import_organisation`."""
    if actor is not None and not permissions.can_edit_organisation(actor, organisation):
        raise PermissionDenied


def _check_product_fields(fields):
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValueError(f"Not product fields: {sorted(unknown)}")


def create_product(organisation, *, actor, name, **fields):
    _may_edit_products(actor, organisation)
    _check_product_fields(fields)
    with transaction.atomic():
        last = organisation.products.order_by("-sort_order").first()
        return Product.objects.create(
            organisation=organisation,
            name=name,
            sort_order=(last.sort_order + 1) if last else 0,
            **fields,
        )


def update_product(product, *, actor, **fields):
    """Save a product's catalogue details; its translations read "needs update" when a
    translated field changed (the translations app compares the source)."""
    _may_edit_products(actor, product.organisation)
    _check_product_fields(fields)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(product, name, value)
        product.save()
    return product


def delete_product(product, *, actor):
    _may_edit_products(actor, product.organisation)
    with transaction.atomic():
        delete_translations([product])
        files = [(photo.image.storage, photo.image.name) for photo in product.photos.all()]
        product.delete()
        for storage, name in files:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def add_product_photo(product, *, actor, image):
    """`image` is an upload already checked by content; the storage re-encodes it."""
    _may_edit_products(actor, product.organisation)
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        count = product.photos.count()
        if count >= MAX_PRODUCT_PHOTOS:
            raise ValidationError(
                _("A product can have at most %(count)s photos.") % {"count": MAX_PRODUCT_PHOTOS}
            )
        photo = ProductPhoto(product=product, sort_order=count)
        photo.image.save(image.name, image, save=False)
        photo.save()
        product.save(update_fields=["updated_at"])
    return photo


def remove_product_photo(photo, *, actor):
    _may_edit_products(actor, photo.product.organisation)
    with transaction.atomic():
        name, storage = photo.image.name, photo.image.storage
        photo.delete()
        photo.product.save(update_fields=["updated_at"])
        transaction.on_commit(lambda: storage.delete(name))


def create_local_brand(*, actor, name, slug, description="", cluster=None):
    brand = LocalBrand(name=name, slug=slug, description=description, cluster=cluster)
    if actor is not None and not (
        permissions.can_create_local_brand(actor)
        and permissions.can_manage_local_brand(actor, brand)
    ):
        raise PermissionDenied
    with transaction.atomic():
        brand.save()
    return brand


def grant_local_brand(brand, product, *, actor, on=None):
    """Certify `product` with `brand`; granting it again changes nothing. `actor=None` is the
    system (the demo, an import of last year's certifications)."""
    if actor is not None and not permissions.can_grant_local_brand(actor, brand, product):
        raise PermissionDenied
    with transaction.atomic():
        grant, _created = LocalBrandGrant.objects.get_or_create(
            brand=brand,
            product=product,
            defaults={"granted_by": actor, "granted_on": on or timezone.localdate()},
        )
        product.save(update_fields=["updated_at"])
    return grant


def revoke_local_brand(grant, *, actor):
    if not permissions.can_manage_local_brand(actor, grant.brand):
        raise PermissionDenied
    with transaction.atomic():
        grant.delete()
        grant.product.save(update_fields=["updated_at"])
