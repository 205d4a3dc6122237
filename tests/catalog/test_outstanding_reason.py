"""Issue 9 item 6: every outstanding entry says why it is not delivered
(DESIGN §5): its delay reason, or the state of its dataset, through
``laodata_progress``, the entry actions and the pages, in lo/vi/en."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage

from ckan.tests import factories, helpers

from ckanext.laodata import vocab
from ckanext.laodata.catalog import status
from tests.factories import add_file, site_context

CATALOG = (
    "code,title,unit,sector,update_frequency,access_level,security_level,source_system\n"
    "EDU-001,Schools,dept-education,education,annual,open,1,local\n"  # no dataset
    "EDU-002,Teachers,dept-education,education,annual,open,1,local\n"  # a draft
    "EDU-003,Pupils,dept-education,education,annual,open,1,local\n"  # returned
    "EDU-004,Exam results,dept-education,education,annual,open,1,local\n"  # approved, no file
    "EDU-005,School buses,dept-education,education,annual,open,1,local\n"  # published, no file
    "EDU-006,Libraries,dept-education,education,annual,open,1,local\n"  # submitted, a link only
    "EDU-007,Universities,dept-education,education,annual,open,1,local\n"  # published with its file
    "EDU-008,Scholarships,dept-education,education,annual,open,1,Ministry system\n"  # links, not connected
    "EDU-009,Kindergartens,dept-education,education,annual,open,1,local\n"  # delay reason given
)
PUBLISHABLE = {
    "access_level": "open",
    "security_level": "1",
    "importance": "other",
    "personal_data": "none",
    "state_secret": "false",
}
EXPECTED = {
    "EDU-001": ("not_started", "no_dataset"),
    "EDU-002": ("in_progress", "draft"),
    "EDU-003": ("returned", "returned"),
    "EDU-004": ("approved", "no_data_file"),
    "EDU-005": ("published", "no_data_file"),
    "EDU-006": ("submitted", "no_data_file"),
    "EDU-008": ("submitted", "not_connected"),
    "EDU-009": ("not_started", "large_volume"),
}


def _dataset(
    org: dict[str, Any], code: str, moves: tuple[str, ...], upload: bool = False, link: str | None = None
) -> dict[str, Any]:
    """A dataset linked to ``code``, given its data, then moved by the workflow's actions."""
    dataset = factories.Dataset(
        context=site_context(),
        owner_org=org["id"],
        name=f"ds-{code.lower()}",
        catalog_code=code,
        **PUBLISHABLE,
    )
    if upload:
        add_file(dataset["id"])
    if link:
        helpers.call_action(
            "resource_create", context=site_context(), package_id=dataset["id"], name="api", url=link
        )
    for move in moves:
        if move == "submit":
            helpers.call_action("laodata_dataset_submit", context=site_context(), id=dataset["id"])
        elif move in ("approve", "return"):
            helpers.call_action(
                "laodata_dataset_review",
                context=site_context(),
                id=dataset["id"],
                decision=move,
                comment="Add the data file",
            )
        else:
            helpers.call_action("laodata_dataset_publish", context=site_context(), id=dataset["id"])
    return dataset


@pytest.fixture
def education(clean_db: Any) -> dict[str, Any]:
    org = factories.Organization(name="dept-education", title="Department of Education")
    helpers.call_action(
        "laodata_catalog_import",
        context={"ignore_auth": True},
        upload=FileStorage(io.BytesIO(CATALOG.encode()), filename="catalog.csv"),
    )
    _dataset(org, "EDU-002", ())
    _dataset(org, "EDU-003", ("submit", "return"))
    _dataset(org, "EDU-004", ("submit", "approve"))
    _dataset(org, "EDU-005", ("submit", "approve", "publish"))
    _dataset(org, "EDU-006", ("submit",), link="http://example.org/libraries.csv")
    _dataset(org, "EDU-007", ("submit", "approve", "publish"), upload=True)
    helpers.call_action("laodata_catalog_entry_update", code="EDU-008", connection_status="requested")
    _dataset(org, "EDU-008", ("submit",), link="http://moe.example/api/scholarships")
    helpers.call_action("laodata_catalog_entry_update", code="EDU-009", delay_reason="large_volume")
    return org


def test_state_reasons_are_the_vocabulary() -> None:
    assert list(status.STATE_REASONS) == vocab.keys("outstanding_reason")
    for key in status.STATE_REASONS:
        term = vocab.vocabularies()["outstanding_reason"][key]
        assert term["en"] and term["lo"] and term["vi"], key
        assert key not in vocab.keys("delay_reason")  # one key space for `reason`


