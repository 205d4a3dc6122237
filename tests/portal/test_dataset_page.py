"""The dataset page for citizens (issue 11 item 5): no empty rows; unit,
licence, last update, frequency and freshness, contact; each file with its
format, size and a download button; the review status for staff only."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.laodata.catalog import freshness
from ckanext.laodata.search import seam
from tests.published import draft, move_to, site_context

pytestmark = pytest.mark.usefixtures("with_plugins")


@pytest.fixture
def dataset(clean_db: Any) -> dict[str, Any]:
    editor = factories.UserWithToken()
    unit = factories.Organization(
        name="dept-health",
        title="Department of Health",
        contact_email="data.hea@province.example",
        contact_phone="+856 71 212 000",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    pkg = draft(
        "published",
        owner_org=unit["id"],
        name="hospitals",
        title="District hospitals",
        sector="health",
        update_frequency="monthly",
        license_id="cc-by",
    )
    from werkzeug.datastructures import FileStorage

    helpers.call_action(
        "resource_create",
        context=site_context(),
        package_id=pkg["id"],
        name="Hospitals 2026",
        format="CSV",
        upload=FileStorage(io.BytesIO(b"name,beds\nA,10\nB,20\n"), filename="hospitals.csv"),
    )
    move_to(pkg["id"], "published")  # data first: a new upload sends a published dataset back to review
    return {"editor": editor, "sysadmin": factories.SysadminWithToken(), "pkg": pkg}


def _age(package_id: str, days: int) -> None:
    """Move the dataset's last change back (as the demo does for its stale datasets)."""
    model.Session.execute(
        sa.update(model.package_table)
        .where(model.package_table.c.id == package_id)
        .values(metadata_modified=datetime.datetime.utcnow() - datetime.timedelta(days=days))
    )
    model.repo.commit()
    model.Session.remove()  # no package loaded before the UPDATE stays in the session
    seam.reindex(package_id)


def _rows(body: str) -> dict[str, str]:
    table = body[body.index('class="additional-info"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<th scope="row" class="dataset-label">(.*?)</th>\s*<td[^>]*>(.*?)</td>', table, re.S)
    return {re.sub(r"\s+", " ", k).strip(): re.sub(r"<[^>]+>|\s+", " ", v).strip() for k, v in rows}


def test_citizen_sees_the_facts_and_no_empty_rows(app: Any, dataset: dict[str, Any]) -> None:
    body = app.get("/dataset/hospitals", status=200).body
    start = body.index('class="laodata-dataset-summary"')
    summary = body[start : body.index("</section>", start)]
    assert "Department of Health" in summary
    assert "Creative Commons Attribution" in summary
    assert "Last updated" in summary and "Monthly" in summary
    assert "laodata-freshness-up_to_date" in summary and "Up to date" in summary
    assert "data.hea@province.example" in summary and "+856 71 212 000" in summary
    rows = _rows(body)
    assert rows and all(value not in ("", "—") for value in rows.values()), rows
    assert "Title in Lao" not in rows and "Review status" not in rows
    # the file: format, size and a download button
    assert '<span class="badge laodata-format">CSV</span>' in body
    assert re.search(r'<span class="laodata-size">\d+ bytes</span>', body)
    assert re.search(r'<a class="btn btn-primary laodata-download" href="[^"]+hospitals.csv" download>', body)
    # no review status for a citizen; the publication is in the history without names
    assert "laodata-workflow-status" not in body


def test_out_of_date_dataset_says_so(app: Any, dataset: dict[str, Any]) -> None:
    _age(dataset["pkg"]["id"], 60)
    body = app.get("/vi/dataset/hospitals", status=200).body
    assert "laodata-freshness-out_of_date" in body, re.findall(r"laodata-freshness-\w+", body)


@pytest.mark.parametrize("role", ["editor", "sysadmin"])
def test_staff_see_the_review_status(app: Any, dataset: dict[str, Any], role: str) -> None:
    body = app.get("/dataset/hospitals", headers={"Authorization": dataset[role]["token"]}).body
    assert "laodata-workflow-status" in body


def test_another_units_member_does_not_see_the_review_status(app: Any, dataset: dict[str, Any]) -> None:
    other = factories.UserWithToken()
    factories.Organization(users=[{"name": other["name"], "capacity": "editor"}])
    body = app.get("/dataset/hospitals", headers={"Authorization": other["token"]}).body
    assert "laodata-workflow-status" not in body


@pytest.mark.parametrize(
    ("frequency", "age_days", "state"),
    [
        ("monthly", 34, freshness.UP_TO_DATE),
        ("monthly", 36, freshness.OUT_OF_DATE),
        ("daily", 3, freshness.OUT_OF_DATE),
        ("annual", 300, freshness.UP_TO_DATE),
        ("irregular", 3000, freshness.NO_SCHEDULE),
        ("unknown", 3000, freshness.NO_SCHEDULE),
        (None, 1, freshness.NO_SCHEDULE),
    ],
)
def test_freshness_rule(frequency: str | None, age_days: int, state: str) -> None:
    now = datetime.datetime(2026, 12, 7, 12, 0)
    updated = now - datetime.timedelta(days=age_days)
    result = freshness.freshness(frequency, updated.isoformat(), now)
    assert result.state == state
    assert result.last_updated == updated
    if state != freshness.NO_SCHEDULE:
        assert result.next_due == updated + datetime.timedelta(days=freshness.max_age_days(frequency) or 0)


def test_freshness_reads_timezone_aware_times() -> None:
    now = datetime.datetime(2026, 12, 7, 12, 0)
    aware = "2026-12-07T18:00:00+07:00"  # 11:00 UTC
    assert freshness.timestamp(aware) == datetime.datetime(2026, 12, 7, 11, 0)
    assert freshness.freshness("daily", aware, now).state == freshness.UP_TO_DATE
    assert freshness.timestamp("not a date") is None
