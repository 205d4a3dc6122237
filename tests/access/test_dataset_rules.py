"""DESIGN §4 class rules on dataset writes: contradictions and metadata-only data."""

from __future__ import annotations

from typing import Any

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.factories import site_context, upload


@pytest.fixture
def org(clean_db: Any) -> dict[str, Any]:
    return factories.Organization()


@pytest.mark.usefixtures("with_plugins")
class TestDatasetRules:
    def test_sensitive_personal_data_cannot_be_open(self, org: dict[str, Any]) -> None:
        with pytest.raises(tk.ValidationError) as err:
            factories.Dataset(
                owner_org=org["id"], access_level="open", security_level="2", personal_data="sensitive"
            )
        assert "sensitive personal data" in err.value.error_dict["access_level"][0]

    def test_level_three_is_at_most_shared_on_update_too(self, org: dict[str, Any]) -> None:
        dataset = factories.Dataset(owner_org=org["id"], access_level="shared", security_level="3")
        with pytest.raises(tk.ValidationError) as err:
            helpers.call_action(
                "package_patch",
                context=site_context(),
                id=dataset["id"],
                access_level="open",
                security_level="3",
            )
        assert "security level 3" in err.value.error_dict["access_level"][0]

    def test_level_four_refuses_a_file_upload(self, org: dict[str, Any]) -> None:
        dataset = factories.Dataset(owner_org=org["id"], access_level="private", security_level="4")
        with pytest.raises(tk.ValidationError) as err:
            helpers.call_action(
                "resource_create",
                context=site_context(),
                package_id=dataset["id"],
                name="data",
                upload=upload(),
            )
        assert "security level 4" in err.value.error_dict["url"][0]
        assert helpers.call_action("package_show", id=dataset["id"])["resources"] == []

    def test_state_secret_refuses_a_data_link_in_the_dataset_too(self, org: dict[str, Any]) -> None:
        with pytest.raises(tk.ValidationError) as err:
            factories.Dataset(
                owner_org=org["id"],
                access_level="private",
                security_level="2",
                state_secret="true",
                resources=[{"url": "http://example.invalid/secret.csv"}],
            )
        assert "state secret" in err.value.error_dict["resources"][0]

    def test_metadata_only_dataset_without_data_is_fine(self, org: dict[str, Any]) -> None:
        dataset = factories.Dataset(owner_org=org["id"], access_level="private", security_level="5")
        helpers.call_action("package_patch", context=site_context(), id=dataset["id"], notes="Described only")

    def test_consistent_open_dataset_takes_files(self, org: dict[str, Any]) -> None:
        dataset = factories.Dataset(owner_org=org["id"], access_level="open", security_level="1")
        helpers.call_action(
            "resource_create",
            context=site_context(),
            package_id=dataset["id"],
            name="data",
            upload=upload(),
        )
