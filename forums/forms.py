"""All input validation for pitches, decks, reviews, decisions and outcomes."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.forms import TagField

from cluster_hub.file_types import PDF, PPTX, detect_content_type
from cluster_hub.tags import tag_input
from clusters.models import MemberProfile
from forums.models import Pitch
from outcomes.models import Outcome

DECK_TYPES = {PDF: "PDF", PPTX: "PPTX"}


def validate_deck(upload):
    """PDF or PPTX by content (complete, not renamed), within the size limit, a plain name."""
    limit = settings.DECK_MAX_UPLOAD_BYTES
    name = upload.name or ""
    if not name or name.startswith(".") or any(char in name for char in "/\\\x00"):
        raise ValidationError(_("The file name is not allowed. Rename the file and try again."))
    if upload.size > limit:
        raise ValidationError(
            _("The deck is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    content_type = detect_content_type(upload)
    if content_type == PPTX:
        import zipfile

        with zipfile.ZipFile(upload) as archive:
            if "ppt/presentation.xml" not in archive.namelist():
                content_type = None
        upload.seek(0)
    if content_type not in DECK_TYPES:
        raise ValidationError(
            _("“%(name)s” is not a complete PDF or PowerPoint (PPTX) file.") % {"name": name}
        )
    upload.detected_content_type = content_type
    return upload


class PitchForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    item = forms.CharField(
        label=_("Technology or business item"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you make or offer, and what is new about it."),
    )
    market_outlook = forms.CharField(
        label=_("Market outlook"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    business_plan = forms.CharField(
        label=_("Business plan summary"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Pitch.Stage.choices)
    funding_ask = forms.IntegerField(
        label=_("Funding sought (KRW)"),
        required=False,
        min_value=0,
        max_value=10**13,
        help_text=_("For example 300000000 for KRW 300 million. Leave empty if none."),
    )
    team = forms.CharField(
        label=_("Team"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    presenters = forms.ModelMultipleChoiceField(
        label=_("Presenters"),
        queryset=MemberProfile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = TagField(
        label=_("Expertise tags"),
        required=False,
        widget=tag_input(),
        help_text=_("Comma-separated. Used to find reviewers who know the field."),
    )

    def __init__(self, *args, organisation_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenters"].queryset = MemberProfile.objects.filter(
            organisation_id=organisation_id, membership_confirmed=True
        ).order_by("full_name")

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("Please enter a title."))
        return title

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        if len(tags) > 10:
            raise ValidationError(_("Use at most 10 tags."))
        return tags

    @classmethod
    def initial_for(cls, pitch):
        return {
            "title": pitch.title,
            "item": pitch.item,
            "market_outlook": pitch.market_outlook,
            "business_plan": pitch.business_plan,
            "stage": pitch.stage,
            "funding_ask": pitch.funding_ask,
            "team": pitch.team,
            "presenters": list(pitch.presenters.all()),
            "tags": list(pitch.tags.all()),
        }


class DeckForm(forms.Form):
    deck = forms.FileField(
        label=_("Deck"),
        help_text=_("PDF or PowerPoint (PPTX), up to 30 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.pptx,application/pdf," + PPTX}),
        error_messages={"required": _("Choose a PDF or PPTX file.")},
    )

    def clean_deck(self):
        return validate_deck(self.cleaned_data["deck"])


class ReviewForm(forms.Form):
    comment_to_coordinators = forms.CharField(
        label=_("Comment to coordinators"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comment_to_pitcher = forms.CharField(
        label=_("Comment to the pitcher"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("May be included in the decision email."),
    )

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        scores = {}
        for key, label, weight in rubric:
            self.fields[f"score_{key}"] = forms.TypedChoiceField(
                label=f"{label} ({weight}%)" if weight else str(label),
                choices=[(value, str(value)) for value in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "score-choice"}),
            )
            scores[key] = self.fields[f"score_{key}"]
        # Scores first, comments after.
        self.order_fields([f"score_{key}" for key, _label, _weight in rubric])

    def scores(self):
        return {key: self.cleaned_data[f"score_{key}"] for key, _label, _weight in self.rubric}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", pgettext_lazy("forum decision", "Accept")),
            ("waitlist", _("Waiting list")),
            ("reject", _("Reject")),
        ]
    )
    include_comments = forms.BooleanField(
        label=_("Include reviewers' comments to the pitcher"), required=False, initial=True
    )


class ProgrammeForm(forms.Form):
    starts_at = forms.TimeField(
        label=_("First pitch at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    minutes = forms.IntegerField(label=_("Minutes per pitch"), min_value=5, max_value=60)


class OutcomeForm(forms.ModelForm):
    """A pitch's outcome, for the ledger (the service checks the figures against the kind)."""

    counterparty = forms.CharField(
        label=_("investor or counterparty"), max_length=200, required=False
    )

    class Meta:
        model = Outcome
        fields = [
            "kind",
            "amount",
            "currency",
            "investment_kind",
            "quantity",
            "occurred_on",
            "note",
        ]
        widgets = {"occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    field_order = ["kind", "amount", "currency", "investment_kind", "counterparty"]

    def _post_clean(self):
        pass  # the ledger's service validates and saves
