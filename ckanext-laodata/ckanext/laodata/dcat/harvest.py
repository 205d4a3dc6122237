"""What a dataset harvested from a province's DCAT feed becomes here (national harvest).

A national or ministry portal runs ckanext-harvest with ckanext-dcat's RDF
harvester (``dcat_rdf_harvester``) on each province's ``/catalog.ttl``; the
laodata profile (``profile.py``) parses each dataset back into laodata's
fields. A province's feed lists only its published datasets (its gate
passed them), so a harvested dataset lands **published** here, but only by a
move that writes its event (``workflow/grant.py``) and only if this portal's
publication gate passes its classes too: a dataset whose classes do not
allow it (personal data other than ``none``, security level above 2, a core
or state-secret dataset, an access level other than ``open``) stays a
private draft, and the harvest job reports why.

- **Create**: CKAN creates the dataset as a draft, private (``gate.before_create``
  allows nothing else); then the ``harvest`` move takes it to ``published``
  with an event naming the harvest source, and makes it public.
- **Update** (the next harvest of the same dataset): the harvest never sends
  ``workflow_status`` or ``private``; an edit of classes or data sends a
  published dataset back to ``submitted`` (``gate.before_update``), and the
  ``harvest`` move publishes it again if the gate passes.
- **Unit**: ckanext-dcat puts a dataset in the harvest source's organization
  (one organization per province). A source whose configuration says
  ``{"laodata_units": "by_name"}`` puts each dataset in the local organization
  named like the province's unit (``publisher_unit``, the profile's
  ``laodata:unit``) when one exists. The province's unit stays on the dataset
  as ``publisher_unit``, ``publisher_name`` and ``publisher_uri``.

The hooks are ckanext-dcat's ``IDCATRDFHarvester``; the plugin wires them.

``harvest_source_show`` is chained to read the source from the database, not
from the search index: ckanext-harvest 1.6.3 reindexes a source after each job
with its unvalidated dict as CKAN 2.12's ``validated_data_dict``, which has no
``source_type``, so every later show from the index (the next ``ckan harvester
run``/``run-test``, the source's page) failed with ``KeyError: 'source_type'``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from .. import statuses
from ..access.classes import PERSONAL_DATA_FLAG, publication_failures
from ..workflow import grant
from .profile import UNIT_EXTRA

log = logging.getLogger(__name__)

MOVE = "harvest"
UNITS_OPTION = "laodata_units"
BY_NAME = "by_name"
# what a harvest must never send: only this portal's moves set them
WORKFLOW_FIELDS = ("workflow_status", "private", PERSONAL_DATA_FLAG)


def _source_config(harvest_object: Any) -> dict[str, Any]:
    try:
        config = json.loads(harvest_object.source.config or "{}")
    except (AttributeError, ValueError):
        return {}
    return config if isinstance(config, dict) else {}


def _extra(dataset: dict[str, Any], key: str) -> str | None:
    for item in dataset.get("extras") or []:
        if item.get("key") == key:
            return str(item.get("value") or "") or None
    return None


def local_unit(dataset: dict[str, Any]) -> str | None:
    """The id of the local organization named like the dataset's unit in its province, if any."""
    name = _extra(dataset, UNIT_EXTRA)
    if not name:
        return None
    group = model.Group.get(name)
    if group is None or not group.is_organization or group.state != "active":
        return None
    return group.id


def before_create(harvest_object: Any, dataset: dict[str, Any]) -> None:
    for field in WORKFLOW_FIELDS:
        dataset.pop(field, None)
    dataset["private"] = True  # a new dataset is a draft until the harvest move publishes it
    if _source_config(harvest_object).get(UNITS_OPTION) == BY_NAME:
        unit = local_unit(dataset)
        if unit:
            dataset["owner_org"] = unit


def before_update(harvest_object: Any, dataset: dict[str, Any]) -> None:
    for field in WORKFLOW_FIELDS:
        dataset.pop(field, None)
    package = model.Package.get(str(dataset.get("id") or ""))
    if package is not None:
        dataset["owner_org"] = package.owner_org  # moving units is this portal's decision, not the feed's


def _site_context() -> Context:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def land(harvest_object: Any, package_id: str) -> str | None:
    """Publish a harvested dataset with the ``harvest`` move if this portal's gate
    passes it; otherwise leave it private and say why (the harvest job's error)."""
    package = model.Package.get(package_id)
    if package is None:
        return None
    current = statuses.status_of(package)
    if current == "published":
        return None
    failures = publication_failures(package.extras or {}, tk._)
    if failures:
        log.warning("Harvested dataset %s stays '%s': %s", package.name, current, failures)
        return tk._("Harvested but not published on this portal: {}").format("; ".join(failures.values()))
    source = getattr(harvest_object, "source", None)
    comment = "harvested from " + str(getattr(source, "url", "") or "")
    context = _site_context()
    try:
        grant.record_move(context, package.id, current, "published", MOVE, comment)
        tk.get_action("package_patch")(
            context, {"id": package.id, "workflow_status": "published", "private": False}
        )
    except Exception:
        model.Session.rollback()
        raise
    return None


@tk.side_effect_free
@tk.chained_action
def harvest_source_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """ckanext-harvest's ``harvest_source_show``, never from the search index's copy."""
    tk.check_access("harvest_source_show", context, data_dict)
    return up_func({**context, "use_cache": False}, data_dict)
