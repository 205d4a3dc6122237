"""Test helpers for datasets in a given review status.

Only the review workflow moves a dataset's status; tests that need a
dataset already in some status create it with the workflow's context key,
as the workflow actions and the demo loader do. A published dataset is
public and must pass the publication gate, so it gets open classes.
"""
from __future__ import annotations

from typing import Any

from ckan.tests import factories, helpers

from ckanext.laodata.workflow.validators import CONTEXT_KEY

PUBLISHABLE = {"access_level": "open", "security_level": "1", "importance": "other", "personal_data": "none",
               "state_secret": "false"}


def context_for(status: str) -> dict[str, Any]:
    return {"user": helpers.call_action("get_site_user")["name"], CONTEXT_KEY: status}


def dataset_in(status: str, **fields: Any) -> dict[str, Any]:
    """A dataset created directly in ``status`` (published: public, open classes)."""
    if status == "published":
        fields = {**PUBLISHABLE, "private": False, **fields}
    return factories.Dataset(context=context_for(status), **fields)


def published_dataset(**fields: Any) -> dict[str, Any]:
    return dataset_in("published", **fields)
