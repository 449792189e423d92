from django import forms

from translations.queries import translations_of
from translations.registry import entry_for


def field_name(index, name):
    return f"o{index}-{name}"


class TranslationForm(forms.Form):
    """The translatable fields of an object and of the related objects edited with it, in one
    language; each field validated as its model field is (length limits)."""

    def __init__(self, objects, language, *args, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.statuses = statuses or {}
        self.objects = objects
        self.language = language
        self.rows = []
        for index, obj in enumerate(objects):
            entry = entry_for(obj)
            record = translations_of(obj).get(language)
            for name in entry.fields:
                model_field = obj._meta.get_field(name)
                form_field = model_field.formfield(required=False)
                form_field.label = model_field.verbose_name
                form_field.widget.attrs["lang"] = language
                if isinstance(form_field.widget, forms.Textarea):
                    form_field.widget.attrs["rows"] = 4
                key = field_name(index, name)
                self.fields[key] = form_field
                self.initial[key] = record.text(name) if record else ""
                self.rows.append(
                    {"obj": obj, "first": name == entry.fields[0], "key": key, "name": name}
                )

    def bound_rows(self):
        """(object, source text, bound field) in reading order, for the side-by-side table."""
        return [
            {
                "obj": row["obj"],
                "first": row["first"],
                "status": self.statuses.get(row["obj"]),
                "source": getattr(row["obj"], row["name"]) or "",
                "field": self[row["key"]],
            }
            for row in self.rows
        ]

    def values_by_object(self):
        values = {}
        for index, obj in enumerate(self.objects):
            values[obj] = {
                name: self.cleaned_data.get(field_name(index, name), "")
                for name in entry_for(obj).fields
            }
        return values
