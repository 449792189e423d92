"""Every input of matchmaking, validated here; the views hand clean data to the services."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from clusters import permissions as cluster_permissions
from clusters.hs_codes import chapter_choices
from collaboration.forms import MultipleFileField
from matchmaking.models import (
    INTERPRETER_LANGUAGES,
    BuyerProfile,
    Country,
    FollowUp,
    Inquiry,
    Matchmaking,
    MeetingFeedback,
    MeetingRequest,
    MeetingTable,
    Participant,
    TimeSlot,
)
from translations.queries import localized_text, prefetch_translations

SPOKEN_LANGUAGES = [
    ("ko", _("Korean")),
    ("en", _("English")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
]


def slot_label(slot, *, with_day=False):
    """ "14:00–14:30", or with the day in the reader's locale ("12월 2일 14:00–14:30")."""
    starts, ends = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    times = f"{starts:%H:%M}–{ends:%H:%M}"
    return f"{formats.date_format(starts, 'MONTH_DAY_FORMAT')} {times}" if with_day else times


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, slot):
        return slot_label(slot, with_day=True)


class SlotsMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, slot):
        return slot_label(slot, with_day=True)


class JoinForm(forms.Form):
    role = forms.ChoiceField(
        label=_("I take part as"), choices=Participant.Role.choices, widget=forms.RadioSelect
    )
    company = forms.CharField(
        label=_("Company"),
        max_length=200,
        required=False,
        help_text=_("Exhibitors appear under their organisation's name."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=SPOKEN_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    interests = forms.CharField(
        label=_("What you offer or look for"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Products, categories, HS codes: others find you by these words."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == Participant.Role.EXHIBITOR and not cluster_permissions.member_organisation_id(
            self.user
        ):
            self.add_error(
                "role",
                _("Exhibitors join for their organisation: ask to join yours in your profile."),
            )
        if role == Participant.Role.BUYER and not cleaned.get("company"):
            self.add_error("company", _("Please give your company's name."))
        return cleaned


class AvailabilityForm(forms.Form):
    unavailable_slots = SlotsMultipleField(
        label=_("Slots when you are not available"),
        queryset=TimeSlot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, matchmaking, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable_slots"].queryset = TimeSlot.objects.filter(
            matchmaking=matchmaking, is_break=False
        )


class PeopleFilterForm(forms.Form):
    keyword = forms.CharField(label=_("Keyword"), required=False, max_length=100)
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("Any"))] + Country.choices
    )
    language = forms.ChoiceField(
        label=_("Speaks"), required=False, choices=[("", _("Any"))] + SPOKEN_LANGUAGES
    )
    chapter = forms.ChoiceField(
        label=_("Product category"),
        required=False,
        choices=lambda: [("", _("Any")), *chapter_choices()],
    )

    def filters(self):
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class MeetingRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you would like to talk about."),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=MeetingRequest.Priority.choices,
        coerce=int,
        initial=MeetingRequest.Priority.WANTED,
    )
    language = forms.ChoiceField(
        label=_("Interpreter needed"),
        required=False,
        choices=[("", _("No interpreter"))] + INTERPRETER_LANGUAGES,
        help_text=_("Korean ↔ this language."),
    )
    online = forms.BooleanField(label=_("Meet online"), required=False)


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


