"""Signing up as a buyer in the sign-up form itself (clusters.signup's registry): the buyer
account is created with the user account and waits for a coordinator's verification."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import Country
from matchmaking import services
from matchmaking.forms import chapters_field

REQUIRED_FOR_BUYERS = ("buyer_company", "buyer_country", "buyer_sourcing")


class BuyerSignup:
    def fields(self):
        return {
            "as_buyer": forms.BooleanField(
                label=_("I sign up as a buyer"),
                required=False,
                help_text=_(
                    "You source products from the cluster's firms, from abroad or in Korea. "
                    "Fill in the buyer fields below; a coordinator verifies buyer accounts."
                ),
            ),
            "buyer_company": forms.CharField(
                label=_("Buyers: your company"), max_length=200, required=False
            ),
            "buyer_country": forms.ChoiceField(
                label=_("Buyers: country"),
                choices=[("", "—"), *Country.choices],
                required=False,
            ),
            "buyer_sourcing": forms.CharField(
                label=_("Buyers: what you source"),
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Products, categories or HS codes you are looking for."),
            ),
            "buyer_chapters": chapters_field(
                label=_("Buyers: product categories (HS chapters)"),
                help_text=_("Hold Ctrl (⌘ on a Mac) to pick several."),
            ),
        }

    def clean(self, form):
        if not form.cleaned_data.get("as_buyer"):
            return
        for name in REQUIRED_FOR_BUYERS:
            if not form.cleaned_data.get(name) and name not in form.errors:
                form.add_error(name, _("Buyers, please fill this in."))

    def signup(self, request, user, data):
        if not data.get("as_buyer"):
            return
        services.become_buyer(
            actor=user,
            company=data["buyer_company"],
            country=data["buyer_country"],
            sourcing=data["buyer_sourcing"],
            hs_chapters=data.get("buyer_chapters") or (),
        )


buyer_signup = BuyerSignup()
