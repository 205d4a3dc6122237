"""Issue 9 item 8: the progress page's trend ends on today's live figures,
the headline's, whatever today's snapshot recorded; earlier days come from
their snapshots."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.laodata.catalog.model import ProgressSnapshot
from tests.factories import add_file

HEADER = "code,title,unit,sector,update_frequency,access_level,security_level\n"


def _import(*codes: str) -> None:
    rows = "".join(f"{code},Entry {code},dept-health,health,annual,shared,3\n" for code in codes)
    helpers.call_action(
        "laodata_catalog_import",
        context={"ignore_auth": True},
        upload=FileStorage(io.BytesIO((HEADER + rows).encode()), filename="catalog.csv"),
    )


def _deliver(org: dict[str, Any], code: str) -> None:
    site = {"user": helpers.call_action("get_site_user")["name"]}
    dataset = factories.Dataset(context=site, owner_org=org["id"], catalog_code=code)
    add_file(dataset["id"])
    helpers.call_action("laodata_dataset_submit", context=site, id=dataset["id"])


def _points(body: str) -> dict[str, str]:
    """Day -> "D of T delivered (P%)" of every point of the trend chart."""
    return dict(re.findall(r"<title>(\d{4}-\d{2}-\d{2}): (\d+ of \d+ delivered \([\d.]+%\))</title>", body))


def _headline(body: str) -> str:
    shown = re.search(r'<p class="laodata-headline-text">(\d+ of \d+) datasets delivered \(([\d.]+)%\)', body)
    assert shown
    return f"{shown.group(1)} delivered ({shown.group(2)}%)"


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_todays_trend_point_is_the_live_headline(app: Any) -> None:
    health = factories.Organization(name="dept-health")
    _import(*(f"HEA-{n:03d}" for n in range(1, 8)))
    for code in ("HEA-001", "HEA-002", "HEA-003", "HEA-004", "HEA-005", "HEA-006"):
        _deliver(health, code)
    today, yesterday = datetime.date.today(), datetime.date.today() - datetime.timedelta(days=1)
    helpers.call_action("laodata_progress_snapshot")  # today so far: 6 of 7
    # yesterday's snapshot: 5 of 7
    model.Session.add(
        ProgressSnapshot(day=yesterday, unit="dept-health", target=7, delivered=5, approved=0, published=0)
    )
    model.Session.commit()

    # entries are added after today's snapshot: the live figure falls to 6 of 9
    _import(*(f"HEA-{n:03d}" for n in range(1, 10)))
    headers = {"Authorization": factories.UserWithToken()["token"]}
    body = app.get("/catalog/progress", headers=headers).body
    assert _headline(body) == "6 of 9 delivered (66.7%)"
    assert _points(body) == {
        yesterday.isoformat(): "5 of 7 delivered (71.4%)",
        today.isoformat(): "6 of 9 delivered (66.7%)",
    }
    assert f"to {today.isoformat()} (66.7%)" in body  # the chart's caption
    assert helpers.call_action("laodata_progress")["percent_delivered"] == 66.7

    # the same today's point beside a past day's figures
    past = app.get(f"/catalog/progress?as_of={yesterday.isoformat()}", headers=headers).body
    assert _headline(past) == "5 of 7 delivered (71.4%)"
    assert _points(past)[today.isoformat()] == "6 of 9 delivered (66.7%)"

    # without a snapshot for today, the trend still ends on today's live figures
    model.Session.query(ProgressSnapshot).filter(ProgressSnapshot.day == today).delete()
    model.Session.commit()
    _deliver(health, "HEA-007")
    body = app.get("/catalog/progress", headers=headers).body
    assert _headline(body) == "7 of 9 delivered (77.8%)"
    assert list(_points(body).items())[-1] == (today.isoformat(), "7 of 9 delivered (77.8%)")
