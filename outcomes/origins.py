"""Where an outcome came from. The ledger sits below the apps that produce outcomes (forum
pitches, collaboration requests, B2B meetings and inquiries, equipment bookings, support
programmes); each of them registers its kind of origin here when it starts."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class OriginKind:
    key: str  # "pitch", "meeting", … — in URLs (?origin=pitch:12) and exports
    model: str  # "forums.Pitch"
    label: object  # a lazy translation: "Forum pitch"
    title: Callable  # obj -> the text shown for it
    url: Callable  # obj -> its page, or ""
    may_cite: Callable  # (user, obj) -> whether they may record an outcome of it


_KINDS: dict[str, OriginKind] = {}


def register_origin(kind):
    _KINDS[kind.key] = kind


def origin_kinds():
    return list(_KINDS.values())


def kind_for_key(key):
    return _KINDS.get(key)


def kind_for_model(model):
    label = model._meta.label
    return next((kind for kind in _KINDS.values() if kind.model == label), None)


def content_type_of(kind):
    return ContentType.objects.get_for_model(apps.get_model(kind.model))


def keys_by_type():
    """{content type id: origin key} of every registered kind."""
    return {content_type_of(kind).pk: kind.key for kind in origin_kinds()}


def reference(outcome, keys):
    """ "pitch:12" for an outcome that came of pitch 12 (what `resolve` reads), or None."""
    key = keys.get(outcome.origin_type_id)
    return f"{key}:{outcome.origin_id}" if key else None


def resolve(key_and_id):
    """The (kind, object) of "pitch:12", or (None, None) for anything not found."""
    key, _, raw_id = str(key_and_id or "").partition(":")
    kind = kind_for_key(key)
    if kind is None or not raw_id.isdigit():
        return None, None
    obj = apps.get_model(kind.model).objects.filter(pk=int(raw_id)).first()
    return (kind, obj) if obj is not None else (None, None)


def origin_of(outcome):
    """(kind, object) an outcome came from, or (None, None)."""
    if outcome.origin_type_id is None:
        return None, None
    model = outcome.origin_type.model_class()
    kind = kind_for_model(model) if model is not None else None
    if kind is None:
        return None, None
    return kind, model.objects.filter(pk=outcome.origin_id).first()
