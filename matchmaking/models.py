"""1:1 B2B meetings at a buyer fair (a purchase exhibition or an online export consultation).

A buyer-fair event opens `Matchmaking`: its time slots, tables and interpreters. Exhibitors and
buyers who registered for the event join as `Participant`s, send each other `MeetingRequest`s,
and an accepted request becomes one `Meeting` in a slot — picked by the two people, or placed by
the coordinator's automatic scheduler as a draft that the coordinator publishes.

Double booking is impossible in the database, whatever writes it: one `MeetingSeat` per person
per slot (unique), one meeting per table per slot and per interpreter per slot (unique).
"""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cluster_hub.uploads import EXTENSIONS, random_name
from clusters.hs_codes import chapter_codes, chapter_label
from clusters.models import Country, Organisation
from events.models import EventPage


def new_room_key():
    """The unguessable part of an online meeting's address (22 characters)."""
    return secrets.token_urlsafe(16)


# Interpreters work between Korean and one of these.
INTERPRETER_LANGUAGES = [("en", _("English")), ("zh", _("Chinese")), ("vi", _("Vietnamese"))]


class Matchmaking(models.Model):
    class Scheduling(models.TextChoices):
        SELF_SERVICE = "self", _("Participants pick free slots themselves")
        AUTOMATIC = "automatic", _("The coordinator runs the automatic scheduler")

    event = models.OneToOneField(EventPage, on_delete=models.CASCADE, related_name="matchmaking")
    is_open = models.BooleanField(
        _("open for requests"),
        default=True,
        help_text=_("Participants browse each other and send meeting requests."),
    )
    scheduling = models.CharField(
        _("scheduling"), max_length=10, choices=Scheduling.choices, default=Scheduling.AUTOMATIC
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    requests_expire_at = models.DateTimeField(
        _("unanswered requests expire at"), null=True, blank=True
    )
    include_mutual_wishes = models.BooleanField(
        _("schedule mutual wishes"),
        default=False,
        help_text=_(
            "The scheduler also places pairs who both asked to meet each other, even if "
            "neither has answered yet."
        ),
    )
    online_url_template = models.CharField(
        _("online meeting address"),
        max_length=300,
        blank=True,
        help_text=_("For example https://meet.example.org/fair-{event}-{meeting}."),
    )
    published_at = models.DateTimeField(_("schedule published at"), null=True, blank=True)
    last_run = models.JSONField(default=dict, blank=True)  # the scheduler's last report
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("matchmaking")
        verbose_name_plural = _("matchmaking")

    def __str__(self):
        return str(self.event)

    def get_absolute_url(self):
        return reverse("matchmaking:home", args=[self.event.slug])


class TimeSlot(models.Model):
    matchmaking = models.ForeignKey(Matchmaking, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    is_break = models.BooleanField(_("break"), default=False)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["matchmaking", "starts_at"], name="one_slot_per_start"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            ),
        ]
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class MeetingTable(models.Model):
    matchmaking = models.ForeignKey(Matchmaking, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(_("name"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["matchmaking", "name"], name="one_table_per_name")
        ]
        verbose_name = _("table")
        verbose_name_plural = _("tables")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """Numbered tables read "Table 3" in the reader's language; named ones keep the name."""
        if self.name.isdigit():
            return _("Table %(number)s") % {"number": self.name}
        return self.name


class Interpreter(models.Model):
    matchmaking = models.ForeignKey(
        Matchmaking, on_delete=models.CASCADE, related_name="interpreters"
    )
    name = models.CharField(_("name"), max_length=100)
    languages = models.CharField(
        _("languages"), max_length=20, help_text=_("Codes besides Korean: en, zh, vi.")
    )
    unavailable_slots = models.ManyToManyField(TimeSlot, blank=True, related_name="+")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")

    def __str__(self):
        return self.name

    @property
    def language_codes(self):
        return frozenset(self.languages.split())


class Participant(models.Model):
    class Role(models.TextChoices):
        EXHIBITOR = "exhibitor", _("Exhibitor")
        BUYER = "buyer", _("Buyer")

    matchmaking = models.ForeignKey(
        Matchmaking, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_participations"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_participations",
        verbose_name=_("organisation"),
    )
    company = models.CharField(_("company"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    languages = models.CharField(
        _("languages spoken"), max_length=40, help_text=_("Codes: ko, en, zh, vi.")
    )
    interests = models.TextField(
        _("what you offer or look for"), blank=True, help_text=_("Products, categories, HS codes.")
    )
    unavailable_slots = models.ManyToManyField(
        TimeSlot, blank=True, related_name="+", verbose_name=_("slots you are not available")
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["company", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["matchmaking", "user"], name="one_participation_per_person"
            )
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return f"{self.company} ({self.get_role_display()})"

    @property
    def language_codes(self):
        return self.languages.split()

    @property
    def display_name(self):
        """An exhibitor's organisation in the reader's language (its English name for
        non-Korean readers); a buyer's company as they wrote it."""
        return self.organisation.display_name if self.organisation_id else self.company


class MeetingRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Withdrawn")

    class Priority(models.IntegerChoices):
        NICE = 1, _("Nice to meet")
        WANTED = 2, _("Want to meet")
        MUST = 3, _("Must meet")

    matchmaking = models.ForeignKey(Matchmaking, on_delete=models.CASCADE, related_name="requests")
    sender = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sent_requests")
    recipient = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="received_requests"
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.WANTED
    )
    interpreter_language = models.CharField(
        _("interpreter needed"),
        max_length=2,
        blank=True,
        choices=INTERPRETER_LANGUAGES,
        help_text=_("Korean ↔ this language."),
    )
    online = models.BooleanField(_("online meeting"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")), name="no_request_to_oneself"
            ),
            # One live request per direction: a declined or withdrawn one may be sent again.
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="one_live_request_per_pair",
            ),
        ]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")

    def __str__(self):
        return f"{self.sender} → {self.recipient} ({self.status})"

    @property
    def exhibitor(self):
        return self.sender if self.sender.role == Participant.Role.EXHIBITOR else self.recipient

    @property
    def buyer(self):
        return self.recipient if self.sender.role == Participant.Role.EXHIBITOR else self.sender

    def other_than(self, participant_id):
        """The other side, as `participant_id` (either party) sees it."""
        return self.recipient if self.sender_id == participant_id else self.sender


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        NO_SHOW = "no_show", _("No-show")

    class Source(models.TextChoices):
        PICKED = "picked", _("Picked by the participants")
        SCHEDULER = "scheduler", _("Placed by the scheduler")
        COORDINATOR = "coordinator", _("Placed by the coordinator")

    matchmaking = models.ForeignKey(Matchmaking, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    slot = models.ForeignKey(TimeSlot, on_delete=models.PROTECT, related_name="meetings")
    table = models.ForeignKey(
        MeetingTable, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    interpreter = models.ForeignKey(
        Interpreter, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    room_key = models.CharField(max_length=32, default=new_room_key, editable=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slot__starts_at", "table__sort_order", "id"]
        constraints = [
            # NULL tables (online meetings) and NULL interpreters never collide.
            models.UniqueConstraint(fields=["slot", "table"], name="one_meeting_per_table_slot"),
            models.UniqueConstraint(
                fields=["slot", "interpreter"], name="one_meeting_per_interpreter_slot"
            ),
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.request.sender.company} · {self.request.recipient.company} · {self.slot}"

    @property
    def is_online(self):
        return self.table_id is None

    @property
    def is_published(self):
        return self.status != self.Status.DRAFT


class MeetingSeat(models.Model):
    """One row per person per meeting: a person can hold one seat per slot, which the
    database enforces for every writer (self-service picks, the scheduler, the coordinator)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(TimeSlot, on_delete=models.CASCADE, related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)  # the day-before reminder

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "slot"], name="one_seat_per_slot")
        ]

    def __str__(self):
        return f"{self.participant} @ {self.slot}"


class MeetingFeedback(models.Model):
    class NextStep(models.TextChoices):
        NONE = "none", _("No next step")
        SECOND_MEETING = "second_meeting", _("A second meeting")
        SAMPLES = "samples", _("Samples")
        QUOTATION = "quotation", _("A quotation")
        NEGOTIATION = "negotiation", _("Negotiation")
        CONTRACT = "contract", _("A contract")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    held = models.BooleanField(_("the meeting took place"))
    interest = models.PositiveSmallIntegerField(
        _("interest"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (none) to 5 (very strong)."),
    )
    next_step = models.CharField(
        _("next step"), max_length=16, choices=NextStep.choices, default=NextStep.NONE
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"], name="one_feedback_per_person"
            )
        ]
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")

    def __str__(self):
        return f"{self.participant} · {self.meeting_id}"


class FollowUp(models.Model):
    """Three months after a meeting that took place, each side is asked what came of it: the
    figures the agency reports (negotiations, agreements, contract value)."""

    class Currency(models.TextChoices):
        KRW = "KRW", "KRW"
        USD = "USD", "USD"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    asked_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    negotiating = models.BooleanField(_("we are negotiating"), default=False)
    agreement = models.BooleanField(_("we signed an agreement (MOU, contract)"), default=False)
    contract_value = models.DecimalField(
        _("contract value"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.KRW
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant"], name="one_follow_up_each")
        ]
        verbose_name = _("meeting follow-up")
        verbose_name_plural = _("meeting follow-ups")

    def __str__(self):
        return f"{self.participant} · {self.meeting_id}"

    def get_absolute_url(self):
        return reverse("matchmaking:follow_up", args=[self.pk])


# --- buyers and their inquiries (RFQ) ----------------------------------------------------------


class BuyerProfile(models.Model):
    """A person who sources from the cluster's firms; coordinators verify them before their
    inquiries reach a firm."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buyer_profile"
    )
    company = models.CharField(_("company"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    website = models.URLField(_("website"), blank=True)
    sourcing = models.TextField(
        _("what you source"),
        max_length=2000,
        help_text=_("Products, categories or HS codes you are looking for."),
    )
    # Space-separated HS chapters ("84 85"): firms find the buyers of their product category.
    hs_chapters = models.CharField(_("product categories"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")

    def __str__(self):
        return f"{self.company} ({self.country})"

    @property
    def is_verified(self):
        return self.verified_at is not None

    @property
    def chapter_codes(self):
        return chapter_codes(self.hs_chapters)

    @property
    def chapter_labels(self):
        return [chapter_label(code) for code in self.chapter_codes]


class Incoterm(models.TextChoices):
    EXW = "EXW", "EXW"
    FOB = "FOB", "FOB"
    CIF = "CIF", "CIF"
    DAP = "DAP", "DAP"
    DDP = "DDP", "DDP"


class Inquiry(models.Model):
    """A buyer's request for quotation to a firm, about one of its products or in general.
    Only the buyer and the firm's confirmed members read it; coordinators see counts."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        QUOTED = "quoted", _("Quoted")
        WON = "closed_won", _("Closed: order won")
        LOST = "closed_lost", _("Closed: no order")

    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inquiries_sent"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="inquiries"
    )
    product = models.ForeignKey(
        "clusters.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
        verbose_name=_("product"),
    )
    quantity = models.CharField(_("quantity"), max_length=100, help_text=_("e.g. 5,000 pcs"))
    target_price = models.CharField(
        _("target price"), max_length=100, blank=True, help_text=_("e.g. USD 2.40 per piece")
    )
    incoterm = models.CharField(_("incoterm"), max_length=3, choices=Incoterm.choices, blank=True)
    deadline = models.DateField(_("answer wanted by"), null=True, blank=True)
    message = models.TextField(_("message"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    # Either side may ask the agency for help; until one of them ends it, the coordinators of
    # the firm's clusters read and write in the thread.
    help_requested_at = models.DateTimeField(null=True, blank=True, db_index=True)
    help_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    help_reason = models.CharField(_("what the agency could help with"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")

    def __str__(self):
        return f"{self.organisation} · {self.quantity}"

    def get_absolute_url(self):
        return reverse("matchmaking:inquiry", args=[self.pk])

    @property
    def is_closed(self):
        return self.status in (self.Status.WON, self.Status.LOST)

    @property
    def asks_for_help(self):
        return self.help_requested_at is not None


class InquiryMessage(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.inquiry_id} · {self.author_id}"


def _private_storage():
    return storages["private"]


def inquiry_attachment_upload_to(instance, filename):
    # A random name with the extension of the detected type, never the client's name.
    return random_name(
        f"inquiries/{timezone.now():%Y/%m}", EXTENSIONS.get(instance.content_type, "")
    )


class InquiryAttachment(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        InquiryMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=inquiry_attachment_upload_to, storage=_private_storage)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("matchmaking:inquiry_attachment", args=[self.pk])
