"""Live events: event pages with sessions, registration and check-in, and the live rooms of
realtime Q&A (questions, votes, polls, jury scores) with their numbered event log.

Page content (the event and its sessions) is edited in Wagtail and saved from revisions; the
live state of a session (sequence counters, the current session, the highlighted question) lives
in `LiveRoom`, outside the page, so that publishing a revision never rewinds it.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cluster_hub.pages import RegisteredRoutesMixin, SourcePageMixin
from clusters.models import MemberProfile, MiniClusterPage
from forums.models import ForumEditionPage, Pitch

RICH_TEXT = ["bold", "italic", "ol", "ul", "link"]
# Check-in codes avoid look-alike characters (0/O, 1/I/L) because people type them at the door.
CHECK_IN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_check_in_code():
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(8))


class EventIndexPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = EventPage.objects.live().child_of(self).order_by("starts_at")
        now = timezone.now()
        context["upcoming"] = [event for event in events if event.ends_at >= now]
        context["past"] = [event for event in reversed(events) if event.ends_at < now]
        return context


class EventPage(RegisteredRoutesMixin, SourcePageMixin, Page):
    """A forum's live day, a seminar, a buyer fair or a policy forum."""

    class Kind(models.TextChoices):
        FORUM_DAY = "forum_day", _("Forum live day")
        SEMINAR = "seminar", _("Seminar")
        BUYER_FAIR = "buyer_fair", _("Buyer fair")
        POLICY_FORUM = "policy_forum", _("Policy forum")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SEMINAR)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=255)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = RichTextField(_("description"), blank=True, features=RICH_TEXT)
    host_clusters = ParentalManyToManyField(
        MiniClusterPage, blank=True, related_name="+", verbose_name=_("host clusters")
    )
    forum_edition = models.ForeignKey(
        ForumEditionPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("forum edition"),
        help_text=_("For a forum's live day: its programme becomes the sessions."),
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    moderated = models.BooleanField(
        _("moderated Q&A"),
        default=True,
        help_text=_("Questions wait for a moderator's approval before the audience sees them."),
    )
    allow_anonymous = models.BooleanField(
        _("anonymous questions allowed"),
        default=True,
        help_text=_("Askers may hide their name from the audience (moderators always see it)."),
    )

    class Participants(models.TextChoices):
        REGISTERED = "registered", _("Registered attendees")
        SIGNED_IN = "signed_in", _("Anyone signed in")

    qa_participants = models.CharField(
        _("who may ask, vote and answer polls"),
        max_length=20,
        choices=Participants.choices,
        default=Participants.REGISTERED,
        help_text=_("Everyone can follow the live room; this decides who may take part."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("venue"),
                FieldPanel("host_clusters"),
                FieldPanel("forum_edition"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("registration_open"), FieldPanel("capacity")],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("moderated"),
                FieldPanel("allow_anonymous"),
                FieldPanel("qa_participants"),
            ],
            heading=_("Live Q&A"),
        ),
        InlinePanel("sessions", label=_("Sessions")),
        InlinePanel("jury", label=_("Jury")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def is_past(self):
        return self.ends_at < timezone.now()


class EventSession(Orderable):
    """An agenda item: a talk, a panel with its chair, a pitch, or a break."""

    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        PANEL = "panel", _("Panel")
        PITCH = "pitch", _("Pitch")
        BREAK = "break", _("Break")

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TALK)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    speakers = ParentalManyToManyField(
        MemberProfile, blank=True, related_name="+", verbose_name=_("speakers or panel")
    )
    chair = models.ForeignKey(
        MemberProfile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("chair"),
    )
    pitch = models.ForeignKey(
        Pitch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_sessions",
        verbose_name=_("pitch"),
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("room"),
        FieldPanel("speakers"),
        FieldPanel("chair"),
        FieldPanel("pitch"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.title

    @property
    def has_qa(self):
        return self.kind != self.Kind.BREAK


class JuryMember(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="jury")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )

    panels = [FieldPanel("user")]

    class Meta(Orderable.Meta):
        verbose_name = _("jury member")
        verbose_name_plural = _("jury")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="unique_jury_member"),
        ]

    def __str__(self):
        return str(self.user)


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    code = models.CharField(
        _("check-in code"), max_length=12, unique=True, default=new_check_in_code
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.event}"


class LiveRoom(models.Model):
    """The live state of one session: two sequence counters (the audience's stream and the
    moderators' stream), whether it is the event's current session, and the highlight."""

    session = models.OneToOneField(EventSession, on_delete=models.CASCADE, related_name="live")
    public_seq = models.PositiveBigIntegerField(default=0)
    staff_seq = models.PositiveBigIntegerField(default=0)
    is_current = models.BooleanField(default=False)
    started_at = models.DateTimeField(null=True, blank=True)
    highlighted = models.ForeignKey(
        "Question", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"live: {self.session}"


class RoomEvent(models.Model):
    """Everything a stream ever carried, numbered without gaps: a client that reconnects asks
    for what follows the last number it saw."""

    class Stream(models.TextChoices):
        PUBLIC = "public"
        STAFF = "staff"

    room = models.ForeignKey(LiveRoom, on_delete=models.CASCADE, related_name="log")
    stream = models.CharField(max_length=6, choices=Stream.choices)
    seq = models.PositiveBigIntegerField()
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["room", "stream", "seq"], name="one_event_per_seq"),
        ]

    def __str__(self):
        return f"{self.room_id}/{self.stream}#{self.seq}"


class Question(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        VISIBLE = "visible", _("Visible")
        HIDDEN = "hidden", _("Hidden")

    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="questions")
    pitch = models.ForeignKey(
        Pitch, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_questions"
    )
    body = models.TextField(_("question"))
    anonymous = models.BooleanField(_("hide my name from the audience"), default=False)
    status = models.CharField(max_length=8, choices=Status.choices, db_index=True)
    answered = models.BooleanField(default=False)
    edited = models.BooleanField(default=False)
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    vote_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.body[:60]


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="one_vote_per_person"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.question_id}"


class Poll(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(_("question"), max_length=300)
    multiple = models.BooleanField(_("several answers allowed"), default=False)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.question


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class PollAnswer(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "user"], name="one_answer_per_option"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.option_id}"


class JuryScore(models.Model):
    """One juror's live scores for one pitch on the edition's rubric (criterion key → 1..5)."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="jury_scores")
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="jury_scores")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scores = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "pitch", "juror"], name="one_score_per_juror"),
        ]

    def __str__(self):
        return f"{self.juror} → {self.pitch}"