class PickSlotForm(forms.Form):
    slot = SlotChoiceField(label=_("Time"), queryset=TimeSlot.objects.none(), empty_label=None)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class MoveMeetingForm(forms.Form):
    slot = SlotChoiceField(label=_("Time"), queryset=TimeSlot.objects.none(), empty_label=None)
    table = forms.ModelChoiceField(
        label=_("Table"), queryset=MeetingTable.objects.none(), required=False
    )

    def __init__(self, *args, matchmaking, **kwargs):
        super().__init__(*args, **kwargs)
        slot_field, table_field = self.fields["slot"], self.fields["table"]
        slot_field.queryset = TimeSlot.objects.filter(matchmaking=matchmaking, is_break=False)
        table_field.queryset = MeetingTable.objects.filter(matchmaking=matchmaking)
        # The grid renders this form under every meeting: read the choices once, not per copy.
        slot_field.choices = [
            (s.pk, slot_field.label_from_instance(s)) for s in slot_field.queryset
        ]
        table_field.choices = [("", _("Any free table"))] + [
            (table.pk, table.display_name) for table in table_field.queryset
        ]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Matchmaking
        fields = [
            "is_open",
            "scheduling",
            "meeting_minutes",
            "requests_expire_at",
            "include_mutual_wishes",
            "online_url_template",
        ]
        widgets = {"requests_expire_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def clean_online_url_template(self):
        template = self.cleaned_data["online_url_template"]
        if template and not template.startswith("https://"):
            raise forms.ValidationError(_("The address must start with https://."))
        try:
            template.format(event="event", meeting="meeting")
        except (KeyError, IndexError, ValueError):
            raise forms.ValidationError(
                _("Use only {event} and {meeting} as placeholders.")
            ) from None
        return template


class SlotsForm(forms.Form):
    first_start = forms.DateTimeField(
        label=_("First meeting starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    count = forms.IntegerField(label=_("Number of meeting slots"), min_value=1, max_value=60)
    breaks_after = forms.CharField(
        label=_("Breaks after slots"),
        required=False,
        help_text=_("Slot numbers separated by commas, e.g. 4, 8."),
    )
    tables = forms.IntegerField(label=_("Tables"), min_value=0, max_value=200)

    def clean_breaks_after(self):
        raw = self.cleaned_data["breaks_after"]
        try:
            return {int(part) for part in raw.replace(" ", "").split(",") if part}
        except ValueError:
            raise forms.ValidationError(_("Give slot numbers separated by commas.")) from None


class InterpreterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    languages = forms.MultipleChoiceField(
        label=_("Languages (with Korean)"),
        choices=INTERPRETER_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )


class InterpreterUpdateForm(InterpreterForm):
    unavailable_slots = SlotsMultipleField(
        label=_("Slots when they are not available"),
        queryset=TimeSlot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, matchmaking, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable_slots"].queryset = TimeSlot.objects.filter(
            matchmaking=matchmaking, is_break=False
        )


class TableNameForm(forms.Form):
    name = forms.CharField(
        label=_("Table name"),
        max_length=60,
        help_text=_("As the sign at the venue reads, e.g. Hall A-3. A number reads “Table n”."),
    )


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = MeetingFeedback
        fields = ["held", "interest", "next_step", "comment"]
        widgets = {
            "interest": forms.Select(
                choices=[("", "—")] + [(value, str(value)) for value in range(1, 6)]
            ),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }


# --- buyers and inquiries ----------------------------------------------------------------------


def chapters_field(**kwargs):
    return forms.MultipleChoiceField(
        choices=chapter_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        **kwargs,
    )


class BuyerForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    hs_chapters = chapters_field(
        label=_("Product categories (HS chapters)"),
        help_text=_("Firms in these categories find you; hold Ctrl (⌘ on a Mac) to pick several."),
    )

    class Meta:
        model = BuyerProfile
        # hs_chapters is a list here; the service stores it (see become_buyer).
        fields = ["company", "country", "website", "sourcing"]
        widgets = {"sourcing": forms.Textarea(attrs={"rows": 4})}


class InquiryForm(forms.ModelForm):
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Drawings or specifications: PDF, images, Word, Excel or PowerPoint."),
    )

    class Meta:
        model = Inquiry
        fields = ["product", "quantity", "target_price", "incoterm", "deadline", "message"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "message": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        products = prefetch_translations(list(organisation.products.all()))
        self.fields["product"].queryset = organisation.products.all()
        self.fields["product"].empty_label = _("General inquiry")
        # The product names in the reader's language, read once with their translations.
        self.fields["product"].choices = [("", _("General inquiry"))] + [
            (product.pk, localized_text(product, "name")) for product in products
        ]

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError(_("The date has passed."))
        return deadline


class InquiryReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)
    quoted = forms.BooleanField(label=_("This message is our quotation"), required=False)


class InquiryHelpForm(forms.Form):
    reason = forms.CharField(
        label=_("What could the agency help with?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: no answer for two weeks, a language problem, a question about export "
            "rules. The cluster's coordinators will read this inquiry and can write in it."
        ),
    )


class InquiryStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Inquiry.Status.choices)


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["negotiating", "agreement", "contract_value", "currency", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"contract_value": _("Leave empty if there is no contract (yet).")}
