"""Every change to content translations."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.strings import StringValue

from translations.models import ContentTranslation, source_digest
from translations.queries import prefetch_translations, site_languages, source_values
from translations.registry import entry_for


class MachineTranslationUnavailable(Exception):
    """No machine translator is configured, or it cannot translate this language pair."""


def _check_language(obj, language):
    entry = entry_for(obj)
    if language not in site_languages() or language == entry.source_language:
        raise ValidationError(_("Choose a language other than the source."))


def _store(obj, language, values, *, actor, machine, made_from=None):
    entry = entry_for(obj)
    cleaned = {name: (values.get(name) or "").strip() for name in entry.fields}
    user = actor if getattr(actor, "is_authenticated", False) else None
    record, _created = ContentTranslation.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        language=language,
        defaults={
            "fields": cleaned,
            "source_digest": source_digest(made_from or source_values(obj)),
            "machine_translated": machine,
            "updated_by": user,
        },
    )
    prefetch_translations([obj])
    return record


def save_translations(obj, language, values_by_object, *, actor):
    """A person's translation of `obj` (and of related objects edited with it) into
    `language`: `values_by_object` maps each object to {field: text}. Saving confirms it: the
    text is no longer marked machine-translated and matches the current source."""
    _check_language(obj, language)
    with transaction.atomic():
        return [
            _store(target, language, values, actor=actor, machine=False)
            for target, values in values_by_object.items()
        ]


def machine_translate(objects, language, *, actor):
    """Translate `objects` into `language` with the configured machine translator (the one
    wagtail-localize uses for pages: WAGTAILLOCALIZE_MACHINE_TRANSLATOR). The result is marked
    machine-translated until a person saves it."""
    translator = get_machine_translator()
    if not objects:
        return []
    entry = entry_for(objects[0])
    source_locale = Locale(language_code=entry.source_language)
    target_locale = Locale(language_code=language)
    if translator is None or not translator.can_translate(source_locale, target_locale):
        raise MachineTranslationUnavailable
    _check_language(objects[0], language)
    strings = {}
    for obj in objects:
        for name, text in source_values(obj).items():
            if text:
                strings[(obj, name)] = StringValue.from_plaintext(text)
    translated = translator.translate(source_locale, target_locale, list(set(strings.values())))
    with transaction.atomic():
        return [
            _store(
                obj,
                language,
                {
                    name: translated[strings[(obj, name)]].render_text()
                    for name in entry_for(obj).fields
                    if (obj, name) in strings
                },
                actor=actor,
                machine=True,
            )
            for obj in objects
        ]


def import_translation(obj, language, values, *, made_from=None, machine=False):
    """A translation made elsewhere (the agency's translated database, the demo): `made_from`
    is the source it was translated from when that is not the current one, so it reads "needs
    update"."""
    _check_language(obj, language)
    with transaction.atomic():
        return _store(obj, language, values, actor=None, machine=machine, made_from=made_from)


def delete_translations(objects):
    """Remove the translations of `objects`, which are being deleted."""
    by_model = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj.pk)
    with transaction.atomic():
        for model, pks in by_model.items():
            ContentTranslation.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id__in=pks
            ).delete()
