"""All input validation for collaboration requests, responses, messages and moderation."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from cluster_hub.tags import tag_input
from cluster_hub.uploads import validate_attachment
from clusters.forms import cluster_choices
from clusters.models import MiniClusterPage
from clusters.queries import localized_cluster_titles, source_clusters
from collaboration.models import CollaborationRequest, RequestKind

MAX_ATTACHMENTS = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS})
        errors = []
        cleaned = []
        for upload in files:
            try:
                cleaned.append(validate_attachment(super().clean(upload, initial)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of collaboration"), choices=RequestKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What you need, by when, and what you can offer in return."),
    )
    tags = TagField(
        label=_("Expertise tags"),
        required=False,
        widget=tag_input(),
        help_text=_("Comma-separated, e.g. 탄소섬유, injection moulding. Used for matching."),
    )
    target_clusters = forms.ModelMultipleChoiceField(
        label=_("Target clusters"),
        queryset=MiniClusterPage.objects.none(),  # set per request: needs the database
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    budget_min = forms.IntegerField(label=_("Budget from (KRW)"), required=False, min_value=0)
    budget_max = forms.IntegerField(label=_("Budget up to (KRW)"), required=False, min_value=0)
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=CollaborationRequest.Visibility.choices,
        initial=CollaborationRequest.Visibility.MEMBERS,
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Up to 5 files: PDF, images, Word, Excel or PowerPoint, 10 MB each."),
    )

    def __init__(self, *args, existing_attachments=(), locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        titles = localized_cluster_titles(locale)
        self.fields["target_clusters"].queryset = source_clusters().live().order_by("path")
        self.fields["target_clusters"].label_from_instance = lambda page: titles.get(
            page.translation_key, page.title
        )
        self.existing_attachments = list(existing_attachments)
        if self.existing_attachments:
            self.fields["remove_attachments"] = forms.MultipleChoiceField(
                label=_("Remove attachments"),
                required=False,
                choices=[(str(item.pk), item.name) for item in self.existing_attachments],
                widget=forms.CheckboxSelectMultiple,
            )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("Please enter a title."))
        return title

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        if len(tags) > 15:
            raise ValidationError(_("Use at most 15 tags."))
        if any(len(tag) > 50 for tag in tags):
            raise ValidationError(_("Each tag can be at most 50 characters long."))
        return tags

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline and deadline < timezone.localdate():
            raise ValidationError(_("The deadline cannot be in the past."))
        return deadline

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("budget_min"), cleaned.get("budget_max")
        if low is not None and high is not None and low > high:
            self.add_error("budget_max", _("The upper budget must not be below the lower one."))
        kept = len(self.existing_attachments) - len(cleaned.get("remove_attachments") or [])
        if kept + len(cleaned.get("attachments") or []) > MAX_ATTACHMENTS:
            self.add_error(
                "attachments",
                _("A request can have at most %(count)s attachments.") % {"count": MAX_ATTACHMENTS},
            )
        return cleaned

    @classmethod
    def initial_for(cls, collaboration_request):
        return {
            "kind": collaboration_request.kind,
            "title": collaboration_request.title,
            "description": collaboration_request.description,
            "tags": list(collaboration_request.tags.all()),
            "target_clusters": list(collaboration_request.target_clusters.all()),
            "budget_min": collaboration_request.budget_min,
            "budget_max": collaboration_request.budget_max,
            "deadline": collaboration_request.deadline,
            "visibility": collaboration_request.visibility,
        }

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        return {
            "tags": data.pop("tags"),
            "target_clusters": data.pop("target_clusters"),
            "attachments": data.pop("attachments") or [],
            **(
                {"remove_attachments": data.pop("remove_attachments")}
                if "remove_attachments" in data
                else {}
            ),
            **data,
        }


class InterestForm(forms.Form):
    message = forms.CharField(
        label=_("Your message to the requester"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say what you can offer: products, capacity, experience."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the requester)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=_("Keyword"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *RequestKind.choices]
    )
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    tag = forms.CharField(label=_("Expertise tag"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Open and recent")),
            (CollaborationRequest.Status.OPEN, _("Open")),
            (CollaborationRequest.Status.IN_DISCUSSION, _("In discussion")),
            (CollaborationRequest.Status.MATCHED, _("Matched")),
            (CollaborationRequest.Status.CLOSED, _("Closed")),
            (CollaborationRequest.Status.EXPIRED, _("Expired")),
        ],
    )

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = cluster_choices(locale)

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data.get("q") or None,
            "kind": data.get("kind") or None,
            "cluster_key": data.get("cluster") or None,
            "tag": data.get("tag") or None,
            "status": data.get("status") or None,
        }
