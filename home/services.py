"""Setting up a site: its languages and its home page (the demo, a load-test fixture, a new
agency's first run)."""

from django.db import transaction
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import PageIndex, synchronize_tree

from home.models import HomePage


def ensure_locales(codes):
    """{code: Locale} for every content language, made where missing."""
    with transaction.atomic():
        return {code: Locale.objects.get_or_create(language_code=code)[0] for code in codes}


def set_up_home(*, locale, hostname="localhost", port=80, **fields):
    """The home page in `locale` as the default site's root: made if missing, Wagtail's
    "Welcome" placeholder page removed."""
    with transaction.atomic():
        home = HomePage.objects.filter(locale=locale).first()
        if home is None:
            home = HomePage(locale=locale, **fields)
            Page.get_first_root_node().add_child(instance=home)
            home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": hostname,
                "port": port,
                "root_page": home,
                "site_name": "ClusterHub",
            },
        )
        Page.objects.filter(depth=2, content_type__model="page").delete()
    return home


# Readers of a language nobody has translated a page into yet get an alias of it (the page in
# the language it falls back to, kept in step by Wagtail) instead of a 404; wagtail-localize
# turns an alias into a real translation when someone translates the page. English falls back
# to the source (Korean); Chinese and Vietnamese to English, which itself falls back to Korean.
FALLBACK_LANGUAGES = {"en": "ko", "zh-hans": "en", "vi": "en"}


def synchronise_languages():
    """Every page in every site language: record each language's fallback with
    wagtail-localize (so pages made later in the admin are aliased too) and alias now whatever
    is missing. Idempotent."""
    with transaction.atomic():
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        for code, fallback in FALLBACK_LANGUAGES.items():
            if code not in locales or fallback not in locales:
                continue
            # A queryset update: saving the model would make wagtail-localize sync right away
            # with a page index of its own, then again below.
            recorded = LocaleSynchronization.objects.filter(locale=locales[code])
            if not recorded.update(sync_from=locales[fallback]):
                LocaleSynchronization.objects.bulk_create(
                    [LocaleSynchronization(locale=locales[code], sync_from=locales[fallback])]
                )
            # The index is rebuilt per language: each pass adds the aliases the next one copies.
            synchronize_tree(
                locales[fallback],
                locales[code],
                page_index=PageIndex.from_database().sort_by_tree_position(),
            )
