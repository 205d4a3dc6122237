"""laodata's stylesheet is in the head of every page that uses its classes
(templates/base.html): the dataset page's workflow status badge was white on
white because only the catalog's own pages loaded it."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.published import dataset_in, published_dataset

REVIEWERS = "data-office"
STYLESHEET = re.compile(r'<link\b[^>]*\bhref="[^"]*/webassets/laodata/[^"]*_laodata\.css"[^>]*>')
CATALOG = (
    "code,title,unit,sector,update_frequency,access_level,security_level\n"
    "HEA-001,Hospitals,dept-health,health,annual,open,1\n"
)

pytestmark = [
    pytest.mark.usefixtures("with_plugins"),
    pytest.mark.ckan_config("ckanext.laodata.workflow.reviewers_organization", REVIEWERS),
]


@pytest.fixture
def site(clean_db: Any) -> dict[str, Any]:
    editor = factories.UserWithToken()
    reviewer = factories.UserWithToken()
    unit = factories.Organization(name="dept-health", users=[{"name": editor["name"], "capacity": "editor"}])
    factories.Organization(name=REVIEWERS, users=[{"name": reviewer["name"], "capacity": "member"}])
    helpers.call_action(
        "laodata_catalog_import",
        context={"ignore_auth": True},
        upload=FileStorage(io.BytesIO(CATALOG.encode()), filename="catalog.csv"),
    )
    published_dataset(owner_org=unit["id"], name="hospitals", catalog_code="HEA-001")
    dataset_in("submitted", owner_org=unit["id"], name="clinics")
    return {"editor": editor, "reviewer": reviewer, "anonymous": None}


PAGES = [  # (who, endpoint, its arguments)
    ("anonymous", "dataset.read", {"id": "hospitals"}),
    ("editor", "dataset.read", {"id": "clinics"}),
    ("reviewer", "dataset.read", {"id": "clinics"}),
    ("reviewer", "laodata_workflow.queue", {}),
    ("editor", "laodata.index", {}),
    ("editor", "laodata.entry", {"code": "HEA-001"}),
    ("editor", "laodata.progress", {}),
    ("reviewer", "dashboard.datasets", {}),
    ("editor", "dashboard.datasets", {}),
    ("anonymous", "organization.read", {"id": "dept-health"}),
    ("anonymous", "home.index", {}),
]


@pytest.mark.parametrize(("who", "endpoint", "args"), PAGES, ids=[f"{w}-{e}" for w, e, _ in PAGES])
def test_laodata_stylesheet_is_in_the_head_of_every_page(
    app: Any, site: dict[str, Any], who: str, endpoint: str, args: dict[str, Any]
) -> None:
    user = site[who]
    headers = {"Authorization": user["token"]} if user else {}
    body = app.get(tk.url_for(endpoint, **args), headers=headers, status=200).body
    head = body[: body.index("</head>")]
    assert len(STYLESHEET.findall(head)) == 1, f"laodata's stylesheet is not (once) in the head of {endpoint}"
    if endpoint == "dataset.read":
        # the badge it styles, shown to the dataset's staff only (issue 11 item 5)
        assert ("laodata-workflow-status" in body) is (user is not None)
