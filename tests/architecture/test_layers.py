"""The declared layers (pyproject.toml [tool.importlinter]) hold for Python imports and for
`{% load %}` in templates."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.template import engines

ROOT = Path(__file__).resolve().parents[2]
LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")


def declared_layers():
    """[{app, ...}, ...] from the top layer down, as the import contract declares them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["id"] == "layers")
    return [{name.strip() for name in layer.split("|")} for layer in contract["layers"]]


def layer_of(app, layers):
    return next(index for index, names in enumerate(layers) if app in names)


def may_use(user_app, used_app, layers):
    """Layers are listed top first: a higher layer (smaller index) may use a lower one."""
    if user_app == used_app:
        return True
    return layer_of(user_app, layers) < layer_of(used_app, layers)


def template_loads():
    """(template path, app that owns it, library name) for every {% load %} in the source."""
    apps = {app for layer in declared_layers() for app in layer}
    for app in sorted(apps):
        for template in sorted((ROOT / app / "templates").rglob("*.html")):
            for match in LOAD.finditer(template.read_text()):
                names = match.group(1).split()
                if "from" in names:  # {% load tag from library %}
                    names = names[names.index("from") + 1 :]
                for name in names:
                    yield template.relative_to(ROOT), app, name


def library_app(name, apps):
    """The first-party app a tag library belongs to, or None for Django's and third parties'."""
    module = engines["django"].engine.libraries[name]
    top = module.split(".")[0]
    return top if top in apps else None


@pytest.mark.unit
def test_templates_load_only_tag_libraries_of_their_layer_or_below():
    layers = declared_layers()
    apps = set().union(*layers)
    wrong = [
        f"{path} loads {name} ({owner})"
        for path, app, name in template_loads()
        if (owner := library_app(name, apps)) and not may_use(app, owner, layers)
    ]
    assert wrong == []


@pytest.mark.unit
def test_the_template_check_sees_a_load_from_a_higher_layer():
    layers = declared_layers()
    assert not may_use("clusters", "events", layers)
    assert not may_use("forums", "collaboration", layers)  # siblings are independent
    assert may_use("events", "forums", layers)
    # A known first-party library is attributed to its app.
    assert library_app("people", set().union(*layers)) == "clusters"
    assert library_app("panels", set().union(*layers)) == "cluster_hub"


@pytest.mark.integration
def test_lint_imports_refuses_an_import_of_a_higher_layer(tmp_path):
    """The contract make lint runs fails on a forbidden import (checked on a copy)."""
    layers = declared_layers()
    for app in set().union(*layers):
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("templates"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    lint_imports = Path(sys.executable).parent / "lint-imports"

    kept = subprocess.run(
        [lint_imports, "--no-cache"], cwd=tmp_path, capture_output=True, text=True
    )
    assert kept.returncode == 0, kept.stdout

    with (tmp_path / "clusters" / "queries.py").open("a") as module:
        module.write("\nfrom events.models import EventPage  # noqa\n")
    broken = subprocess.run(
        [lint_imports, "--no-cache"], cwd=tmp_path, capture_output=True, text=True
    )
    assert broken.returncode != 0
    assert "clusters.queries -> events.models" in broken.stdout
