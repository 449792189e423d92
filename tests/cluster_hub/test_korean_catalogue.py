"""No Korean message puts a particle straight after a placeholder: whether it is 은 or 는,
이 or 가, 을 or 를 depends on the word filled in ("(주)유니폼텍는"), which the catalogue cannot
know. Messages say it another way ("%(name)s 님이", "%(site)s 서비스를") or the code chooses the
particle (cluster_hub.korean.with_particle, the template filter josa)."""

import re
from pathlib import Path

import polib
import pytest

pytestmark = pytest.mark.unit

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "ko" / "LC_MESSAGES" / "django.po"
PARTICLE_AFTER_PLACEHOLDER = re.compile(
    r"%\(\w+\)[sd](은|는|이|가|을|를|와|과|으로|로|이나|나)(?![가-힣])"
)


def test_no_particle_follows_a_placeholder():
    offenders = []
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if PARTICLE_AFTER_PLACEHOLDER.search(text or ""):
                offenders.append(text)
    assert offenders == []
