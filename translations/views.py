from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from wagtail_localize.machine_translators import get_machine_translator

from cluster_hub.languages import language_name
from cluster_hub.permissions import refusal
from translations import services
from translations.forms import TranslationForm
from translations.queries import editable_objects, prefetch_translations, statuses_of
from translations.registry import entry_by_key


def _object(key, pk):
    entry = entry_by_key(key)
    if entry is None or entry.parent is not None:
        raise Http404
    obj = get_object_or_404(entry.model, pk=pk)
    return entry, obj


def _language_name(code):
    return language_name(code)


def translation_overview(request, key, pk):
    """Each language of an object with its status, and a link to edit it."""
    entry, obj = _object(key, pk)
    refused = refusal(request, entry.edit_rule, obj)
    if refused:
        return refused
    objects = prefetch_translations(editable_objects(obj))
    languages = []
    for code, status in statuses_of(obj):
        children = [statuses_of(child) for child in objects[1:]]
        child_statuses = [dict(statuses)[code] for statuses in children]
        languages.append(
            {
                "code": code,
                "name": _language_name(code),
                "status": status,
                "children_needing_work": sum(
                    1 for child in child_statuses if child not in ("translated", "source")
                ),
            }
        )
    return render(
        request,
        "translations/overview.html",
        {
            "obj": obj,
            "entry": entry,
            "translation_languages": languages,
            "children": objects[1:],
        },
    )


def translation_edit(request, key, pk, language):
    """The source beside its translation into `language`, for the object and the related
    objects edited with it; optionally a machine translation to start from."""
    entry, obj = _object(key, pk)
    refused = refusal(request, entry.edit_rule, obj)
    if refused:
        return refused
    if language == entry.source_language or language not in dict(statuses_of(obj)):
        raise Http404
    objects = prefetch_translations(editable_objects(obj))
    if request.method == "POST" and "machine" in request.POST:
        try:
            services.machine_translate(objects, language, actor=request.user)
        except services.MachineTranslationUnavailable:
            messages.error(request, _("Machine translation is not available for this language."))
        else:
            messages.success(
                request,
                _("Machine translation done: check it and save to confirm it."),
            )
        return redirect(request.path)
    statuses = {child: dict(statuses_of(child))[language] for child in objects}
    if request.method == "POST":
        form = TranslationForm(objects, language, request.POST, statuses=statuses)
        if form.is_valid():
            services.save_translations(obj, language, form.values_by_object(), actor=request.user)
            messages.success(
                request,
                _("The %(language)s translation has been saved.")
                % {"language": _language_name(language)},
            )
            return redirect(request.path)
        messages.error(request, _("Please correct the errors below."))
    else:
        form = TranslationForm(objects, language, statuses=statuses)
    return render(
        request,
        "translations/edit.html",
        {
            "obj": obj,
            "entry": entry,
            "form": form,
            "language": language,
            "language_name": _language_name(language),
            "source_name": _language_name(entry.source_language),
            "statuses": statuses,
            "status": statuses[obj],
            "machine_available": get_machine_translator() is not None,
            "content_type": ContentType.objects.get_for_model(entry.model),
        },
    )
