"""National harvest (issue 14): a national portal harvests a province's DCAT feed.

Two real portals: the province is the test database, loaded with datasets in
several statuses and served by gunicorn (its ``/catalog.ttl`` paged two
datasets a page, so the harvester follows the hydra paging); the national
portal is a scratch database of its own with ``harvest`` and
``dcat_rdf_harvester`` on. A harvest source of type ``dcat_rdf`` points at the
province's catalog and ``ckan harvester run-test`` gathers, fetches and
imports. Only the published datasets travel, with their classes, frequency,
sector, unit and titles per language; each lands published by a ``harvest``
move that wrote its event; anonymous search on the national portal finds them.
A dataset the province withdraws leaves the national portal at the next harvest.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

import ckan.model as model
from ckan.tests import factories, helpers

from tests.ops import drill
from tests.published import dataset_in, move, published_dataset, site_context

PER_PAGE = 2
TRAVELLING = {
    "Clinics": {
        "title_lo": "ຄລີນິກ",
        "title_vi": "Phòng khám",
        "title_en": "Clinics of the province",
        "notes_vi": "Danh sách phòng khám",
        "sector": "health",
        "update_frequency": "monthly",
        "security_level": "2",
        "unit": "dept-health",
    },
    "Schools": {
        "title_lo": "ໂຮງຮຽນ",
        "title_vi": "Trường học",
        "title_en": "Schools",
        "notes_vi": "Danh sách trường học",
        "sector": "education",
        "update_frequency": "annual",
        "security_level": "1",
        "unit": "dept-edu",
    },
    "Roads": {
        "title_lo": "ເສັ້ນທາງ",
        "title_vi": "Đường bộ",
        "title_en": "Roads",
        "notes_vi": "Mạng lưới đường bộ",
        "sector": "transport",
        "update_frequency": "quarterly",
        "security_level": "1",
        "unit": "dept-health",
    },
}
# datasets the province holds that must not travel
STAYING = ("CANARY draft", "CANARY approved", "CANARY shared", "CANARY withdrawn", "CANARY returned")


def _province() -> None:
    units = {
        name: factories.Organization(name=name, title=title)
        for name, title in (("dept-health", "Health department"), ("dept-edu", "Education department"))
    }
    for title, fields in TRAVELLING.items():
        fields = dict(fields)
        unit = units[fields.pop("unit")]
        published_dataset(
            owner_org=unit["id"],
            title=title,
            notes=f"{title} of the province",
            license_id="cc-by",
            resources=[{"url": f"http://example.org/{title.lower()}.csv", "format": "CSV"}],
            **fields,
        )
    health = units["dept-health"]["id"]
    dataset_in("draft", owner_org=health, title="CANARY draft", access_level="open", security_level="1")
    dataset_in("approved", owner_org=health, title="CANARY approved", access_level="open", security_level="1")
    dataset_in("returned", owner_org=health, title="CANARY returned", access_level="open", security_level="1")
    dataset_in("approved", owner_org=health, title="CANARY shared", access_level="shared", security_level="3")
    withdrawn = published_dataset(owner_org=health, title="CANARY withdrawn")
    move(withdrawn["id"], "unpublish", "Wrong figures")
    model.Session.commit()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _serve(database: str, storage: pathlib.Path, tmp_path: pathlib.Path, per_page: int) -> Iterator[str]:
    """The province (``database``) served by gunicorn, ``per_page`` datasets a catalog page;
    the URL of its catalog."""
    ini = drill.write_ini(tmp_path / "province.ini", database, storage)
    text = ini.read_text(encoding="utf-8")
    ini.write_text(
        text.replace("\n[loggers]", f"\nckanext.dcat.datasets_per_page = {per_page}\n\n[loggers]", 1),
        encoding="utf-8",
    )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "province.log", "w")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        [
            str(pathlib.Path(sys.executable).parent / "gunicorn"),
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "ckanext.laodata.wsgi:application",
        ],
        cwd=drill.ROOT,
        env={**drill.env(ini), "CKAN_SITE_URL": url},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{url}/api/3/action/status_show", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the province's portal did not start; see {log.name}")
            time.sleep(0.5)
        yield f"{url}/catalog.ttl"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


@pytest.fixture
def province_feed(
    with_plugins: Any, clean_db: Any, ckan_config: Any, tmp_path: pathlib.Path
) -> Iterator[str]:
    """A small province (the test database) served by gunicorn; the URL of its catalog."""
    _province()
    storage = tmp_path / "province-storage"
    storage.mkdir()
    with _serve(ckan_config["sqlalchemy.url"], storage, tmp_path, PER_PAGE) as feed:
        yield feed


# Run in the national portal's own process (its ini): its units and the harvest source.
SETUP = """
import json, sys
import ckan.plugins.toolkit as tk
from ckan.cli import load_config
from ckan.config.middleware import make_app
app = make_app(load_config(sys.argv[1]))
with app._wsgi_app.test_request_context():
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    def ctx():
        return {"user": site["name"], "ignore_auth": True}
    tk.get_action("organization_create")(ctx(), {"name": "province-a", "title": "Province A"})
    # a national unit named like one of the province's: by_name puts that unit's datasets there
    tk.get_action("organization_create")(ctx(), {"name": "dept-edu", "title": "Education"})
    tk.get_action("harvest_source_create")(ctx(), {
        "name": "province-a-feed", "url": sys.argv[2], "source_type": "dcat_rdf",
        "title": "Province A", "owner_org": "province-a", "frequency": "MANUAL",
        "config": json.dumps({"rdf_format": "text/turtle", "laodata_units": "by_name"}),
    })
