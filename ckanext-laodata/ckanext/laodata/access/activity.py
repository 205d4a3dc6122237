"""Activity streams follow a dataset's visibility.

CKAN's activity plugin stamps each activity with the dataset's permission
labels when it is written and filters streams by them. A dataset that was
public and is withdrawn (unpublished, or sent back for review) would keep its
old ``public`` activities, full dataset snapshots included. After every
dataset update its activities are re-stamped with its current labels.
"""

from __future__ import annotations

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins as p

from .labels import LABELS


def restamp(package_id: str) -> None:
    if not p.plugin_loaded("activity"):
        return
    package = model.Package.get(package_id)
    if package is None:
        return
    model.Session.execute(
        sa.text(
            "UPDATE activity SET permission_labels = :labels "
            "WHERE object_id = :id AND permission_labels IS DISTINCT FROM :labels"
        ),
        {"labels": LABELS.get_dataset_labels(package), "id": package.id},
    )
