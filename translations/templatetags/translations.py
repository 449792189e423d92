from django import template

from translations.queries import localized_text, reading_of

register = template.Library()


@register.filter
def localized(obj, name):
    """`{{ organisation|localized:"summary" }}`: the field in the reader's language, else
    English, else the source."""
    if obj is None:
        return ""
    return localized_text(obj, name)


@register.inclusion_tag("translations/reading_notice.html", takes_context=True)
def reading_notice(context, obj, compact=False):
    """Says which language the reader gets `obj` in when it is not their own, and when a
    machine translated it."""
    reading = reading_of(obj) if obj is not None else None
    return {"reading": reading, "compact": compact}


@register.filter
def reading_language(obj):
    """The language code `obj` is shown in, for a `lang` attribute."""
    return reading_of(obj).language if obj is not None else ""


@register.filter
def localized_lines(obj, name):
    """The localized field as a list of its non-empty lines (certifications, skills)."""
    return [line.strip() for line in localized(obj, name).splitlines() if line.strip()]
