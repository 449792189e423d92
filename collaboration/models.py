from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from cluster_hub.uploads import EXTENSIONS, random_name
from clusters.models import MiniClusterPage, Organisation


class RequestKind(models.TextChoices):
    JOINT_RND = "joint_rnd", _("Joint R&D")
    SOURCING = "sourcing", _("Parts and materials sourcing")
    SUBCONTRACTING = "subcontracting", _("Subcontracting and work sharing")
    SHARED_EQUIPMENT = "shared_equipment", _("Shared equipment")
    TECHNOLOGY_EXCHANGE = "technology_exchange", _("Technology exchange")
    EXPORT_PARTNER = "export_partner", _("Export and buyer partners")
    INVESTMENT = "investment", _("Investment")


class CollaborationRequest(models.Model):
    """What a member organisation needs, and the conversation that finds who can help."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        IN_DISCUSSION = "in_discussion", _("In discussion")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")
        EXPIRED = "expired", _("Expired")

    class Visibility(models.TextChoices):
        CLUSTERS = "clusters", _("Members of my clusters")
        MEMBERS = "members", _("All members")
        PUBLIC = "public", _("Public")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="collaboration_requests",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="collaboration_requests",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=RequestKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    tags = TaggableManager(_("expertise tags"), blank=True)
    target_clusters = models.ManyToManyField(
        MiniClusterPage,
        related_name="collaboration_requests",
        verbose_name=_("target clusters"),
        blank=True,
    )
    budget_min = models.PositiveBigIntegerField(_("budget from (KRW)"), null=True, blank=True)
    budget_max = models.PositiveBigIntegerField(_("budget up to (KRW)"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    visibility = models.CharField(
        _("who can see it"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    is_hidden = models.BooleanField(_("hidden by a coordinator"), default=False)
    moderation_reason = models.TextField(_("reason"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=models.F("budget_max")),
                name="collaboration_budget_range_ordered",
            )
        ]
        verbose_name = _("collaboration request")
        verbose_name_plural = _("collaboration requests")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("collaboration:detail", args=[self.pk])

    @property
    def is_accepting_responses(self):
        return not self.is_hidden and self.status in (
            self.Status.OPEN,
            self.Status.IN_DISCUSSION,
        )

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.OPEN, self.Status.IN_DISCUSSION)

    @property
    def is_past_deadline(self):
        return bool(self.deadline and self.deadline < timezone.localdate())


ATTACHMENT_CONTENT_TYPES = {
    "application/pdf": _("PDF"),
    "image/png": _("PNG image"),
    "image/jpeg": _("JPEG image"),
    "image/webp": _("WebP image"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _("Word document"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _("Excel workbook"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _(
        "PowerPoint presentation"
    ),
}


def private_storage():
    return storages["private"]


def attachment_upload_to(instance, filename):
    # A random name with the extension of the detected type, never the client's name.
    return random_name(
        f"collaboration/{timezone.now():%Y/%m}", EXTENSIONS.get(instance.content_type, "")
    )


class RequestAttachment(models.Model):
    request = models.ForeignKey(
        CollaborationRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_upload_to, storage=private_storage)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("collaboration:attachment", args=[self.pk])

    @property
    def type_label(self):
        return ATTACHMENT_CONTENT_TYPES.get(self.content_type, self.content_type)


class InterestResponse(models.Model):
    """Another member's "we can help": accepted ones open a private thread with the requester."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    request = models.ForeignKey(
        CollaborationRequest, on_delete=models.CASCADE, related_name="responses"
    )
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interest_responses"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="interest_responses"
    )
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "responder"], name="one_response_per_person_and_request"
            )
        ]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self):
        return f"{self.organisation} → {self.request}"

    @property
    def is_accepted(self):
        return self.status == self.Status.ACCEPTED


class ConversationMessage(models.Model):
    """A message in the private thread between the requester and one accepted responder."""

    response = models.ForeignKey(
        InterestResponse, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")

    def __str__(self):
        return self.body[:60]
