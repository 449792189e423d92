"""Mini-clusters (Wagtail pages), organisations of the B2B directory, member profiles and roles."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.managers import TaggableManager
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cluster_hub.blocks import BaseStreamBlock
from cluster_hub.korean import without_legal_form
from cluster_hub.pages import RegisteredContextMixin
from cluster_hub.uploads import public_image_storage


class ClusterField(models.TextChoices):
    CARBON = "carbon", _("Carbon parts & materials")
    IT_CONVERGENCE = "it", _("IT convergence")
    ENERGY = "energy", _("High-efficiency energy")
    SMART_DEVICES = "smart_devices", _("Smart devices")
    PRINTING_3D = "3d_printing", _("3D printing")
    AGRI_BIO = "agri_bio", _("Agri-bio convergence")
    INDUSTRY_ACADEMIA = "industry_academia", _("Industry-academia convergence")
    RURAL_COMPLEX = "rural", _("Rural industrial complexes")


class MiniClusterIndexPage(RegisteredContextMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["clusters.MiniClusterPage"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("cluster index page")


class MiniClusterPage(RegisteredContextMixin, Page):
    field = models.CharField(_("field"), max_length=32, choices=ClusterField.choices)
    summary = models.TextField(_("summary"))
    goals = RichTextField(_("goals"), blank=True, features=["bold", "italic", "ol", "ul", "link"])
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("news and documents"))

    content_panels = Page.content_panels + [
        FieldPanel("field"),
        FieldPanel("summary"),
        FieldPanel("goals"),
        InlinePanel("contacts", label=_("Coordinator contacts")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("goals"),
        index.FilterField("field"),
    ]
    parent_page_types = ["clusters.MiniClusterIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("mini-cluster page")

    @property
    def field_label(self):
        return ClusterField(self.field).label if self.field else ""


class ClusterContact(Orderable):
    page = ParentalKey(MiniClusterPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone")]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        UNIVERSITY = "university", _("University")
        RESEARCH_INSTITUTE = "research", _("Research institute")
        SUPPORT_AGENCY = "support", _("Support agency")

    class SizeBand(models.TextChoices):
        MICRO = "micro", _("Micro (fewer than 10 employees)")
        SMALL = "small", _("Small (10–49)")
        MEDIUM = "medium", _("Medium (50–299)")
        LARGE = "large", _("Large (300 or more)")

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, allow_unicode=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("summary"), blank=True)
    capabilities = models.TextField(_("capabilities"), blank=True)
    certifications = models.TextField(
        _("certifications"), blank=True, help_text=_("One certification per line.")
    )
    industrial_complex = models.CharField(_("industrial complex"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"), upload_to="logos/", storage=public_image_storage, blank=True
    )
    tags = TaggableManager(_("expertise tags"), blank=True)
    clusters = models.ManyToManyField(
        MiniClusterPage,
        through="ClusterMembership",
        related_name="member_organisations",
        verbose_name=_("clusters"),
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("capabilities"),
        FieldPanel("certifications"),
        MultiFieldPanel(
            [FieldPanel("industrial_complex"), FieldPanel("address"), FieldPanel("size_band")],
            heading=_("Location and size"),
        ),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("tags"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name_en or self.name, allow_unicode=True)[:200] or "org"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("clusters:organisation_detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        """The English name for non-Korean readers, when the organisation has one."""
        if self.name_en and (get_language() or "ko") != "ko":
            return self.name_en
        return self.name

    @property
    def monogram(self):
        """The letter standing in for a missing logo: "(주)한빛카본" shows 한, not "("."""
        letters = [ch for ch in without_legal_form(self.display_name) if ch.isalnum()]
        return letters[0].upper() if letters else "?"

    @property
    def certification_list(self):
        return [line.strip() for line in self.certifications.splitlines() if line.strip()]


class Country(models.TextChoices):
    KOREA = "KR", _("Korea")
    CHINA = "CN", _("China")
    VIETNAM = "VN", _("Vietnam")
    UNITED_STATES = "US", _("United States")
    JAPAN = "JP", _("Japan")
    TAIWAN = "TW", _("Taiwan")
    THAILAND = "TH", _("Thailand")
    INDONESIA = "ID", _("Indonesia")
    INDIA = "IN", _("India")
    GERMANY = "DE", _("Germany")
    OTHER = "XX", _("Other")


EXPORT_MARKETS = [(code, label) for code, label in Country.choices if code not in ("KR", "XX")]


class Product(models.Model):
    """A product of the directory and of the buyers' catalogue. `specs` holds one "Name: value"
    per line; certifications and export markets are short codes, kept as text."""

    class Unit(models.TextChoices):
        PIECES = "pcs", _("pieces")
        SETS = "sets", _("sets")
        KILOGRAMS = "kg", _("kg")
        TONNES = "t", _("tonnes")
        METRES = "m", _("metres")
        SQUARE_METRES = "m2", _("square metres")
        LITRES = "l", _("litres")
        ROLLS = "rolls", _("rolls")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("product name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    hs_code = models.CharField(
        _("HS code"),
        max_length=6,
        blank=True,
        help_text=_("The customs heading (4 digits) or subheading (6 digits), such as 8516.80."),
    )
    specs = models.TextField(
        _("key specifications"),
        blank=True,
        help_text=_("One per line, such as “Power: 220 V, 150 W”."),
    )
    materials = models.CharField(_("materials"), max_length=300, blank=True)
    certifications = models.CharField(
        _("certifications"),
        max_length=300,
        blank=True,
        help_text=_("Separated by commas, such as “CE, KC, ISO 9001”."),
    )
    min_order_quantity = models.PositiveIntegerField(_("minimum order"), null=True, blank=True)
    order_unit = models.CharField(
        _("unit"), max_length=8, choices=Unit.choices, default=Unit.PIECES, blank=True
    )
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"), null=True, blank=True)
    export_markets = models.CharField(
        _("export markets"), max_length=100, blank=True, help_text=_("Country codes.")
    )
    sort_order = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("product")
        indexes = [models.Index(fields=["hs_code"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clusters:product_detail", kwargs={"pk": self.pk})

    @property
    def hs_chapter(self):
        return self.hs_code[:2]

    @property
    def certification_list(self):
        return [part.strip() for part in self.certifications.split(",") if part.strip()]

    @property
    def market_list(self):
        return [code for code in self.export_markets.split() if code]

    @property
    def market_labels(self):
        names = dict(Country.choices)
        return [names.get(code, code) for code in self.market_list]


def spec_rows(text):
    """(name, value) pairs of a "Name: value" per line text; a line without a colon is a value."""
    rows = []
    for line in (text or "").splitlines():
        name, colon, value = line.partition(":")
        if not line.strip():
            continue
        rows.append((name.strip(), value.strip()) if colon else ("", line.strip()))
    return rows


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="products/", storage=public_image_storage)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("product photo")

    def __str__(self):
        return f"{self.product} #{self.sort_order}"


class LocalBrand(models.Model):
    """A local-brand certification a region's agency grants to products (“Siheung Made”). Its
    coordinators are those of `cluster`, or every coordinator of all clusters when it is empty."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("what it certifies"), blank=True)
    cluster = models.ForeignKey(
        MiniClusterPage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="local_brands",
        verbose_name=_("granted by the coordinators of"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("local brand")

    def __str__(self):
        return self.name


class LocalBrandGrant(models.Model):
    brand = models.ForeignKey(LocalBrand, on_delete=models.CASCADE, related_name="grants")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="brand_grants")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_on = models.DateField(_("granted on"))

    class Meta:
        ordering = ["brand__name"]
        verbose_name = _("local brand certification")
        constraints = [
            models.UniqueConstraint(fields=["brand", "product"], name="one_grant_per_brand")
        ]

    def __str__(self):
        return f"{self.brand} → {self.product}"


class ClusterMembership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    cluster = models.ForeignKey(
        MiniClusterPage, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cluster"], name="unique_cluster_membership"
            )
        ]
        verbose_name = _("cluster membership")

    def __str__(self):
        return f"{self.organisation} ∈ {self.cluster}"


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Cluster members only")
    PRIVATE = "private", _("Only me and coordinators")


