from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def figure(outcome):
    """An outcome's amount (with its currency) or number, in the reader's locale."""
    if outcome.amount is not None:
        return f"{outcome.currency} {formats.number_format(outcome.amount, force_grouping=True)}"
    if outcome.quantity:
        return formats.number_format(outcome.quantity, force_grouping=True)
    return _("no figure")
