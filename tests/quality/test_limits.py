"""Upload limits: accepted file types and size, refused before anything is written (issue 13 item 8)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.laodata import config
from tests.quality.fixtures import csv_file, good_rows, province
from tests.quality.test_validation import _dataset, _upload


@pytest.fixture
def units(clean_db: Any) -> dict[str, Any]:
    return province()


@pytest.mark.usefixtures("with_plugins")
class TestUploadLimits:
    def test_a_type_not_accepted_names_the_accepted_ones(self, units: dict[str, Any]) -> None:
        dataset = _dataset(units)
        with pytest.raises(tk.ValidationError) as caught:
            _upload(units, dataset, b"MZ\x90\x00", "setup.exe")
        message = caught.value.error_dict["upload"][0]
        assert "'exe'" in message and "csv, xlsx" in message
        assert model.Session.query(model.Resource).filter_by(package_id=dataset["id"]).count() == 0

    @pytest.mark.ckan_config(config.UPLOAD_FORMATS, "csv")
    def test_the_types_are_configured(self, units: dict[str, Any]) -> None:
        dataset = _dataset(units)
        resource = _upload(units, dataset, csv_file(good_rows(1)))
        with pytest.raises(tk.ValidationError) as caught:
            helpers.call_action(
                "resource_update",
                context={"user": units["editor"]["name"], "ignore_auth": False},
                id=resource["id"],
                upload=FileStorage(io.BytesIO(b"{}"), filename="data.json"),
            )
        assert "the accepted types are: csv" in caught.value.error_dict["upload"][0]

    @pytest.mark.ckan_config("ckan.max_resource_size", 1)
    def test_a_file_over_the_size_names_the_limit(self, units: dict[str, Any]) -> None:
        dataset = _dataset(units)
        with pytest.raises(tk.ValidationError) as caught:
            _upload(units, dataset, b"a,b\n" + b"1,2\n" * 400_000)
        assert caught.value.error_dict["upload"] == ["The file is 1.5 MB; the largest file accepted is 1 MB"]
        assert model.Session.query(model.Resource).filter_by(package_id=dataset["id"]).count() == 0
