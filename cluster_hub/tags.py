"""Tags as people type them: separated by commas only, so a tag may hold spaces
("carbon fibre", "탄소섬유 발열체"), shown back the same way (taggit would quote them:
`"carbon fibre", 복합소재`). Forms use `tag_input()`, which the chips script enhances."""

import csv

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagWidget


def tags_from_string(text):
    """Comma-separated names; double quotes protect a name holding a comma."""
    if not text or not text.strip():
        return []
    names = []
    for name in next(csv.reader([text], skipinitialspace=True)):
        name = " ".join(name.split())
        if name and name not in names:
            names.append(name)
    return names


def string_from_tags(tags):
    def quoted(name):
        return f'"{name.replace(chr(34), chr(34) * 2)}"' if "," in name or '"' in name else name

    return ", ".join(quoted(tag.name) for tag in tags)


def tag_input(**attrs):
    """A tag field's widget: a text box the chips script (js/tags.js) turns into chips with
    suggestions of the tags already in use."""
    return TagWidget(
        attrs={
            "data-tag-input": "",
            "data-suggest-url": reverse_lazy("clusters:tag_suggest"),
            "autocomplete": "off",
            # Read out with each chip's remove button: "Remove: carbon fibre".
            "data-remove-label": _("Remove tag"),
            **attrs,
        }
    )
