"""Stored files carry the SHA-256 computed at upload and are checked again
(issue 14, item 2): by the scheduled job, the CLI and after a restore. A
changed or missing file is reported to sysadmins (the action, the page, the
CLI's exit code), never to others."""

from __future__ import annotations

import hashlib
import pathlib
from typing import Any

import pytest

import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.laodata.ops import files
from ckanext.laodata.ops.model import FileChecksum
from tests.factories import add_file, site_context, upload

pytestmark = pytest.mark.usefixtures("with_plugins")

BODY = b"district,count\nChanthabuly,3\n"


@pytest.fixture
def resource(clean_db: Any) -> dict[str, Any]:
    """An uploaded file (in the test storage, which the ``ckan`` commands of ``cli`` use too)."""
    helpers.call_action("job_clear")
    unit = factories.Organization()
    dataset = factories.Dataset(context=site_context(), owner_org=unit["id"])
    return add_file(dataset["id"], BODY, "counts.csv")


def _row(resource_id: str) -> FileChecksum | None:
    model.Session.expire_all()
    return model.Session.get(FileChecksum, resource_id)


def test_an_upload_records_its_sha256(resource: dict[str, Any]) -> None:
    row = _row(resource["id"])
    assert row is not None
    assert (row.sha256, row.size, row.state) == (hashlib.sha256(BODY).hexdigest(), len(BODY), "ok")


def test_a_new_upload_records_the_new_file(resource: dict[str, Any]) -> None:
    helpers.call_action(
        "resource_update",
        context=site_context(),
        id=resource["id"],
        name="counts",
        upload=upload(b"a\n1\n", "counts.csv"),
    )
    row = _row(resource["id"])
    assert row is not None and row.sha256 == hashlib.sha256(b"a\n1\n").hexdigest()


def _tamper(resource_id: str, body: bytes = b"district,count\nChanthabuly,300\n") -> None:
    pathlib.Path(files.path_of(resource_id)).write_bytes(body)


def test_a_tampered_file_is_reported_by_the_job(resource: dict[str, Any], cli: Any) -> None:
    from ckan.cli.cli import ckan

    assert helpers.call_action("laodata_file_problems", context=site_context())["count"] == 0
    _tamper(resource["id"])
    queued = cli.invoke(ckan, ["laodata", "files", "verify", "--enqueue"])
    assert queued.exit_code == 0, queued.output
    worked = cli.invoke(ckan, ["jobs", "worker", "--burst"])
    assert worked.exit_code == 0, worked.output
    found = helpers.call_action("laodata_file_problems", context=site_context())
    assert [(p["resource_id"], p["state"]) for p in found["results"]] == [(resource["id"], "changed")]
    assert found["results"][0]["sha256"] == hashlib.sha256(BODY).hexdigest()  # the upload's, kept


def test_the_cli_exits_non_zero_naming_the_file(resource: dict[str, Any], cli: Any) -> None:
    from ckan.cli.cli import ckan

    passed = cli.invoke(ckan, ["laodata", "files", "verify"])
    assert passed.exit_code == 0, passed.output
    _tamper(resource["id"])
    other = factories.Dataset(context=site_context(), owner_org=factories.Organization()["id"])
    gone = add_file(other["id"], b"x\n1\n", "gone.csv")
    pathlib.Path(files.path_of(gone["id"])).unlink()
    result = cli.invoke(ckan, ["laodata", "files", "verify"])
    assert result.exit_code == 1
    assert f"Stored file changed: resource {resource['id']}" in result.output
    assert f"Stored file missing: resource {gone['id']}" in result.output
    # the bytes put back as uploaded: reported no more
    _tamper(resource["id"], BODY)
    files.verify()
    assert [p["resource_id"] for p in files.problems()] == [gone["id"]]


def test_an_upload_from_before_checksums_is_recorded_by_the_first_check(resource: dict[str, Any]) -> None:
    model.Session.delete(model.Session.get(FileChecksum, resource["id"]))
    model.Session.commit()
    result = files.verify()
    assert (result["recorded"], result["problems"]) == (1, [])
    assert _row(resource["id"]).sha256 == hashlib.sha256(BODY).hexdigest()  # type: ignore[union-attr]


def test_only_sysadmins_see_the_checks(resource: dict[str, Any], app: Any) -> None:
    _tamper(resource["id"])
    files.verify()
    user = factories.UserWithToken()
    admin = factories.SysadminWithToken()
    for who, status in ((None, 403), (user, 403), (admin, 200)):
        headers = {"Authorization": who["token"]} if who else {}
        api = app.get("/api/3/action/laodata_file_problems", headers=headers, status=status)
        page = app.get(
            "/ckan-admin/laodata/files",
            headers=headers,
            status=status if who else 302,
            follow_redirects=False,
        )
        shown = resource["id"] in api.get_data(as_text=True) or resource["id"] in page.get_data(as_text=True)
        assert shown == (status == 200)
    assert "Changed since its upload" in page.get_data(as_text=True)