"""

# What the national portal holds: every dataset (as its site user sees it) and what an
# anonymous visitor finds.
REPORT = """
import json, sys
import ckan.plugins.toolkit as tk
from ckan.cli import load_config
from ckan.config.middleware import make_app
app = make_app(load_config(sys.argv[1]))
client = app._wsgi_app.test_client()
anonymous = client.get("/api/3/action/package_search", query_string={"q": "*:*", "rows": 1000}).get_json()
found = client.get("/api/3/action/package_search", query_string={"q": "Trường", "rows": 1000}).get_json()
with app._wsgi_app.test_request_context():
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    every = tk.get_action("package_search")(
        {"user": site["name"], "ignore_auth": True},
        {"q": "*:*", "rows": 1000, "include_private": True, "include_drafts": True},
    )
    shown = [
        tk.get_action("package_show")({"user": site["name"], "ignore_auth": True}, {"id": d["id"]})
        for d in every["results"]
    ]
print(json.dumps({
    "anonymous": sorted(d["title"] for d in anonymous["result"]["results"]),
    "anonymous_vi": sorted(d["title"] for d in found["result"]["results"]),
    "datasets": shown,
}))
"""


def _run_python(script: str, ini: pathlib.Path, *args: str) -> str:
    done = drill.run([sys.executable, "-c", script, str(ini), *args], ini)
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _national_portal(tmp_path: pathlib.Path, source_url: str) -> tuple[pathlib.Path, str]:
    url = drill.scratch_database(source_url, "national")
    storage = tmp_path / "national-storage"
    storage.mkdir()
    ini = drill.write_ini(tmp_path / "national.ini", url, storage)
    text = ini.read_text(encoding="utf-8")
    ini.write_text(
        text.replace(" text_view\n", " text_view harvest dcat_rdf_harvester\n", 1)
        .replace("ckan.site_url = http://test.ckan.net", "ckan.site_url = http://national.test")
        .replace("\n[loggers]", "\nckan.harvest.mq.type = redis\n\n[loggers]", 1),
        encoding="utf-8",
    )
    assert "dcat_rdf_harvester" in ini.read_text(encoding="utf-8")
    for args in (("db", "init"), ("db", "upgrade", "-p", "laodata"), ("db", "upgrade", "-p", "harvest")):
        done = drill.ckan(ini, *args)
        assert done.returncode == 0, done.stderr[-4000:]
    return ini, url


def _extras(dataset: dict[str, Any]) -> dict[str, Any]:
    return {e["key"]: e["value"] for e in dataset.get("extras") or []}


def test_a_national_portal_harvests_only_the_published_datasets_with_their_classes(
    province_feed: str, ckan_config: Any, tmp_path: pathlib.Path
) -> None:
    # the province's feed is paged: the harvester must follow the pages to get all three
    first_page = requests.get(province_feed, timeout=30).text
    assert "hydra" in first_page and "page=2" in first_page

    ini, url = _national_portal(tmp_path, ckan_config["sqlalchemy.url"])
    try:
        _run_python(SETUP, ini, province_feed)
        done = drill.ckan(ini, "harvester", "run-test", "province-a-feed")
        assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
        errors = drill.scalar(url, "SELECT count(*) FROM harvest_object_error") + drill.scalar(
            url, "SELECT count(*) FROM harvest_gather_error"
        )
        assert errors == 0, drill.rows(url, ["harvest_object_error", "harvest_gather_error"])
        report = json.loads(_run_python(REPORT, ini))
        events = drill.rows(url, ["laodata_workflow_event"])["laodata_workflow_event"]

        # the province withdraws Roads; the next harvest removes it here and leaves the others as
        # they were: still published, no new event (an unchanged dataset is no move)
        roads = model.Session.query(model.Package).filter_by(title="Roads").one()
        move(roads.id, "unpublish", "Recount")
        model.Session.commit()
        done = drill.ckan(ini, "harvester", "run-test", "province-a-feed")
        assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
        again = json.loads(_run_python(REPORT, ini))
        events_again = drill.rows(url, ["laodata_workflow_event"])["laodata_workflow_event"]
    finally:
        drill.drop_database(url)

    datasets = {d["title"]: d for d in report["datasets"]}
    # exactly the published datasets arrived; nothing unpublished, withdrawn or non-open
    assert sorted(datasets) == sorted(TRAVELLING)
    assert not set(STAYING) & set(datasets)
    assert report["anonymous"] == sorted(TRAVELLING)
    assert report["anonymous_vi"] == ["Schools"]  # the Vietnamese title is searchable

    for title, expected in TRAVELLING.items():
        dataset = datasets[title]
        for field in ("title_lo", "title_vi", "title_en", "notes_vi", "sector", "update_frequency"):
            assert dataset[field] == expected[field], (title, field)
        assert dataset["security_level"] == expected["security_level"]
        assert (dataset["access_level"], dataset["importance"]) == ("open", "other")
        assert (dataset["personal_data"], dataset["state_secret"]) == ("none", "false")
        assert dataset["workflow_status"] == "published" and dataset["private"] is False
        extras = _extras(dataset)
        assert extras["publisher_unit"] == expected["unit"]
        # the source's organization, unless a national unit has the province unit's name
        owner = "dept-edu" if expected["unit"] == "dept-edu" else "province-a"
        assert dataset["organization"]["name"] == owner, title
        assert dataset["resources"][0]["url"] == f"http://example.org/{title.lower()}.csv"

    # each reached 'published' by one harvest move that wrote its event
    moves = sorted(
        (
            json.loads(e)["package_id"],
            json.loads(e)["from_status"],
            json.loads(e)["to_status"],
            json.loads(e)["action"],
        )
        for e in events
    )
    assert moves == sorted((d["id"], "draft", "published", "harvest") for d in datasets.values())

    assert again["anonymous"] == ["Clinics", "Schools"]
    assert {d["title"]: (d["id"], d["workflow_status"], d["private"]) for d in again["datasets"]} == {
        t: (datasets[t]["id"], "published", False) for t in ("Clinics", "Schools")
    }
    assert events_again == events


class _Source:
    url = "http://province.example/catalog.ttl"


class _HarvestObject:
    source = _Source()


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.parametrize(
    "classes",
    [
        {"access_level": "shared", "personal_data": "basic"},
        {"access_level": "private", "personal_data": "sensitive"},
        {"access_level": "shared", "security_level": "3"},
        {"access_level": "shared", "importance": "core", "security_level": "2"},
    ],
)
def test_a_harvested_dataset_the_gate_refuses_stays_a_private_draft(classes: dict[str, str]) -> None:
    """A feed that carries closed classes (personal data, a high security level, core data)
    never makes a dataset public here: the harvest move is refused and the job reports why."""
    from ckanext.laodata.dcat import harvest

    unit = factories.Organization()
    created = factories.Dataset(context=site_context(), owner_org=unit["id"], **classes)
    error = harvest.land(_HarvestObject(), created["id"])
    assert error and error.startswith("Harvested but not published on this portal")
    shown = helpers.call_action("package_show", context=site_context(), id=created["id"])
    assert (shown["workflow_status"], shown["private"]) == ("draft", True)
    assert helpers.call_action("laodata_workflow_history", context=site_context(), id=created["id"]) == []


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_the_harvest_move_publishes_with_its_event() -> None:
    from ckanext.laodata.dcat import harvest

    unit = factories.Organization()
    created = factories.Dataset(
        context=site_context(), owner_org=unit["id"], access_level="open", security_level="1"
    )
    assert harvest.land(_HarvestObject(), created["id"]) is None
    shown = helpers.call_action("package_show", context=site_context(), id=created["id"])
    assert (shown["workflow_status"], shown["private"]) == ("published", False)
    history = helpers.call_action("laodata_workflow_history", context=site_context(), id=created["id"])
    assert [(h["from_status"], h["to_status"], h["action"]) for h in history] == [
        ("draft", "published", "harvest")
    ]
    assert "province.example" in history[0]["comment"]
    # landing again (the next harvest of an unchanged dataset) writes nothing
    assert harvest.land(_HarvestObject(), created["id"]) is None
    again = helpers.call_action("laodata_workflow_history", context=site_context(), id=created["id"])
    assert len(again) == 1


CARRIED = (
    "title",
    "title_lo",
    "title_vi",
    "title_en",
    "notes_lo",
    "notes_vi",
    "notes_en",
    "sector",
    "update_frequency",
    "access_level",
    "security_level",
    "importance",
    "personal_data",
    "state_secret",
)


@pytest.mark.demo_harvest
@pytest.mark.skipif(
    os.environ.get("LAODATA_TEST_DEMO_HARVEST") != "1",
    reason="harvests the whole demo province (about 9 minutes); set LAODATA_TEST_DEMO_HARVEST=1 to run it"
    " (the two-portal harvest test above runs always)",
)
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_the_demo_provinces_published_datasets_arrive_with_their_classes(
    ckan_config: Any, tmp_path: pathlib.Path
) -> None:
    """The done-when of issue 14: the whole demo province (DESIGN §8) harvested, 50 a page."""
    from ckanext.laodata.demo import load

    storage = tmp_path / "province-storage"
    storage.mkdir()
    ckan_config["ckan.storage_path"] = str(storage)
    load.load()
    model.Session.commit()
    public = model.Session.query(model.Package).filter_by(type="dataset", state="active", private=False).all()
    assert all(p.extras.get("workflow_status") == "published" for p in public)
    province = {p.id: helpers.call_action("package_show", context=site_context(), id=p.id) for p in public}
    assert len(province) > 100
    everything = model.Session.query(model.Package).filter_by(type="dataset", state="active").count()
    assert everything > len(province)  # the demo holds unpublished datasets too

    with _serve(ckan_config["sqlalchemy.url"], storage, tmp_path, 50) as feed:
        ini, url = _national_portal(tmp_path, ckan_config["sqlalchemy.url"])
        try:
            _run_python(SETUP, ini, feed)
            done = drill.ckan(ini, "harvester", "run-test", "province-a-feed")
            assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
            errors = drill.rows(url, ["harvest_object_error", "harvest_gather_error"])
            assert errors == {"harvest_object_error": [], "harvest_gather_error": []}
            report = json.loads(_run_python(REPORT, ini))
            events = drill.scalar(url, "SELECT count(*) FROM laodata_workflow_event WHERE action = 'harvest'")
        finally:
            drill.drop_database(url)

    national = {_extras(d)["uri"].rstrip("/").rsplit("/", 1)[-1]: d for d in report["datasets"]}
    assert set(national) == set(province)  # exactly the published ones
    assert len(report["anonymous"]) == len(province)
    assert events == len(province)
    for source_id, source in province.items():
        arrived = national[source_id]
        assert {f: arrived.get(f) or "" for f in CARRIED} == {f: source.get(f) or "" for f in CARRIED}, (
            source["name"]
        )
        assert (arrived["workflow_status"], arrived["private"]) == ("published", False)
        assert _extras(arrived)["publisher_unit"] == source["organization"]["name"]
        assert len(arrived["resources"]) == len(source["resources"])
