"""Which models have translatable content, registered by the apps that own them.

The translations app sits below the apps whose content it translates, so they tell it about
their models (from `AppConfig.ready`) rather than it importing them: the fields to translate,
the permission rule that lets a person edit them, related objects edited on the same page (an
organisation's products) and where the object is read.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Translatable:
    model: type
    key: str  # "clusters.organisation": in URLs and the database
    fields: tuple  # the translatable field names, in reading order
    edit_rule: str  # cluster_hub.permissions rule, asked with (user, obj)
    source_language: str = "ko"
    children: object = None  # obj -> iterable of related translatable objects
    parent: object = None  # obj -> the object whose editor holds it
    labels: dict = field(default_factory=dict)


_by_model = {}
_by_key = {}


def register_translatable(model, *, fields, edit_rule, children=None, parent=None):
    key = f"{model._meta.app_label}.{model._meta.model_name}"
    entry = Translatable(
        model=model,
        key=key,
        fields=tuple(fields),
        edit_rule=edit_rule,
        children=children,
        parent=parent,
    )
    _by_model[model] = entry
    _by_key[key] = entry
    return entry


def entry_for(obj_or_model):
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    try:
        return _by_model[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no translatable content registered") from None


def entry_by_key(key):
    return _by_key.get(key)


def registered():
    return list(_by_model.values())
