"""allauth strings whose shipped translations read badly, translated again in our catalogs.

Django looks in the project's catalogs (LOCALE_PATHS) before an app's, so naming the same
msgids here keeps them in `locale/*/django.po`, where they are translated properly: allauth's
Korean says "인증 secret", counts recovery codes as accounts ("총 N개 계정 중"), and puts 으로 after
any name ("newbie.ko 으로 로그인"). Nothing imports this module; makemessages reads it.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

ALLAUTH_STRINGS = [
    gettext_noop("Authenticator secret"),
    gettext_noop("Successfully signed in as %(name)s."),
    ngettext_lazy(
        "There is %(unused_count)s out of %(total_count)s recovery codes available.",
        "There are %(unused_count)s out of %(total_count)s recovery codes available.",
        "unused_count",
    ),
]
