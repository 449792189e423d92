"""All input validation for the equipment catalogue and bookings."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cluster_hub.form_errors import add_service_errors
from equipment.models import Equipment
from equipment.services import BOOKING_HORIZON, check_booking_rules


class BookingForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time", "step": 1800})
    )
    end_time = forms.TimeField(
        label=_("Until"), widget=forms.TimeInput(attrs={"type": "time", "step": 1800})
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        help_text=_("For example: measuring prototype brackets for a customer."),
    )

    def __init__(self, *args, equipment, **kwargs):
        super().__init__(*args, **kwargs)
        self.equipment = equipment

    def clean_date(self):
        # Bounded before it meets a time zone: 0001-01-01 in Seoul is a year before year 1 in UTC.
        day = self.cleaned_data["date"]
        today = timezone.localdate()
        if day < today:
            raise ValidationError(_("Bookings must start in the future."))
        if day > today + BOOKING_HORIZON:
            raise ValidationError(_("Bookings can be made at most one year ahead."))
        return day

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day is None or start is None or end is None:
            return cleaned
        cleaned["starts_at"] = timezone.make_aware(datetime.combine(day, start))
        cleaned["ends_at"] = timezone.make_aware(datetime.combine(day, end))
        try:
            check_booking_rules(self.equipment, cleaned["starts_at"], cleaned["ends_at"])
        except ValidationError as error:
            add_service_errors(
                self, error, field_names={"starts_at": "start_time", "ends_at": "end_time"}
            )
        return cleaned


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Keyword"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Equipment.Category.choices],
    )

    def filters(self):
        self.is_valid()
        data = self.cleaned_data
        return {
            "category": data.get("category") or None,
            "query": (data.get("q") or "").strip() or None,
        }


class WeekForm(forms.Form):
    week = forms.DateField(required=False)
