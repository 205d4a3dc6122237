"""DataStore reads follow the dataset's read policy; hostile queries are the caller's errors (issue 12).

The tables are made with the DataStore's own API (``datastore_create`` by the
site user), which is what the loader calls too; loading by the loader itself
is tested in tests/tables.
"""

from __future__ import annotations

from typing import Any

import pytest

from ckan.tests import factories, helpers

from tests.published import PUBLISHABLE, move_to, site_context

ROWS = [{"district": "Chanthabuly", "beds": 60}, {"district": "Sikhottabong", "beds": 40}]


def _table(org: dict[str, Any], name: str, status: str) -> dict[str, Any]:
    dataset = helpers.call_action(
        "package_create", context=site_context(), name=name, owner_org=org["id"], **PUBLISHABLE
    )
    resource = helpers.call_action(
        "resource_create", context=site_context(), package_id=dataset["id"], url="http://x.invalid/a.csv"
    )
    helpers.call_action(
        "datastore_create",
        context=site_context(),
        resource_id=resource["id"],
        force=True,
        fields=[{"id": "district", "type": "text"}, {"id": "beds", "type": "int"}],
        records=ROWS,
    )
    if status != "draft":
        move_to(dataset["id"], status)
    return resource


@pytest.fixture
def world(clean_db: Any, with_plugins: Any) -> dict[str, Any]:
    editor = factories.UserWithToken()
    outsider = factories.UserWithToken()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    return {
        "editor": editor,
        "outsider": outsider,
        "draft": _table(org, "ds-draft", "draft"),
        "published": _table(org, "ds-published", "published"),
    }


def _post(app: Any, action: str, token: str | None = None, **data: Any) -> Any:
    headers = {"Authorization": token} if token else {}
    return app.post(f"/api/3/action/{action}", json=data, headers=headers, status=None)


class TestReadPolicy:
    def test_a_draft_table_is_not_found_a_published_one_is_read(
        self, app: Any, world: dict[str, Any]
    ) -> None:
        draft, published = world["draft"]["id"], world["published"]["id"]
        for action in ("datastore_search", "datastore_info"):
            for token in (None, world["outsider"]["token"]):
                hidden = _post(app, action, token, resource_id=draft)
                unknown = _post(app, action, token, resource_id="0" * 8 + draft[8:])
                assert hidden.status_code == unknown.status_code == 404, (action, token)
                # word for word the answer for a table that is not there
                assert hidden.json["error"] == {
                    **unknown.json["error"],
                    "message": unknown.json["error"]["message"].replace("0" * 8 + draft[8:], draft),
                }
            assert _post(app, action, world["editor"]["token"], resource_id=draft).status_code == 200
            assert _post(app, action, None, resource_id=published).status_code == 200

    def test_the_list_of_tables_is_not_public(self, app: Any, world: dict[str, Any]) -> None:
        """laodata's ini lists no table searchable without a resource (CKAN's default lists
        _table_metadata, the names of all tables)."""
        for token in (None, world["outsider"]["token"], world["editor"]["token"]):
            response = _post(app, "datastore_search", token, resource_id="_table_metadata")
            assert response.status_code == 404
            assert world["draft"]["id"] not in response.get_data(as_text=True)

    @pytest.mark.ckan_config("ckan.datastore.public_table_search", ["_table_metadata"])
    def test_with_ckans_default_still_not_for_others(self, app: Any, world: dict[str, Any]) -> None:
        for token in (None, world["outsider"]["token"], world["editor"]["token"]):
            response = _post(app, "datastore_search", token, resource_id="_table_metadata")
            assert response.status_code == 404
            assert world["draft"]["id"] not in response.get_data(as_text=True)

    def test_sql_search_is_off(self, app: Any, world: dict[str, Any]) -> None:
        response = _post(app, "datastore_search_sql", None, sql=f'SELECT * FROM "{world["published"]["id"]}"')
        assert response.status_code in (400, 403, 404)
        assert "Chanthabuly" not in response.get_data(as_text=True)

    def test_a_writer_of_another_unit_is_told_not_found(self, app: Any, world: dict[str, Any]) -> None:
        response = _post(
            app,
            "datastore_upsert",
            world["outsider"]["token"],
            resource_id=world["draft"]["id"],
            records=ROWS,
        )
        assert response.status_code in (403, 404)
        rows = helpers.call_action(
            "datastore_search", context=site_context(), resource_id=world["draft"]["id"]
        )
        assert rows["total"] == 2


HOSTILE: list[dict[str, Any]] = [
    {"filters": {"no_such_field": "x"}},
    {"filters": {'district" OR 1=1 --': "x"}},
    {"filters": "not a dict"},
    {"fields": ['district"; DROP TABLE x; --']},
    {"fields": ["no_such_field"]},
    {"sort": "beds; DROP TABLE x"},
    {"sort": "no_such_field desc"},
    {"sort": "beds sideways"},
    {"q": {"no_such_field": "x"}},
    {"limit": -1},
    {"limit": "many"},
    {"offset": -5},
    {"offset": "x"},
    {"distinct": "maybe"},
    {"plain": "x", "q": "a"},
    {"language": "klingon", "q": "a"},
    {"records_format": "xml"},
    {"filters": {"beds": "not a number"}},
    {"filters": {"beds": ["1", {"a": "b"}]}},
    {"q": "a & | ! :* ( "},
    {"full_text": "'\\x"},
]


class TestHostileQueries:
    @pytest.mark.parametrize("params", HOSTILE, ids=[str(i) for i in range(len(HOSTILE))])
    def test_validation_error_never_a_server_error(
        self, app: Any, world: dict[str, Any], params: dict[str, Any]
    ) -> None:
        response = _post(app, "datastore_search", None, resource_id=world["published"]["id"], **params)
        assert response.status_code in (200, 409), (
            params,
            response.status_code,
            response.get_data(as_text=True),
        )
        body = response.json
        if response.status_code == 409:
            assert body["success"] is False and body["error"]["__type"] == "Validation Error", body
        # the table is still there, whole
        rows = helpers.call_action(
            "datastore_search", context=site_context(), resource_id=world["published"]["id"]
        )
        assert rows["total"] == 2
