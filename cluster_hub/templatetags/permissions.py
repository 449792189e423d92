from django import template

from cluster_hub.permissions import allowed

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, rule, *objects):
    """`{% can "events.manage_event" event as can_manage %}`: the app's predicate, for the
    signed-in person of this request."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return allowed(rule, user, *objects)
