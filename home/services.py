"""Setting up a site: its languages and its home page (the demo, a load-test fixture, a new
agency's first run)."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

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
