from django import template

from cluster_hub.panels import render_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot, **objects):
    """What higher apps registered for this slot (cluster_hub/panels.py)."""
    return render_panels(slot, context.get("request"), **objects)
