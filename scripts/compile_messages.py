"""Compile locale/*/LC_MESSAGES/django.po into .mo files without GNU gettext.

`make run` and `make test` call this so a fresh machine with only Python can serve every
language; `make messages` (which needs gettext) refreshes the .po files from the source.
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main():
    for po_path in sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(
            f"compiled {po_path.relative_to(ROOT)} ({catalogue.percent_translated()}% translated)"
        )


if __name__ == "__main__":
    main()
