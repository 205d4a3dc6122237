"""The search index follows the database: after updates, patches, deletions,
resource and membership changes, ``ckan.lib.search.rebuild``/``clear_all``
and every ``ckan search-index`` command, package_search answers what the
database holds.

Each test starts from an empty database and index (the project's clean_db)
and builds the few datasets it needs.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
import sqlalchemy as sa

import ckan.lib.search as search
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.cli.cli import ckan
from ckan.tests import factories, helpers

from tests.published import move_to, published_dataset, site_context

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

EVERYTHING = {"include_private": True, "include_drafts": True}


def package_search(context: dict[str, Any] | None = None, **params: Any) -> dict[str, Any]:
    params.setdefault("rows", 1000)
    return helpers.call_action("package_search", context=context, **params)


def found(**params: Any) -> list[str]:
    return sorted(r["name"] for r in package_search(**params)["results"])


def facet(field: str, **params: Any) -> dict[str, int]:
    return package_search(rows=0, **{"facet.field": json.dumps([field])}, **params)["facets"][field]


def act(action: str, **params: Any) -> Any:
    """Call an action as the site user (the activity plugin wants a real user)."""
    return helpers.call_action(action, context=site_context(), **params)


def staff(**params: Any) -> dict[str, Any]:
    """Search parameters of the site user, who also sees datasets sent back for review."""
    return {"context": site_context(), "include_private": True, **params}


def as_user(name: str) -> dict[str, Any]:
    return {"user": name, "ignore_auth": False}


def db_names(*states: str) -> list[str]:
    query = model.Session.query(model.Package.name).filter(model.Package.state.in_(states))
    return sorted(n for (n,) in query)


def set_title_behind_ckans_back(package_id: str, title: str) -> None:
    """Change the database only (as a migration or a manual fix would)."""
    model.Session.execute(
        sa.text("UPDATE package SET title = :t WHERE id = :id"), {"t": title, "id": package_id}
    )
    model.Session.commit()
    model.Session.expire_all()


# --- actions keep the index in step ----------------------------------------------


def test_title_change() -> None:
    org = factories.Organization()
    crops = published_dataset(
        name="crops", title="Rice production", notes="Paddy fields.", owner_org=org["id"]
    )
    published_dataset(name="pulses", title="Lentils", notes="Legumes.", owner_org=org["id"])
    assert found(q="rice") == ["crops"]

    act("package_patch", id=crops["id"], title="Maize yields")
    assert found(q="rice") == []
    assert found(q="title:rice") == []
    assert found(q="maize") == ["crops"]
    assert found(q="title:yields") == ["crops"]
    assert found(q="paddy") == ["crops"]  # untouched fields still indexed
    (result,) = package_search(q="maize")["results"]
    assert result["title"] == "Maize yields"
    assert [r["name"] for r in package_search(sort="title_string desc")["results"]] == ["crops", "pulses"]
    assert found(q='title_string:"Maize yields"') == ["crops"]
    assert found(q='title_string:"Rice production"') == []


def test_tag_removal_and_update() -> None:
    org = factories.Organization()
    ds = published_dataset(
        name="forests",
        owner_org=org["id"],
        tags=[{"name": "forest"}, {"name": "carbon"}, {"name": "môi trường"}],
    )
    assert facet("tags") == {"forest": 1, "carbon": 1, "môi trường": 1}

    act("package_patch", id=ds["id"], tags=[{"name": "forest"}])
    assert found(q="tags:carbon") == []
    assert found(q="carbon") == []
    assert found(q="moi truong") == []
    assert found(q="tags:forest") == ["forests"]
    assert facet("tags") == {"forest": 1}

    pkg = act("package_show", id=ds["id"])
    pkg["tags"] = []
    act("package_update", **pkg)
    assert found(q="tags:forest") == []
    assert facet("tags") == {}
    assert found(q="name:forests") == ["forests"]


def test_package_delete_removes_document() -> None:
    org = factories.Organization()
    gone = published_dataset(
        name="gone", title="Ferry schedule", owner_org=org["id"], tags=[{"name": "water"}]
    )
    published_dataset(name="kept", title="Bus schedule", owner_org=org["id"], tags=[{"name": "water"}])
    assert facet("tags") == {"water": 2}

    act("package_delete", id=gone["id"])
    assert found(q="schedule") == ["kept"]
    assert found(q="schedule", include_deleted=True, **EVERYTHING) == ["kept"]  # removed, not just flagged
    assert facet("tags") == {"water": 1}
    with pytest.raises(search.SearchError):
        search.show("gone")


@pytest.mark.ckan_config("ckan.search.remove_deleted_packages", False)
def test_package_delete_keeps_flagged_document_when_configured() -> None:
    org = factories.Organization()
    gone = published_dataset(name="gone", title="Ferry schedule", owner_org=org["id"])
    act("package_delete", id=gone["id"])
    assert found(q="ferry") == []
    (result,) = package_search(q="ferry", include_deleted=True)["results"]
    assert result["name"] == "gone" and result["state"] == "deleted"
    assert found(fq="+state:deleted") == ["gone"]


def test_resource_changes_update_format_facet() -> None:
    """Each resource change is in the index at once (the dataset, whose data
    changed, is back in review: the staff search shows it), and again once it
    is published anew."""
    org = factories.Organization()
    ds = published_dataset(
        name="roads",
        owner_org=org["id"],
        resources=[{"url": "http://example.org/a", "format": "CSV", "name": "Network"}],
    )
    assert facet("res_format") == {"CSV": 1}

    xlsx = act(
        "resource_create", package_id=ds["id"], url="http://example.org/b", format="XLSX", name="Đường bộ"
    )
    assert facet("res_format", **staff()) == {"CSV": 1, "XLSX": 1}
    move_to(ds["id"], "published")
    assert facet("res_format") == {"CSV": 1, "XLSX": 1}
    assert found(q="res_format:XLSX") == ["roads"]
    assert found(q="duong bo") == ["roads"]  # res_name is in the catch-all text

    csv_id = act("package_show", id=ds["id"])["resources"][0]["id"]
    act("resource_patch", id=csv_id, format="JSON")
    assert facet("res_format", **staff()) == {"JSON": 1, "XLSX": 1}
    assert found(**staff(q="res_format:CSV")) == []
    move_to(ds["id"], "published")
    assert facet("res_format") == {"JSON": 1, "XLSX": 1}
    assert found(q="res_format:CSV") == []

    act("resource_delete", id=xlsx["id"])
    assert facet("res_format", **staff()) == {"JSON": 1}
    move_to(ds["id"], "published")
    assert facet("res_format") == {"JSON": 1}
    assert found(q="res_format:XLSX") == []
    assert found(q="duong") == []


def test_organization_change_moves_dataset_and_its_readers() -> None:
    amy, bob = factories.User(name="amy"), factories.User(name="bob")
    org_a = factories.Organization(name="org-a", users=[{"name": "amy", "capacity": "member"}])
    org_b = factories.Organization(name="org-b", users=[{"name": "bob", "capacity": "member"}])
    ds = factories.Dataset(name="budget", title="Budget", owner_org=org_a["id"], private=True)
    assert found(context=as_user(amy["name"]), q="budget", include_private=True) == ["budget"]
    assert found(context=as_user(bob["name"]), q="budget", include_private=True) == []

    act("package_patch", id=ds["id"], owner_org=org_b["id"])
    assert found(q="organization:org-b", include_private=True) == ["budget"]
    assert found(q="organization:org-a", include_private=True) == []
    assert facet("organization", include_private=True) == {"org-b": 1}
    assert found(context=as_user(amy["name"]), q="budget", include_private=True) == []
    assert found(context=as_user(bob["name"]), q="budget", include_private=True) == ["budget"]


def test_private_to_public_and_back() -> None:
    org = factories.Organization()
    ds = factories.Dataset(name="plans", title="Metro plans", owner_org=org["id"], private=True)
    anon = {"user": "", "ignore_auth": False}
    assert found(context=dict(anon), q="metro", include_private=True) == []

    act("package_patch", id=ds["id"], access_level="open", security_level="1")
    move_to(ds["id"], "published")
    assert found(context=dict(anon), q="metro", include_private=True) == ["plans"]
    assert found(q="capacity:public") == ["plans"]

    act("laodata_dataset_unpublish", id=ds["id"], comment="Withdrawn for corrections")
    assert found(context=dict(anon), q="metro", include_private=True) == []
    assert found(q="capacity:private", include_private=True) == ["plans"]


def test_draft_becomes_active() -> None:
    org = factories.Organization()
    ds = factories.Dataset(
        context=site_context(), name="survey", title="Nutrition survey", owner_org=org["id"], state="draft"
    )
    assert found(**staff(q="nutrition")) == []
    assert found(**staff(q="nutrition", include_drafts=True)) == ["survey"]
    act("package_patch", id=ds["id"], state="active")
    assert found(**staff(q="nutrition")) == ["survey"]


def test_group_membership_changes() -> None:
    org = factories.Organization()
    group = factories.Group(name="grp-green")
    ds = published_dataset(name="forest", owner_org=org["id"])
    assert found(q="groups:grp-green") == []
    act("member_create", id=group["id"], object=ds["id"], object_type="package", capacity="public")
    assert found(q="groups:grp-green") == ["forest"]
    assert facet("groups") == {"grp-green": 1}
    act("member_delete", id=group["id"], object=ds["id"], object_type="package")
    assert found(q="groups:grp-green") == []
    assert facet("groups") == {}


# --- ckan.lib.search ----------------------------------------------------------------


def _three_datasets() -> dict[str, dict[str, Any]]:
    org = factories.Organization(name="org-one")
    return {
        "open-data": published_dataset(name="open-data", title="Hà Nội roads", owner_org=org["id"]),
        "closed-data": factories.Dataset(
            name="closed-data", title="Closed", owner_org=org["id"], private=True
        ),
        "draft-data": factories.Dataset(name="draft-data", title="Draft", owner_org=org["id"], state="draft"),
    }


def test_clear_all_then_rebuild() -> None:
    _three_datasets()
    assert found(**EVERYTHING) == ["closed-data", "draft-data", "open-data"]

    search.clear_all()
    assert package_search(**EVERYTHING)["count"] == 0
    assert found(q="ha noi") == []

    search.rebuild()
    assert found(**EVERYTHING) == db_names("active", "draft") == ["closed-data", "draft-data", "open-data"]
    assert found(q="ha noi") == ["open-data"]
    assert facet("organization", **EVERYTHING) == {"org-one": 3}


def test_rebuild_one_dataset_repairs_a_stale_document() -> None:
    datasets = _three_datasets()
    set_title_behind_ckans_back(datasets["open-data"]["id"], "Luang Prabang bridges")
    assert found(q="bridges") == []  # the index still has the old title
    assert found(q="roads") == ["open-data"]

    search.rebuild(package_id=datasets["open-data"]["id"])
    assert found(q="bridges") == ["open-data"]
    assert found(q="roads") == []
    assert package_search(q="bridges")["results"][0]["title"] == "Luang Prabang bridges"


def test_rebuild_only_missing() -> None:
    datasets = _three_datasets()
    search.clear("open-data")
    assert found(**EVERYTHING) == ["closed-data", "draft-data"]
    set_title_behind_ckans_back(datasets["closed-data"]["id"], "Renamed")

    search.rebuild(only_missing=True)
    assert found(**EVERYTHING) == ["closed-data", "draft-data", "open-data"]
    # only the missing one was indexed: closed-data keeps its stale title
    assert found(q="renamed", include_private=True) == []
    search.rebuild()
    assert found(q="renamed", include_private=True) == ["closed-data"]


def test_full_rebuild_leaves_no_duplicates() -> None:
    _three_datasets()
    search.rebuild()
    search.rebuild()
    result = package_search(**EVERYTHING)
    assert result["count"] == 3 and len(result["results"]) == 3


# --- ckan search-index ... ---------------------------------------------------------


def _invoke(cli: Any, *args: str) -> str:
    result = cli.invoke(ckan, ["search-index", *args])
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.output


def _add_orphan(copy_of: str) -> str:
    """Put a document in the index whose dataset is not in the database."""
    doc = dict(search.show(copy_of))
    ghost_id = "00000000-0000-0000-0000-000000000001"
    names = {"id": ghost_id, "name": "ghost", "title": "Ghost dataset"}
    doc.update(names, index_id=hashlib.md5(f"{ghost_id}{tk.config.get('ckan.site_id')}".encode()).hexdigest())
    for key in ("data_dict", "validated_data_dict"):
        doc[key] = json.dumps(dict(json.loads(doc[key]), **names))
    search.common.make_connection().add(docs=[doc])
    return ghost_id


def test_cli_clear_check_rebuild_show(cli: Any) -> None:
    _three_datasets()

    _invoke(cli, "clear")
    assert package_search(**EVERYTHING)["count"] == 0
    assert "Packages not indexed = 2 out of 2" in _invoke(cli, "check")  # check counts active datasets

    _invoke(cli, "rebuild")
    assert found(**EVERYTHING) == ["closed-data", "draft-data", "open-data"]
    assert found(q="ha noi") == ["open-data"]
    assert "Packages not indexed = 0 out of 2" in _invoke(cli, "check")

    shown = _invoke(cli, "show", "open-data")
    assert "'name': 'open-data'" in shown and "Hà Nội roads" in shown

    _invoke(cli, "clear", "open-data")
    assert found(**EVERYTHING) == ["closed-data", "draft-data"]
    out = _invoke(cli, "check")
    assert "Packages not indexed = 1 out of 2" in out and "open-data" in out


def test_cli_rebuild_variants(cli: Any) -> None:
    datasets = _three_datasets()
    search.clear("open-data")
    set_title_behind_ckans_back(datasets["closed-data"]["id"], "Renamed")

    _invoke(cli, "rebuild", "-o")  # only missing
    assert found(**EVERYTHING) == ["closed-data", "draft-data", "open-data"]
    assert found(q="renamed", include_private=True) == []

    _invoke(cli, "rebuild", "closed-data")  # one dataset
    assert found(q="renamed", include_private=True) == ["closed-data"]

    set_title_behind_ckans_back(datasets["open-data"]["id"], "Vientiane bridges")
    _invoke(cli, "rebuild", "-e", "-q")  # commit each, quiet
    assert found(q="bridges") == ["open-data"]


def test_cli_rebuild_drops_orphans(cli: Any) -> None:
    _three_datasets()
    _add_orphan("open-data")
    assert found(q="ghost") == ["ghost"]
    assert "Found 1 orphaned package(s)." in _invoke(cli, "list-orphans")

    _invoke(cli, "rebuild")
    assert found(q="ghost") == []
    assert found(**EVERYTHING) == ["closed-data", "draft-data", "open-data"]
    assert "Found 0 orphaned package(s)." in _invoke(cli, "list-orphans")


def test_cli_clear_orphans_keeps_real_datasets(cli: Any) -> None:
    _three_datasets()
    _add_orphan("open-data")
    _invoke(cli, "clear-orphans")
    assert found(**EVERYTHING) == ["closed-data", "draft-data", "open-data"]