@pytest.mark.usefixtures("with_plugins", "education")
def test_outstanding_entries_without_an_explanation_say_why_in_the_api() -> None:
    report = helpers.call_action("laodata_progress")
    assert (report["target"], report["delivered"], report["outstanding"]) == (9, 1, 8)
    (unit,) = report["units"]
    for item in unit["outstanding"]:
        assert set(item) == {"code", "title", "status", "delay_reason", "reason"}
    assert {i["code"]: (i["status"], i["reason"]) for i in unit["outstanding"]} == EXPECTED
    assert next(i for i in unit["outstanding"] if i["code"] == "EDU-009")["delay_reason"] == "large_volume"
    # counted by reason: nothing is left without one
    assert report["delay_reasons"] == {
        "no_data_file": 3,
        "draft": 1,
        "large_volume": 1,
        "no_dataset": 1,
        "not_connected": 1,
        "returned": 1,
    }
    assert "no reason given" not in status.headline(report)
    assert "3 no data file yet" in status.headline(report)

    # the entry list and show carry the same reason; a delivered entry has none
    listed = helpers.call_action("laodata_catalog_entry_list", context=site_context())["results"]
    assert {r["code"]: r["reason"] for r in listed} == dict(
        {code: reason for code, (_s, reason) in EXPECTED.items()}, **{"EDU-007": None}
    )
    assert helpers.call_action("laodata_catalog_entry_show", code="EDU-005")["reason"] == "no_data_file"
    assert helpers.call_action("laodata_catalog_entry_show", code="EDU-007")["reason"] is None

    # once its file is uploaded the entry is delivered, and leaves the list
    dataset = helpers.call_action("package_show", context=site_context(), id="ds-edu-004")
    add_file(dataset["id"])
    report = helpers.call_action("laodata_progress")
    assert "EDU-004" not in {i["code"] for i in report["units"][0]["outstanding"]}


def _groups(body: str) -> dict[str, list[str]]:
    """Heading of each group of the progress page's outstanding section -> its codes."""
    section = re.search(r'<section class="laodata-outstanding">(.*?)</section>', body, re.S)
    assert section
    parts = re.split(r"<h3>(.*?) <span", section.group(1))[1:]
    return {
        title: re.findall(r'<td class="laodata-code"><a href="[^"]+">([A-Z]+-\d+)</a>', table)
        for title, table in zip(parts[::2], parts[1::2], strict=True)
    }


@pytest.mark.usefixtures("with_plugins", "education")
def test_outstanding_entries_without_an_explanation_say_why_on_the_pages(app: Any) -> None:
    user = factories.UserWithToken()
    headers = {"Authorization": user["token"]}
    body = app.get("/catalog/progress", headers=headers).body
    assert _groups(body) == {
        "No data file yet": ["EDU-004", "EDU-005", "EDU-006"],
        "Dataset still a draft (not submitted)": ["EDU-002"],
        "Large volume": ["EDU-009"],
        "No dataset yet": ["EDU-001"],
        "Links to the ministry&#39;s system, not yet connected": ["EDU-008"],
        "Returned by the reviewers for changes": ["EDU-003"],
    }
    assert "No reason given" not in body and "no reason given" not in body
    assert "8 outstanding: 3 no data file yet, 1 dataset still a draft" in body

    lao = app.get("/lo/catalog/progress", headers=headers).body
    assert "ຍັງບໍ່ມີໄຟລ໌ຂໍ້ມູນ" in _groups(lao)
    vietnamese = app.get("/vi/catalog/progress", headers=headers).body
    assert _groups(vietnamese)["Chưa có tệp dữ liệu"] == ["EDU-004", "EDU-005", "EDU-006"]

    entry = app.get("/catalog/EDU-005", headers=headers).body
    reason = re.search(r'<p class="laodata-reason"><strong>(.*?)</strong>', entry)
    assert reason and reason.group(1) == "No data file yet"
    assert "Why it is not delivered yet" in entry
    assert "No reason given" not in entry
    assert "Chưa có tệp dữ liệu" in app.get("/vi/catalog/EDU-005", headers=headers).body
    assert "ຍັງບໍ່ມີຊຸດຂໍ້ມູນ" in app.get("/lo/catalog/EDU-001", headers=headers).body
    late = app.get("/catalog/EDU-009", headers=headers).body
    assert "Why it is late" in late and '<p class="laodata-reason"><strong>Large volume</strong>' in late
    assert "laodata-reason" not in app.get("/catalog/EDU-007", headers=headers).body  # delivered
