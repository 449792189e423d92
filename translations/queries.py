"""Reading translated content: which language a reader gets, and each object's statuses."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from cluster_hub.languages import language_name
from translations.models import ContentTranslation, TranslationStatus, source_digest
from translations.registry import entry_for

# Readers get their language, else English, else the source.
FALLBACK_LANGUAGE = "en"
_CACHE = "_content_translations"


def site_languages():
    return [code for code, _name in settings.LANGUAGES]


def source_values(obj):
    return {name: getattr(obj, name) or "" for name in entry_for(obj).fields}


def prefetch_translations(objects):
    """Load the translations of `objects` (any registered models) in one query per model, so
    lists show translated content without a query per row. Returns `objects`."""
    objects = [obj for obj in objects if obj is not None]
    by_model = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    for model, group in by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        found = {}
        for record in ContentTranslation.objects.filter(
            content_type=content_type, object_id__in=[obj.pk for obj in group]
        ):
            found.setdefault(record.object_id, {})[record.language] = record
        for obj in group:
            setattr(obj, _CACHE, found.get(obj.pk, {}))
    return objects


def with_translations(page_obj):
    """A list page's rows with their translations (one query, not one per card)."""
    page_obj.object_list = prefetch_translations(list(page_obj.object_list))
    return page_obj


def translations_of(obj):
    """{language: ContentTranslation} of one object (prefetched if it was)."""
    if not hasattr(obj, _CACHE):
        prefetch_translations([obj])
    return getattr(obj, _CACHE)


@dataclass(frozen=True)
class Reading:
    """What a reader gets of one object: the language it is shown in and whether a machine
    made that text."""

    language: str
    requested: str
    source_language: str
    machine: bool

    @property
    def is_fallback(self):
        return self.language != self.requested

    @property
    def language_name(self):
        return language_name(self.language)

    @property
    def requested_name(self):
        return language_name(self.requested)


def _language_order(requested, source):
    order = [requested]
    if FALLBACK_LANGUAGE not in order:
        order.append(FALLBACK_LANGUAGE)
    if source not in order:
        order.append(source)
    return order


def reading_of(obj, language=None):
    """The language the reader of `language` (default: the active one) gets `obj` in: the
    first of their language, English and the source that has a translation with any text."""
    entry = entry_for(obj)
    requested = language or translation.get_language() or settings.LANGUAGE_CODE
    records = translations_of(obj)
    for code in _language_order(requested, entry.source_language):
        if code == entry.source_language:
            return Reading(code, requested, entry.source_language, machine=False)
        record = records.get(code)
        if record is not None and any(record.fields.get(name) for name in entry.fields):
            return Reading(code, requested, entry.source_language, record.machine_translated)
    return Reading(entry.source_language, requested, entry.source_language, machine=False)


def localized_text(obj, name, language=None):
    """Field `name` of `obj` as the reader of `language` gets it: in the language
    `reading_of` chose, field by field falling back to the source where that translation
    left the field empty."""
    reading = reading_of(obj, language)
    source = getattr(obj, name) or ""
    if reading.language == reading.source_language:
        return source
    return translations_of(obj)[reading.language].fields.get(name) or source


def status_of(obj, language):
    """Source, translated, machine-translated, needs update or not translated."""
    entry = entry_for(obj)
    if language == entry.source_language:
        return TranslationStatus.SOURCE
    if not entry.fields:
        # Only its related objects are translated here (an event's sessions): the worst of them.
        statuses = {status_of(child, language) for child in entry.children(obj)}
        for status in (
            TranslationStatus.NEEDS_UPDATE,
            TranslationStatus.MISSING,
            TranslationStatus.MACHINE,
        ):
            if status in statuses:
                return status
        return TranslationStatus.TRANSLATED if statuses else TranslationStatus.MISSING
    record = translations_of(obj).get(language)
    if record is None or not any(record.fields.values()):
        return TranslationStatus.MISSING
    if record.source_digest != source_digest(source_values(obj)):
        return TranslationStatus.NEEDS_UPDATE
    if record.machine_translated:
        return TranslationStatus.MACHINE
    return TranslationStatus.TRANSLATED


def statuses_of(obj):
    """[(language code, status)] for every site language, the source first."""
    entry = entry_for(obj)
    codes = [entry.source_language] + [c for c in site_languages() if c != entry.source_language]
    return [(code, status_of(obj, code)) for code in codes]


def editable_objects(obj):
    """The object and the related ones edited with it (an organisation and its products)."""
    entry = entry_for(obj)
    children = list(entry.children(obj)) if entry.children else []
    return [obj, *children]
