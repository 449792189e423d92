"""Every input of live events, from pages and from WebSocket frames, is validated here."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.text_filter import blocked_words

QUESTION_MAX = 500
REPLY_MAX = 2000


def _no_blocked_words(text):
    if blocked_words(text):
        raise ValidationError(
            _("Please rephrase: your text contains words this Q&A does not allow."),
            code="blocked_words",
        )


def _not_blank(text):
    if not text.strip():
        raise ValidationError(_("Please write something first."), code="blank")


WRITE_SOMETHING = {"required": _("Please write something first.")}


class QuestionForm(forms.Form):
    body = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX,
        strip=True,
        error_messages=WRITE_SOMETHING,
        validators=[_not_blank, _no_blocked_words],
    )
    anonymous = forms.BooleanField(label=_("Hide my name from the audience"), required=False)


class EditQuestionForm(forms.Form):
    body = forms.CharField(
        max_length=QUESTION_MAX, strip=True, validators=[_not_blank], error_messages=WRITE_SOMETHING
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Answer"),
        max_length=REPLY_MAX,
        strip=True,
        error_messages=WRITE_SOMETHING,
        validators=[_not_blank],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def answer_prefix(question):
    """Each open question on a pitch page has its own answer form (and field ids)."""
    return f"question-{question.pk}"


class PollForm(forms.Form):
    question = forms.CharField(label=_("Poll question"), max_length=300, validators=[_not_blank])
    options = forms.CharField(
        label=_("Options, one per line"), widget=forms.Textarea(attrs={"rows": 4})
    )
    multiple = forms.BooleanField(label=_("Several answers allowed"), required=False)

    def clean_options(self):
        raw = self.cleaned_data["options"]
        lines = raw if isinstance(raw, list) else str(raw).splitlines()
        options = [str(line).strip()[:120] for line in lines if str(line).strip()]
        if len(options) < 2:
            raise ValidationError(_("Give at least two options."), code="too_few")
        if len(options) > 8:
            raise ValidationError(_("Give at most eight options."), code="too_many")
        if len(set(options)) != len(options):
            raise ValidationError(_("Each option must be different."), code="duplicate")
        return options


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=20, strip=True)


def score_form_class(rubric):
    """A form with one 1–5 choice per rubric criterion."""
    choices = [(value, str(value)) for value in range(1, 6)]
    fields = {
        key: forms.TypedChoiceField(
            label=label, choices=choices, coerce=int, widget=forms.RadioSelect
        )
        for key, label, _weight in rubric
    }
    return type("ScoreForm", (forms.Form,), fields)


def first_error(form):
    """One message for a WebSocket error frame."""
    for errors in form.errors.values():
        return str(errors[0])
    return str(_("Invalid input."))


class RegistrantMessageForm(forms.Form):
    """A coordinator's message to everyone registered (and, if chosen, the waiting list)."""

    subject = forms.CharField(label=_("Subject"), max_length=150, validators=[_not_blank])
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        validators=[_not_blank],
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    include_waitlist = forms.BooleanField(label=_("Also write to the waiting list"), required=False)
