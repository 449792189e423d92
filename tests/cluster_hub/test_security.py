"""The Content-Security-Policy header on every kind of response, and no inline script in any
template of the site (the policy would refuse it)."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/ko/", "/en/accounts/login/", "/ko/no-such-page/", "/healthz"])
def test_site_responses_carry_the_policy(client, site_tree, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict(item.strip().split(" ", 1) for item in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["style-src"]


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for template in ROOT.glob("*/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text()
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []
