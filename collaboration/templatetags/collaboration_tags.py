"""Collaboration panels other apps' templates can show (the dashboard's "for you")."""

from django import template

from collaboration import permissions, queries

register = template.Library()


@register.inclusion_tag("collaboration/includes/for_you.html", takes_context=True)
def requests_for_you(context, limit=6):
    user = context["request"].user
    return {
        "items": queries.requests_for_you(user, limit=limit),
        "can_create": permissions.can_create_request(user),
        "is_member": permissions.member_organisation_id(user) is not None,
    }
