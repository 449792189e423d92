"""One ledger of what the agency's programmes achieved: investment, contracts, MOUs, joint R&D,
patents and certifications, jobs and revenue, each with where it came from (a pitch, a B2B
meeting, …) and whether the other side has confirmed it."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cluster_hub.uploads import EXTENSIONS, random_name
from clusters.models import Organisation


class Outcome(models.Model):
    class Kind(models.TextChoices):
        INVESTMENT = "investment", _("Investment")
        SUPPLY_CONTRACT = "supply_contract", _("Supply contract")
        EXPORT_CONTRACT = "export_contract", _("Export contract")
        MOU = "mou", _("MOU")
        JOINT_RD = "joint_rd", _("Joint R&D agreement")
        PATENT = "patent", _("Patent")
        CERTIFICATION = "certification", _("Certification")
        JOBS = "jobs", _("Jobs created")
        REVENUE = "revenue", _("Revenue")

    class InvestmentKind(models.TextChoices):
        ANGEL = "angel", _("Angel")
        VC = "vc", _("Venture capital")
        CROWDFUNDING = "crowdfunding", _("Crowdfunding")
        LOAN = "loan", _("Loan")
        GRANT = "grant", _("Grant")

    class Currency(models.TextChoices):
        KRW = "KRW", "KRW"
        USD = "USD", "USD"

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Claimed")
        CONFIRMED = "confirmed", _("Confirmed by the other side")
        VERIFIED = "verified", _("Verified by the agency")
        DISPUTED = "disputed", _("Disputed by the other side")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # What reports count: confirmed by the other side or verified by the agency.
    COUNTING = (Status.CONFIRMED, Status.VERIFIED)

    class Side(models.TextChoices):
        ORGANISATION = "organisation", _("The organisation")
        COUNTERPART = "counterpart", _("The other side")
        AGENCY = "agency", _("The agency")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    investment_kind = models.CharField(
        _("investment kind"), max_length=20, choices=InvestmentKind.choices, blank=True
    )
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.KRW
    )
    quantity = models.PositiveIntegerField(_("number (patents, jobs)"), null=True, blank=True)
    occurred_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The organisation the outcome is credited to (the supported firm) and the other side:
    # an organisation of the directory, a person with an account (a buyer, an investor), or only
    # a name. Outcomes of one firm alone (patents, jobs, revenue) have no other side.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="outcomes"
    )
    counterpart = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes_as_counterpart",
    )
    counterpart_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes_as_counterpart",
    )
    counterpart_name = models.CharField(_("other side"), max_length=200, blank=True)
    # Where it came from (outcomes.origins names the kinds); none for an outcome on its own.
    origin_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CLAIMED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_side = models.CharField(max_length=12, choices=Side.choices)
    recorded_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["origin_type", "origin_id"]),
            models.Index(fields=["status", "occurred_on"]),
        ]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.organisation}"

    def get_absolute_url(self):
        return reverse("outcomes:outcome", args=[self.pk])

    @property
    def counts(self):
        """Reports count confirmed and verified outcomes; claimed ones are shown apart."""
        return self.status in self.COUNTING

    @property
    def has_other_side(self):
        return self.counterpart_id is not None or self.counterpart_user_id is not None

    @property
    def recorder_name(self):
        """Who recorded it, as the other side knows them."""
        if self.recorded_side == self.Side.ORGANISATION:
            return self.organisation.display_name
        if self.recorded_side == self.Side.COUNTERPART:
            return self.other_side_name
        return self.get_recorded_side_display()

    @property
    def other_side_name(self):
        if self.counterpart_id is not None:
            return self.counterpart.display_name
        return self.counterpart_name


def _private_storage():
    return storages["private"]


def evidence_upload_to(instance, filename):
    # A random name with the extension of the detected type, never the client's name.
    return random_name(
        f"outcomes/{timezone.now():%Y/%m}", EXTENSIONS.get(instance.content_type, "")
    )


class OutcomeEvidence(models.Model):
    """A contract, certificate or statement a coordinator checks before verifying an outcome:
    private, checked by content, stored under a random name."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_upload_to, storage=_private_storage)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("outcomes:evidence", args=[self.pk])


class OutcomeChange(models.Model):
    """The audit trail: every change to an outcome, who made it and when, with the values
    before and after."""

    class Action(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        EDITED = "edited", _("Edited")
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Disputed")
        VERIFIED = "verified", _("Verified")
        EVIDENCE = "evidence", _("Evidence added")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        MIGRATED = "migrated", _("Moved into the ledger")

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    # {field: [before, after]} as text, and a reason where one was given.
    changes = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("outcome change")
        verbose_name_plural = _("outcome changes")

    def __str__(self):
        return f"{self.get_action_display()} · {self.outcome_id}"
