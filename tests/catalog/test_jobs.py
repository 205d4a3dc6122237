"""The progress snapshot runs as a real background job (rq, CKAN's worker)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.laodata.catalog import jobs
from ckanext.laodata.catalog.model import ProgressSnapshot


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestSnapshotJob:
    def test_queued_snapshot_is_recorded_by_the_worker(self, cli: Any) -> None:
        from ckan.cli.cli import ckan

        helpers.call_action("job_clear")
        factories.Organization(name="dept-health")
        helpers.call_action(
            "laodata_catalog_import",
            upload=FileStorage(
                io.BytesIO(
                    b"code,title,unit,sector,update_frequency,access_level,security_level\n"
                    b"HEA-001,Hospitals,dept-health,health,annual,open,1\n"
                ),
                filename="c.csv",
            ),
        )
        jobs.enqueue_progress_snapshot()
        assert model.Session.query(ProgressSnapshot).count() == 0
        result = cli.invoke(ckan, ["jobs", "worker", "--burst"])
        assert result.exit_code == 0, result.output
        model.Session.expire_all()
        snap = model.Session.query(ProgressSnapshot).one()
        assert (snap.day, snap.unit, snap.target, snap.delivered) == (
            datetime.date.today(),
            "dept-health",
            1,
            0,
        )
