"""The New Business Venture Forum: editions (Wagtail pages) with a call for pitches, pitches
with private decks, reviews on a weighted rubric, decisions, the programme and outcomes."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.managers import TaggableManager
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cluster_hub.pages import RegisteredRoutesMixin, SourcePageMixin
from cluster_hub.uploads import EXTENSIONS, random_name
from clusters.models import MemberProfile, MiniClusterPage, Organisation

RICH_TEXT = ["bold", "italic", "ol", "ul", "link"]

# The rubric used when an edition defines none: (key, label, weight).
DEFAULT_CRITERIA = [
    ("technology", _("Technology"), 25),
    ("market", _("Market"), 25),
    ("team", _("Team"), 20),
    ("feasibility", _("Feasibility"), 15),
    ("investment_readiness", _("Investment readiness"), 15),
]

DEFAULT_EMAILS = {
    "accept": (
        _("Your pitch “{pitch}” is accepted for {edition}"),
        _(
            "Congratulations! “{pitch}” by {organisation} is accepted for {edition}.\n\n"
            "Please confirm that you will attend on ClusterHub.\n\n{reviewer_comments}"
        ),
    ),
    "waitlist": (
        _("Your pitch “{pitch}” is on the waiting list for {edition}"),
        _(
            "“{pitch}” by {organisation} is on the waiting list for {edition}. We will write "
            "again if a place opens.\n\n{reviewer_comments}"
        ),
    ),
    "reject": (
        _("Your pitch “{pitch}” for {edition}"),
        _(
            "Thank you for submitting “{pitch}”. This time it was not selected for {edition}. "
            "We hope to see you at a later forum.\n\n{reviewer_comments}"
        ),
    ),
}


class ForumIndexPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["forums.ForumEditionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("forum index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["editions"] = ForumEditionPage.objects.live().child_of(self).order_by("-forum_date")
        return context


class ForumEditionPage(RegisteredRoutesMixin, SourcePageMixin, Page):
    """One forum, e.g. "2026 제4회 신사업벤처포럼", with its call for pitches."""

    forum_date = models.DateTimeField(_("forum date and time"))
    venue = models.CharField(_("venue"), max_length=255)
    host_clusters = ParentalManyToManyField(
        MiniClusterPage, blank=True, related_name="+", verbose_name=_("host clusters")
    )
    description = RichTextField(_("description"), blank=True, features=RICH_TEXT)
    call_opens_at = models.DateTimeField(_("call for pitches opens"))
    call_closes_at = models.DateTimeField(_("call for pitches closes"))
    eligibility = RichTextField(_("who can apply"), blank=True, features=RICH_TEXT)
    submission_guidelines = RichTextField(_("what to submit"), blank=True, features=RICH_TEXT)
    blind_review = models.BooleanField(
        _("blind review"), default=False, help_text=_("Reviewers do not see who pitches.")
    )
    review_open = models.BooleanField(_("review phase open"), default=False)
    accept_email_subject = models.CharField(_("subject"), max_length=200, blank=True)
    accept_email_body = models.TextField(_("text"), blank=True)
    waitlist_email_subject = models.CharField(_("subject"), max_length=200, blank=True)
    waitlist_email_body = models.TextField(_("text"), blank=True)
    reject_email_subject = models.CharField(_("subject"), max_length=200, blank=True)
    reject_email_body = models.TextField(_("text"), blank=True)

    placeholders_help = _(
        "Placeholders: {pitch}, {organisation}, {edition}, {reviewer_comments}. Leave empty "
        "for the default text in the recipient's language."
    )
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("forum_date"), FieldPanel("venue")]),
        FieldPanel("host_clusters"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("call_opens_at"), FieldPanel("call_closes_at")]),
                FieldPanel("eligibility"),
                FieldPanel("submission_guidelines"),
            ],
            heading=_("Call for pitches"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("blind_review"),
                FieldPanel("review_open"),
                InlinePanel("criteria", label=_("Rubric criteria")),
            ],
            heading=_("Review"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("accept_email_subject"),
                FieldPanel("accept_email_body"),
                FieldPanel("waitlist_email_subject"),
                FieldPanel("waitlist_email_body"),
                FieldPanel("reject_email_subject"),
                FieldPanel("reject_email_body"),
            ],
            heading=_("Decision emails"),
            help_text=placeholders_help,
        ),
        InlinePanel("programme_slots", label=_("Programme")),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["forums.ForumIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("forum edition")
        verbose_name_plural = _("forum editions")

    @property
    def is_call_open(self):
        return self.call_opens_at <= timezone.now() < self.call_closes_at

    @property
    def is_call_upcoming(self):
        return timezone.now() < self.call_opens_at

    @property
    def is_past(self):
        return self.forum_date < timezone.now()

    def rubric(self):
        """(key, label, weight) per criterion: the edition's own or the defaults."""
        own = [(c.key, c.name, c.weight) for c in self.source.criteria.all()]
        return own or DEFAULT_CRITERIA


