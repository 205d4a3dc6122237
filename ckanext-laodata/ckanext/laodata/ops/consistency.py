"""Whether the search index agrees with the database: the same datasets
(every one not deleted, private and drafts included), each indexed as last
modified. Asked through ``package_search`` as the site user, so it holds for
either search backend."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

PAGE = 1000


def _indexed() -> dict[str, str]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    found: dict[str, str] = {}
    start = 0
    while True:
        result = tk.get_action("package_search")(
            {"user": site_user["name"], "ignore_auth": True},
            {
                "q": "*:*",
                "fl": "id,metadata_modified",
                "include_private": True,
                "include_drafts": True,
                "rows": PAGE,
                "start": start,
                "sort": "id asc",
            },
        )
        for doc in result["results"]:
            found[doc["id"]] = str(doc.get("metadata_modified") or "")
        start += PAGE
        if start >= result["count"]:
            return found


def _stored() -> dict[str, str]:
    rows = model.Session.execute(
        sa.select(model.Package.id, model.Package.metadata_modified).where(model.Package.state != "deleted")
    )
    return {r[0]: r[1].isoformat() if r[1] else "" for r in rows}


def check_index() -> dict[str, Any]:
    """``{datasets, missing, extra, stale}``: ids not indexed, indexed but not in the
    database, indexed with another modification time. Consistent when all are empty."""
    stored, indexed = _stored(), _indexed()
    return {
        "datasets": len(stored),
        "missing": sorted(set(stored) - set(indexed)),
        "extra": sorted(set(indexed) - set(stored)),
        "stale": sorted(i for i in set(stored) & set(indexed) if stored[i][:19] != indexed[i][:19]),
    }
