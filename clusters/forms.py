"""All input validation for accounts, profiles, organisations and directory filters."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image
from taggit.forms import TagField

from cluster_hub.tags import tag_input
from clusters.hs_codes import CHAPTERS, normalise_hs_code
from clusters.models import (
    EXPORT_MARKETS,
    LANGUAGE_CHOICES,
    LocalBrand,
    Organisation,
    Product,
    Visibility,
)
from clusters.queries import CatalogueFilters, localized_cluster_titles, source_clusters
from clusters.services import PRODUCT_FIELDS, create_profile
from clusters.signup import signup_parts

ALLOWED_LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
MAX_LOGO_PIXELS = 4096
MAX_PHOTO_PIXELS = 6000


class SignupForm(forms.Form):
    """Extra fields on allauth's signup form (allauth calls `signup` after creating the user)."""

    # The account first; what other apps add (signup_parts) comes after the passwords.
    field_order = ["email", "full_name", "password1", "password2"]

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for part in signup_parts():
            self.fields.update(part.fields())

    def clean(self):
        cleaned = super().clean()
        for part in signup_parts():
            part.clean(self)
        return cleaned

    def signup(self, request, user):
        create_profile(
            user=user,
            full_name=self.cleaned_data["full_name"].strip(),
            language=getattr(request, "LANGUAGE_CODE", ""),
        )
        for part in signup_parts():
            part.signup(request, user, self.cleaned_data)


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=100)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("Choosing an organisation asks its administrators to confirm you."),
    )
    title = forms.CharField(label=_("Role or title"), max_length=120, required=False)
    bio = forms.CharField(
        label=_("Bio"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    expertise = TagField(
        label=_("Expertise"),
        required=False,
        widget=tag_input(),
        help_text=_("Comma-separated, in Korean or English, e.g. 탄소섬유, composite materials"),
    )
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One skill per line."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    phone = forms.RegexField(
        label=_("Phone"),
        required=False,
        max_length=40,
        regex=r"^[0-9+()\-\s]{7,40}$",
        error_messages={"invalid": _("Enter a phone number using digits, spaces, +, - or ().")},
    )
    contact_visibility = forms.ChoiceField(
        label=_("Who can see my contact details"), choices=Visibility.choices
    )
    is_listed = forms.BooleanField(label=_("Show me in the member directory"), required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language for emails and notifications"), choices=settings.LANGUAGES
    )

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise ValidationError(_("Please enter your name."))
        return name

    def clean_expertise(self):
        tags = self.cleaned_data["expertise"]
        if len(tags) > 20:
            raise ValidationError(_("Use at most 20 expertise tags."))
        if any(len(tag) > 50 for tag in tags):
            raise ValidationError(_("Each tag can be at most 50 characters long."))
        return tags

    @classmethod
    def initial_for(cls, profile):
        return {
            "full_name": profile.full_name,
            "organisation": profile.organisation_id,
            "title": profile.title,
            "bio": profile.bio,
            "expertise": list(profile.expertise.all()),
            "skills": profile.skills,
            "languages": profile.languages,
            "contact_email": profile.contact_email,
            "phone": profile.phone,
            "contact_visibility": profile.contact_visibility,
            "is_listed": profile.is_listed,
            "preferred_language": profile.preferred_language,
        }


def _validate_image(upload, *, max_bytes, max_pixels, too_big, not_image, too_large):
    """Check the file's content, not its name: a real, reasonably sized PNG, JPEG or WebP.
    The messages are whole sentences, so each language words them its own way."""
    if upload.size > max_bytes:
        raise ValidationError(
            too_big % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Exception as exc:  # Pillow raises many types for broken or foreign files.
        raise ValidationError(not_image) from exc
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_LOGO_FORMATS:
        raise ValidationError(not_image)
    if width > max_pixels or height > max_pixels:
        raise ValidationError(too_large % {"max": max_pixels})
    return upload


def validate_logo(upload):
    return _validate_image(
        upload,
        max_bytes=settings.LOGO_MAX_UPLOAD_BYTES,
        max_pixels=MAX_LOGO_PIXELS,
        too_big=_("The logo is %(size)s; the largest allowed is %(limit)s."),
        not_image=_("The logo must be a PNG, JPEG or WebP image."),
        too_large=_("The logo can be at most %(max)s × %(max)s pixels."),
    )


def validate_product_photo(upload):
    return _validate_image(
        upload,
        max_bytes=settings.PRODUCT_PHOTO_MAX_UPLOAD_BYTES,
        max_pixels=MAX_PHOTO_PIXELS,
        too_big=_("The photo is %(size)s; the largest allowed is %(limit)s."),
        not_image=_("The photo must be a PNG, JPEG or WebP image."),
        too_large=_("The photo can be at most %(max)s × %(max)s pixels."),
    )


class OrganisationForm(forms.ModelForm):
    tags = TagField(label=_("Expertise tags"), required=False, widget=tag_input())
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, up to 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "name_en",
            "kind",
            "summary",
            "capabilities",
            "certifications",
            "industrial_complex",
            "address",
            "size_band",
            "website",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "capabilities": forms.Textarea(attrs={"rows": 4}),
            "certifications": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo is False or logo is None:
            return logo
        if logo == self.instance.logo:
            return None  # unchanged
        return validate_logo(logo)


class ProductForm(forms.Form):
    product_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Product name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


ProductFormSet = forms.formset_factory(ProductForm, extra=1, can_delete=True, max_num=50)


def cluster_choices(locale, *, blank_label=None):
    """(translation key, title in `locale`) for every live cluster, for filter drop-downs."""
    names = localized_cluster_titles(locale)
    return [("", blank_label or _("All clusters"))] + [
        (str(page.translation_key), names.get(page.translation_key, page.title))
        for page in source_clusters().live().order_by("path")
    ]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Keyword"), required=False, max_length=100)
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    kind = forms.ChoiceField(
        label=_("Organisation type"),
        required=False,
        choices=[("", _("All types")), *Organisation.Kind.choices],
    )
    tag = forms.CharField(label=_("Expertise tag"), required=False, max_length=100)

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = cluster_choices(locale)

    def filters(self):
        """Cleaned filters for the directory queries; an invalid value drops only that filter."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "cluster_key": data.get("cluster") or None,
            "kind": data.get("kind") or None,
            "tag": (data.get("tag") or "").strip() or None,
            "query": (data.get("q") or "").strip() or None,
        }


class PersonalTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("Where you will use it, such as “Mobile app” or “Export script”."),
    )


class ProductDetailsForm(forms.ModelForm):
    """A product as the buyers' catalogue shows it (its Korean source; translations are made on
    the translations page)."""

    export_markets = forms.MultipleChoiceField(
        label=_("Export markets"),
        required=False,
        choices=EXPORT_MARKETS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where the product is sold today."),
    )

    class Meta:
        model = Product
        fields = list(PRODUCT_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "specs": forms.Textarea(attrs={"rows": 4}),
            "hs_code": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 9}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hs_code"].max_length = 9
        self.fields["hs_code"].validators = []
        self.fields["order_unit"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["export_markets"] = self.instance.market_list

    def clean_hs_code(self):
        return normalise_hs_code(self.cleaned_data.get("hs_code", ""))

    def clean_export_markets(self):
        return " ".join(self.cleaned_data.get("export_markets") or [])

    def clean_certifications(self):
        parts = [part.strip() for part in self.cleaned_data.get("certifications", "").split(",")]
        return ", ".join(dict.fromkeys(part for part in parts if part))

    def clean_order_unit(self):
        return self.cleaned_data.get("order_unit") or Product.Unit.PIECES

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProductPhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Add a photo"),
        help_text=_("PNG, JPEG or WebP. It is stored again without its metadata."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    def clean_photo(self):
        return validate_product_photo(self.cleaned_data["photo"])


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Keyword"), required=False, max_length=100)
    chapter = forms.ChoiceField(label=_("Category (HS chapter)"), required=False)
    brand = forms.SlugField(label=_("Local brand"), required=False)
    certification = forms.CharField(label=_("Certification"), required=False, max_length=60)
    market = forms.ChoiceField(
        label=_("Exported to"), required=False, choices=[("", _("Any")), *EXPORT_MARKETS]
    )
    cluster = forms.CharField(label=_("Cluster"), required=False, max_length=40)
    max_order = forms.IntegerField(label=_("Minimum order up to"), required=False, min_value=0)
    max_lead_days = forms.IntegerField(
        label=_("Lead time up to (days)"), required=False, min_value=0, max_value=3650
    )
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapter"].choices = [("", _("Any"))] + list(CHAPTERS.items())

    def filters(self):
        """The catalogue's filters; an invalid value drops only that filter."""
        self.is_valid()
        data = self.cleaned_data
        return CatalogueFilters(
            query=(data.get("q") or "").strip(),
            chapter=data.get("chapter") or "",
            brand=data.get("brand") or "",
            certification=(data.get("certification") or "").strip(),
            market=data.get("market") or "",
            cluster=data.get("cluster") or "",
            max_order=data.get("max_order"),
            max_lead_days=data.get("max_lead_days"),
        )


class LocalBrandForm(forms.ModelForm):
    class Meta:
        model = LocalBrand
        fields = ["name", "slug", "description", "cluster"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, clusters=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters if clusters is not None else source_clusters()
        self.fields["cluster"].empty_label = _("Every cluster")