class RubricCriterion(Orderable):
    edition = ParentalKey(ForumEditionPage, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=255, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=20)

    panels = [
        FieldPanel("key"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("weight"),
    ]

    def __str__(self):
        return self.name


def deck_upload_to(instance, filename):
    # Never the uploaded name: a random one, so names cannot collide, traverse or be guessed,
    # ending in the extension of the detected type.
    return random_name(f"decks/{timezone.now():%Y}", EXTENSIONS.get(instance.deck_content_type, ""))


def private_storage():
    return storages["private"]


class Pitch(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ACCEPTED = "accepted", pgettext_lazy("pitch status", "Accepted")
        WAITLISTED = "waitlisted", _("Waiting list")
        REJECTED = "rejected", _("Not selected")

    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        PROTOTYPE = "prototype", _("Prototype")
        EARLY_REVENUE = "early_revenue", _("Early revenue")
        GROWTH = "growth", _("Growth")

    edition = models.ForeignKey(
        ForumEditionPage, on_delete=models.CASCADE, related_name="pitches", verbose_name=_("forum")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pitches", verbose_name=_("company")
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pitches"
    )
    title = models.CharField(_("title"), max_length=200)
    item = models.TextField(_("technology or business item"))
    market_outlook = models.TextField(_("market outlook"))
    business_plan = models.TextField(_("business plan summary"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    funding_ask = models.PositiveBigIntegerField(_("funding sought (KRW)"), null=True, blank=True)
    team = models.TextField(_("team"), blank=True)
    presenters = models.ManyToManyField(
        MemberProfile, blank=True, related_name="pitches", verbose_name=_("presenters")
    )
    tags = TaggableManager(_("expertise tags"), blank=True)
    deck = models.FileField(
        _("deck"), upload_to=deck_upload_to, storage=private_storage, blank=True
    )
    deck_name = models.CharField(_("deck file name"), max_length=200, blank=True)
    deck_size = models.PositiveIntegerField(default=0)
    deck_content_type = models.CharField(max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_emailed_at = models.DateTimeField(null=True, blank=True)
    attendance_confirmed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    presented = models.BooleanField(_("presented at the forum"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:pitch_detail", args=[self.pk])

    @property
    def deck_url(self):
        return reverse("forums:pitch_deck", args=[self.pk]) if self.deck else ""

    @property
    def is_decided(self):
        return self.status in (self.Status.ACCEPTED, self.Status.WAITLISTED, self.Status.REJECTED)


class ReviewAssignment(models.Model):
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pitch", "reviewer"], name="one_assignment_per_reviewer"
            )
        ]
        verbose_name = _("review assignment")

    def __str__(self):
        return f"{self.reviewer} → {self.pitch}"


class Review(models.Model):
    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="review"
    )
    scores = models.JSONField(_("scores"), default=dict)  # criterion key → 1..5
    comment_to_coordinators = models.TextField(_("comment to coordinators"), blank=True)
    comment_to_pitcher = models.TextField(_("comment to the pitcher"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review")

    def __str__(self):
        return f"{self.assignment}"

    def weighted_score(self, rubric):
        total_weight = sum(weight for key, _label, weight in rubric if key in self.scores)
        if not total_weight:
            return None
        return (
            sum(self.scores[key] * weight for key, _label, weight in rubric if key in self.scores)
            / total_weight
        )


class ProgrammeSlot(Orderable):
    """A pitch's place in the forum's programme; coordinators reorder slots in the admin."""

    edition = ParentalKey(
        ForumEditionPage, on_delete=models.CASCADE, related_name="programme_slots"
    )
    pitch = models.ForeignKey(
        Pitch,
        on_delete=models.CASCADE,
        related_name="slots",
        limit_choices_to={"status": "accepted"},
        verbose_name=_("pitch"),
    )
    starts_at = models.TimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=15)

    panels = [FieldPanel("pitch"), FieldPanel("starts_at"), FieldPanel("minutes")]

    class Meta(Orderable.Meta):
        verbose_name = _("programme slot")

    def __str__(self):
        return f"{self.starts_at:%H:%M} {self.pitch}"
