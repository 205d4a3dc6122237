"""Issue 10 item 4: presentation apart from rules. The catalog's pages only call
actions and helpers, the headline and the percentages are worked out once (in
``catalog/status.py``), the trend chart's geometry is a template macro fed with
plain numbers, and the labels live beside the vocabularies (``labels.py``),
never imported from a page module."""

from __future__ import annotations

import ast
import datetime
import html
import io
import pathlib
import re
from typing import Any

import pytest
from babel.support import Translations
from werkzeug.datastructures import FileStorage

import ckan.model as model
from ckan.tests import factories, helpers

import ckanext.laodata
from ckanext.laodata.catalog import status
from ckanext.laodata.catalog.model import ProgressSnapshot

PACKAGE = pathlib.Path(ckanext.laodata.__file__).parent
HEADER = "code,title,unit,sector,update_frequency,access_level,security_level\n"


def _imports(path: pathlib.Path) -> set[str]:
    """The modules a file imports, relative imports made absolute."""
    parts = ["ckanext", "laodata", *path.relative_to(PACKAGE).with_suffix("").parts]
    package = parts[:-1]  # a module's package; a package's __init__: the package itself
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + (node.module.split(".") if node.module else []))
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _modules() -> list[pathlib.Path]:
    return [p for p in PACKAGE.rglob("*.py") if "i18n" not in p.parts]


def test_presentation_apart_from_rules_no_module_imports_the_catalog_pages() -> None:
    # only the blueprint index may import the page module
    importers = sorted(
        str(p.relative_to(PACKAGE)) for p in _modules() if "ckanext.laodata.catalog.views" in _imports(p)
    )
    assert importers == ["views/__init__.py"]


def test_presentation_apart_from_rules_labels_beside_the_vocabularies() -> None:
    # labels.py sits at the bottom of the import order: the vocabularies and the toolkit only
    imported = {m for m in _imports(PACKAGE / "labels.py") if m.startswith("ckanext.laodata")}
    assert imported <= {"ckanext.laodata", "ckanext.laodata.vocab"}
    for rule_module in ("workflow/gate.py", "workflow/action.py"):
        assert "ckanext.laodata.labels.laodata_status_label" in _imports(PACKAGE / rule_module), rule_module


def test_presentation_apart_from_rules_the_pages_query_no_database() -> None:
    path = PACKAGE / "catalog" / "views.py"
    assert not {m for m in _imports(path) if m == "sqlalchemy" or m.startswith("ckan.model")}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    attributes = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert not attributes & {"Session", "query", "execute"}
    # nor does it draw: no chart geometry, no markup
    texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert not [t for t in texts if re.search(r"<(svg|polyline|polygon|circle|line|text)\b|\d,\d", t)]
    assert not [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id.startswith("_PAD")]


def test_presentation_apart_from_rules_percent_rounding_written_once() -> None:
    percentages = re.compile(r"100(\.0)?\s*\*|\*\s*100\b|round\(")
    written = {
        str(p.relative_to(PACKAGE)): sum(
            1 for line in p.read_text(encoding="utf-8").splitlines() if percentages.search(line)
        )
        for p in [
            *(PACKAGE / "catalog").glob("*.py"),
            PACKAGE / "helpers.py",
            PACKAGE / "labels.py",
            PACKAGE / "cli.py",
        ]
    }
    assert {name: count for name, count in written.items() if count} == {"catalog/status.py": 1}
    assert status.percent(2, 3) == 66.7 and status.percent(0, 0) == 0.0


def _import(*codes: str) -> None:
    rows = "".join(f"{code},Entry {code},dept-health,health,annual,shared,3\n" for code in codes)
    helpers.call_action(
        "laodata_catalog_import",
        context={"ignore_auth": True},
        upload=FileStorage(io.BytesIO((HEADER + rows).encode()), filename="catalog.csv"),
    )


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
def test_presentation_apart_from_rules_the_headline_built_once(app: Any, lang: str) -> None:
    factories.Organization(name="dept-health")
    _import("HEA-001", "HEA-002", "HEA-003")
    helpers.call_action("laodata_catalog_entry_update", code="HEA-001", delay_reason="large_volume")
    sysadmin = factories.SysadminWithToken()
    body = app.get(
        f"/{lang}/catalog/progress" if lang != "en" else "/catalog/progress",
        headers={"Authorization": sysadmin["token"]},
    ).body
    shown = re.search(r'<p class="laodata-headline-text">(.*?)</p>', body, re.S)
    assert shown
    report = helpers.call_action("laodata_progress")
    if lang == "en":
        expected = status.headline(report)  # the CLI's
    else:
        translations = Translations.load(str(PACKAGE / "i18n"), [lang], domain="ckanext-laodata")
        expected = status.headline(report, translations.gettext, lang)
    assert html.unescape(shown.group(1)) == expected
    assert "(0.0%)" in expected and ("0 of 3" in expected) == (lang == "en")


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_presentation_apart_from_rules_trend_chart_from_plain_numbers(app: Any) -> None:
    factories.Organization(name="dept-health")
    _import("HEA-001", "HEA-002", "HEA-003", "HEA-004")
    today = datetime.date.today()
    day = lambda days: (today - datetime.timedelta(days=days)).isoformat()  # noqa: E731
    for days, delivered in ((200, 1), (100, 2)):
        model.Session.add(
            ProgressSnapshot(
                day=today - datetime.timedelta(days=days),
                unit="dept-health",
                target=4,
                delivered=delivered,
                approved=0,
                published=0,
            )
        )
    model.Session.commit()
    from ckanext.laodata.catalog import helpers as catalog_helpers

    points = catalog_helpers.trend(helpers.call_action("laodata_progress"))
    assert points == [
        {"day": day(200), "offset": 0, "target": 4, "delivered": 1, "percent": 25.0},
        {"day": day(100), "offset": 100, "target": 4, "delivered": 2, "percent": 50.0},
        {"day": today.isoformat(), "offset": 200, "target": 4, "delivered": 0, "percent": 0.0},
    ]
    # the macro's geometry: 640 x 220, days across 44..624, the share up 192..12
    headers = {"Authorization": factories.SysadminWithToken()["token"]}
    body = app.get("/catalog/progress", headers=headers).body
    assert '<polyline class="laodata-chart-line" points="44.0,147.0 334.0,102.0 624.0,192.0">' in body
    area = "44.0,192 44.0,147.0 334.0,102.0 624.0,192.0 624.0,192"  # down to the baseline at both ends
    assert f'<polygon class="laodata-chart-area" points="{area}">' in body
    assert re.findall(r'<line class="laodata-chart-grid" x1="44" x2="624" y1="([\d.]+)"', body) == [
        "192.0",
        "147.0",
        "102.0",
        "57.0",
        "12.0",
    ]
    # a single point sits in the middle
    model.Session.query(ProgressSnapshot).delete()
    model.Session.add(
        ProgressSnapshot(day=today, unit="dept-health", target=4, delivered=0, approved=0, published=0)
    )
    model.Session.commit()
    body = app.get("/catalog/progress", headers=headers).body
    assert '<polyline class="laodata-chart-line" points="334.0,192.0">' in body
    assert 'x="334.0" y="212" text-anchor="middle">' in body