LANGUAGE_CHOICES = [
    ("ko", _("Korean")),
    ("en", _("English")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("ja", _("Japanese")),
]


class MemberProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    full_name = models.CharField(_("full name"), max_length=100)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    # A member is someone whose organisation confirmed them; choosing one only asks to join.
    membership_confirmed = models.BooleanField(_("membership confirmed"), default=False)
    is_organisation_admin = models.BooleanField(_("organisation administrator"), default=False)
    title = models.CharField(_("role or title"), max_length=120, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    expertise = TaggableManager(_("expertise"), blank=True)
    skills = models.TextField(_("skills"), blank=True, help_text=_("One skill per line."))
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_visibility = models.CharField(
        _("who can see my contact details"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    is_listed = models.BooleanField(_("show me in the member directory"), default=True)
    preferred_language = models.CharField(
        _("language for emails and notifications"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return self.full_name or self.user.email

    def get_absolute_url(self):
        return reverse("clusters:profile_detail", kwargs={"pk": self.pk})

    @property
    def skill_list(self):
        return [line.strip() for line in self.skills.splitlines() if line.strip()]

    @cached_property
    def language_labels(self):
        labels = dict(LANGUAGE_CHOICES)
        return [labels[code] for code in self.languages if code in labels]

    @property
    def confirmed_organisation(self):
        return self.organisation if self.membership_confirmed else None

    @property
    def initials(self):
        name = (self.full_name or "?").strip()
        return name[:1].upper()


def person_name(user):
    """The name to show for a person: their profile name, never their login email or username
    (which allauth derives from the email), whatever their contact choice."""
    profile = getattr(user, "profile", None) if user is not None else None
    name = (profile.full_name or "").strip() if profile is not None else ""
    return name or str(_("A ClusterHub member"))


class ClusterRole(models.Model):
    """Reviewer and coordinator roles; a coordinator with no cluster coordinates all of them."""

    class Kind(models.TextChoices):
        REVIEWER = "reviewer", _("Reviewer")
        COORDINATOR = "coordinator", _("Coordinator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cluster_roles"
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    cluster = models.ForeignKey(
        MiniClusterPage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("cluster"),
        help_text=_("Leave empty for all clusters."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "cluster"], name="unique_role_per_cluster"
            ),
            # NULL never equals NULL in a unique index, so "all clusters" needs its own rule.
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(cluster__isnull=True),
                name="unique_role_for_all_clusters",
            ),
        ]
        verbose_name = _("cluster role")

    def __str__(self):
        scope = self.cluster.title if self.cluster_id else _("all clusters")
        return f"{self.user} · {self.get_kind_display()} · {scope}"


class PersonalToken(models.Model):
    """A member's key for the public API and the live socket (a mobile app, a script).

    Only a digest of the secret is kept: the secret is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)  # shown so a person can tell their tokens apart
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personal token")
        verbose_name_plural = _("personal tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None
