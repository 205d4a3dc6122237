"""What the test modules build and call again and again, in one place.

CKAN's own factories (``ckan.tests.factories``) make users, units and
datasets; the workflow helpers in ``tests/published.py`` take a dataset to a
review status with the workflow's actions. Here: calling an action as a given
user, the site user's context, an uploaded file, a data file added to a
dataset, a catalog import, and a dataset's status as stored.
"""

from __future__ import annotations

import io
from typing import Any

import factory
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

import ckan.model as model
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

# A small CSV: the data file most tests give a dataset.
SMALL_CSV = b"a,b\n1,2\n"


def site_context() -> dict[str, Any]:
    """The context of the site user (a sysadmin: both a unit's editor and a reviewer)."""
    return {"user": helpers.call_action("get_site_user")["name"]}


def as_user(user: str | dict[str, Any], action: str, **data: Any) -> Any:
    """Call ``action`` as ``user`` (a name or a user dict), with its auth checked."""
    name = user["name"] if isinstance(user, dict) else user
    return helpers.call_action(action, context={"user": name, "ignore_auth": False}, **data)


def upload(
    body: bytes | str = SMALL_CSV, filename: str = "data.csv", content_type: str | None = None
) -> FileStorage:
    """A file as a browser or an API client uploads it."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return FileStorage(io.BytesIO(data), filename=filename, content_type=content_type)


def add_file(
    dataset_id: str, body: bytes | str = SMALL_CSV, filename: str = "data.csv", **fields: Any
) -> Any:
    """Upload a data file to a dataset as the site user (``resource_create``)."""
    fields.setdefault("name", "data")
    return helpers.call_action(
        "resource_create",
        context=site_context(),
        package_id=dataset_id,
        upload=upload(body, filename),
        **fields,
    )


def import_catalog(text: str, filename: str = "catalog.csv", **data: Any) -> Any:
    """Import a target catalog file as the site user (``laodata_catalog_import``)."""
    return helpers.call_action(
        "laodata_catalog_import", context=site_context(), upload=upload(text, filename), **data
    )


def stored_status(dataset_id: str) -> tuple[str, bool]:
    """The dataset's workflow status and ``private`` flag as the database holds them now."""
    row = model.Session.execute(
        sa.select(model.package_table.c.extras, model.package_table.c.private).where(
            model.package_table.c.id == dataset_id
        )
    ).one()
    return (row.extras or {}).get("workflow_status", "draft"), row.private


def strong_password() -> str:
    """A password the portal's policy accepts (security/passwords.py: at
    least 12 characters of three kinds)."""
    return str(
        ckan_factories.fake.password(
            length=16, special_chars=True, digits=True, upper_case=True, lower_case=True
        )
    )


def use_same_site_pictures() -> None:
    """CKAN's organization factory gives each unit a picture on dummyimage.com;
    the portal refuses a unit picture kept on another site (same_site.py)."""
    ckan_factories.Organization._meta.pre_declarations.update({"image_url": ""})


def use_strong_passwords() -> None:
    """CKAN's user factories draw 10 characters from faker, or use
    ``correct123``: make them draw a strong password instead."""
    for user_factory in (
        ckan_factories.User,
        ckan_factories.Sysadmin,
        ckan_factories.UserWithToken,
        ckan_factories.SysadminWithToken,
    ):
        user_factory._meta.pre_declarations.update({"password": factory.LazyFunction(strong_password)})
