from django import template
from django.utils.translation import gettext as _

from outcomes import figures

register = template.Library()


@register.filter
def figure(outcome):
    """An outcome's amount (with its currency) or number, in the reader's locale."""
    return figures.figure(outcome) or _("no figure")
