"""An outcome's figure as people read it, in the active language's number format."""

from django.utils import formats


def figure(outcome):
    """ "USD 180,000" for an amount, "2" for a number (patents, jobs), "" for neither."""
    if outcome.amount is not None:
        return f"{outcome.currency} {formats.number_format(outcome.amount, force_grouping=True)}"
    if outcome.quantity:
        return formats.number_format(outcome.quantity, force_grouping=True)
    return ""
