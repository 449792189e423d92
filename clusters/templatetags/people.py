from django import template

from clusters.models import person_name as _person_name

register = template.Library()


@register.filter
def person_name(user):
    """{{ user|person_name }}: the profile name, never the login email (see clusters.models)."""
    return _person_name(user)
