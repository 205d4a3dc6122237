"""Actions of scheduled pulls (issue 13 item 5): set, show, delete a resource's source; run the due pulls."""

from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict, Schema, Validator

from ...access.read import may_read
from ...validation import max_length, no_nul
from . import jobs
from .fetch import url_problem
from .model import SCHEDULES, PullSource

URL_MAX = 2000


def _source_url(value: Any) -> Any:
    """An ``http``/``https`` URL without credentials, not naming a non-public address."""
    problem = url_problem(str(value))
    if problem is None:
        return value
    messages = {
        "not_a_url": tk._("Give the address of the data as a URL (https://…)"),
        "scheme": tk._("Only http and https addresses are pulled"),
        "credentials": tk._("A user name or password in the address is not accepted"),
        "no_host": tk._("The address names no host"),
        "private_address": tk._("Private, local and other non-public network addresses are not pulled"),
    }
    raise tk.Invalid(messages.get(problem, problem))


@tk.validator_args
def _set_schema(not_empty: Validator, unicode_safe: Validator, one_of: Any, strip_value: Validator) -> Schema:
    return {
        "id": [not_empty, unicode_safe, no_nul],
        "url": [not_empty, unicode_safe, strip_value, no_nul, max_length(URL_MAX), _source_url],
        "schedule": [not_empty, unicode_safe, one_of(list(SCHEDULES))],
    }


@tk.validator_args
def _id_schema(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe, no_nul]}


@tk.validator_args
def _run_schema(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [ignore_missing, unicode_safe, no_nul]}


def _resource(context: Context, action: str, resource_id: str) -> model.Resource:
    """The active resource of a dataset, after ``action``'s auth (404 to those who may not read it)."""
    resource = model.Resource.get(resource_id)
    package = model.Package.get(resource.package_id) if resource is not None and resource.package_id else None
    if resource is None or resource.state != "active" or package is None or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Resource not found"))
    try:
        tk.check_access(action, context, {"id": resource.id})
    except tk.NotAuthorized:
        if not may_read(context, package.id):
            raise tk.ObjectNotFound(tk._("Resource not found")) from None
        raise
    return resource


@tk.validate_action_data(_set_schema)
def laodata_pull_source_set(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Fetch a resource's file on a schedule from a URL (the unit's editors and admins).

    The first pull is due at once (``ckan laodata pull run``); each pull acts
    as the user who set the source, with their rights at that time. Setting it
    again replaces the URL and schedule (and clears the record of failures).

    :param id: the resource's id
    :param url: ``http``/``https`` address of the data (public addresses only)
    :param schedule: ``hourly``, ``daily``, ``weekly`` or ``monthly``
    :returns: the source: ``{resource_id, package_id, url, schedule, next_run,
        last_run, last_status, last_error, failures}``
    """
    resource = _resource(context, "laodata_pull_source_set", data_dict["id"])
    user = model.User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized(tk._("Only the unit's editors may set up a scheduled pull"))
    source = model.Session.get(PullSource, resource.id)
    if source is None:
        source = PullSource(resource_id=resource.id, failures=0)
        model.Session.add(source)
    source.package_id = str(resource.package_id)
    source.url = data_dict["url"]
    source.schedule = data_dict["schedule"]
    source.user_id = user.id
    source.next_run = datetime.datetime.utcnow()
    source.last_status, source.last_error, source.failures, source.sha256 = None, None, 0, None
    model.Session.commit()
    return source.as_dict()


@tk.side_effect_free
@tk.validate_action_data(_id_schema)
def laodata_pull_source_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A resource's pull source and how its last pull went (the dataset's unit and the reviewers).

    ``last_status``: ``ok`` (a new file was delivered and is being checked),
    ``unchanged``, ``failed`` (``last_error``: ``{code, …}``, e.g.
    ``private_address``, ``too_large``, ``too_slow``, ``http_status``,
    ``unreachable``, ``not_authorized``, ``refused``); ``failures`` counts
    failures in a row.

    :param id: the resource's id
    :returns: the source (see ``laodata_pull_source_set``)
    """
    resource = _resource(context, "laodata_pull_source_show", data_dict["id"])
    source = model.Session.get(PullSource, resource.id)
    if source is None:
        raise tk.ObjectNotFound(tk._("This resource has no scheduled pull"))
    return source.as_dict()


@tk.validate_action_data(_id_schema)
def laodata_pull_source_delete(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Stop pulling a resource (the unit's editors and admins); its file stays.

    :param id: the resource's id
    :returns: ``{resource_id}``
    """
    resource = _resource(context, "laodata_pull_source_delete", data_dict["id"])
    source = model.Session.get(PullSource, resource.id)
    if source is None:
        raise tk.ObjectNotFound(tk._("This resource has no scheduled pull"))
    model.Session.delete(source)
    model.Session.commit()
    return {"resource_id": resource.id}


@tk.validate_action_data(_run_schema)
def laodata_pull_run(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Queue the pulls that are due, or one resource's pull now (sysadmins; cron: ``ckan laodata pull run``).

    :param id: a resource's id (optional: only its pull, due or not)
    :returns: ``{queued: [resource ids]}``
    """
    tk.check_access("laodata_pull_run", context, data_dict)
    resource_id = data_dict.get("id")
    if resource_id and model.Session.get(PullSource, resource_id) is None:
        raise tk.ObjectNotFound(tk._("This resource has no scheduled pull"))
    return {"queued": jobs.queue_due([resource_id] if resource_id else None)}
