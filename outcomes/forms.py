"""All input validation for the outcomes ledger."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cluster_hub.uploads import validate_attachment
from clusters.models import Organisation
from outcomes.models import Outcome


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, organisation):
        return organisation.display_name  # as the reader knows it (English names abroad)


class OutcomeForm(forms.ModelForm):
    organisation = OrganisationChoiceField(
        label=_("Credited to"),
        queryset=Organisation.objects.none(),
        help_text=_("The organisation whose outcome this is."),
    )
    counterpart = OrganisationChoiceField(
        label=_("Other side in the directory"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("None, or not in the directory"),
        help_text=_("They are asked to confirm it; until then it is only claimed."),
    )

    class Meta:
        model = Outcome
        fields = [
            "organisation",
            "kind",
            "investment_kind",
            "amount",
            "currency",
            "quantity",
            "occurred_on",
            "counterpart",
            "counterpart_name",
            "note",
        ]
        widgets = {"occurred_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"counterpart_name": _("Other side's name, if not in the directory")}
        help_texts = {
            "amount": _("In the currency below; investment, contract value or revenue."),
            "quantity": _("Patents, certifications or jobs."),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        only = list(organisations[:2])
        if len(only) == 1:
            self.fields["organisation"].initial = only[0].pk
        self.fields["investment_kind"].required = False
        self.fields["amount"].widget.attrs.update({"min": 0, "inputmode": "numeric"})

    def clean(self):
        cleaned = super().clean()
        counterpart = cleaned.get("counterpart")
        if counterpart is not None and cleaned.get("counterpart_name"):
            cleaned["counterpart_name"] = ""  # the directory's name is the one shown
        return cleaned

    def _post_clean(self):
        # The service checks the figures and saves; the form only validates its fields.
        pass


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence"),
        help_text=_("The contract, certificate or statement: PDF, image or Office file."),
        validators=[validate_attachment],
    )


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All"))] + list(Outcome.Status.choices),
        required=False,
    )
