"""All input validation for accounts, profiles, organisations and directory filters."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image
from taggit.forms import TagField

from cluster_hub.tags import tag_input
from clusters.models import LANGUAGE_CHOICES, Organisation, Visibility
from clusters.queries import localized_cluster_titles, source_clusters
from clusters.services import create_profile

ALLOWED_LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
MAX_LOGO_PIXELS = 4096


class SignupForm(forms.Form):
    """Extra fields on allauth's signup form (allauth calls `signup` after creating the user)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user):
        create_profile(
            user=user,
            full_name=self.cleaned_data["full_name"].strip(),
            language=getattr(request, "LANGUAGE_CODE", ""),
        )


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


def validate_logo(upload):
    """Check the file's content, not its name: a real, reasonably sized PNG, JPEG or WebP."""
    if upload.size > settings.LOGO_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The logo is %(size)s; the largest allowed is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.LOGO_MAX_UPLOAD_BYTES),
            }
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Exception as exc:  # Pillow raises many types for broken or foreign files.
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image.")) from exc
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_LOGO_FORMATS:
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."))
    if width > MAX_LOGO_PIXELS or height > MAX_LOGO_PIXELS:
        raise ValidationError(
            _("The logo can be at most %(max)s × %(max)s pixels.") % {"max": MAX_LOGO_PIXELS}
        )
    return upload


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
