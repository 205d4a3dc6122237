"""The freshness check: what is late, told once to each unit and to the coordinating office
(issue 13 item 6; ``ckan laodata freshness check``, also a scheduled job).

Late items come from the delivery rules (``status.py``): *stale* datasets
(delivered, older than their update frequency allows: ``freshness.py``) and
*overdue* entries (past their due date, not delivered). Each is late from a
day (``since``: the day the dataset fell due, the entry's due date).

Each run tells:

- each unit's editors and admins what has become late in their unit;
- the coordinating office (members of ``ckanext.laodata.freshness.office_organization``,
  or the sysadmins) what has become late in every unit;
- the office again, as an escalation, what is still late more than
  ``ckanext.laodata.freshness.escalate_days`` days after it became late.

What was told is recorded (``FreshnessNotice``: audience, entry, kind, since),
so a digest never repeats the same lateness; a dataset refreshed and later
stale again is a new lateness. Digests go by e-mail through CKAN's mailer when
it is configured (``config.mail_configured``); a digest that could not be
mailed to anyone is not recorded, and is tried again on the next run. The
dashboards show what is late whatever was mailed (``late_for``).
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import config
from ..workflow import notify
from ..workflow.notify import in_default_language
from . import freshness, status
from .model import FreshnessNotice

log = logging.getLogger(__name__)

UNIT_ROLES = ("editor", "admin")
KINDS = ("overdue", "stale")


def late_items(
    rows: Iterable[dict[str, Any]], today: datetime.date, now: datetime.datetime
) -> list[dict[str, Any]]:
    """Every late item of the entry rows (``status.entry_rows``): ``{unit, code,
    title, kind, since, days, dataset_name}``, by unit, code."""
    out = []
    for row in rows:
        if status.is_overdue(row, today):
            kind, since = "overdue", row["due_date"]
        elif status.is_stale(row, now):
            due = freshness.freshness(row.get("update_frequency"), row["metadata_modified"], now).next_due
            assert due is not None  # stale means out of date, which has a due date
            kind, since = "stale", due.date()
        else:
            continue
        out.append(
            {
                "unit": row["unit"],
                "code": row["code"],
                "title": row.get("title") or row["code"],
                "kind": kind,
                "since": since,
                "days": (today - since).days,
                "dataset_name": row.get("dataset_name"),
            }
        )
    return sorted(out, key=lambda i: (i["unit"], i["code"]))


def _key(audience: str, item: dict[str, Any]) -> tuple[str, str, str, datetime.date]:
    return (audience, item["code"], item["kind"], item["since"])


def _told(items: list[dict[str, Any]]) -> set[tuple[str, str, str, datetime.date]]:
    codes = sorted({i["code"] for i in items})
    if not codes:
        return set()
    rows = model.Session.query(
        FreshnessNotice.audience, FreshnessNotice.code, FreshnessNotice.kind, FreshnessNotice.since
    ).filter(FreshnessNotice.code.in_(codes))
    return {(a, c, k, s) for a, c, k, s in rows}


def plan(items: list[dict[str, Any]], escalate_days: int) -> dict[str, Any]:
    """What this run tells: ``{units: {unit: [new items]}, office: [new items],
    escalations: [items late more than escalate_days, not yet escalated]}``."""
    told = _told(items)
    units: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        if _key("unit", item) not in told:
            units.setdefault(item["unit"], []).append(item)
    return {
        "units": units,
        "office": [i for i in items if _key("office", i) not in told],
        "escalations": [i for i in items if i["days"] > escalate_days and _key("escalation", i) not in told],
    }


# ---- who hears ---------------------------------------------------------------------------


def unit_users(unit: str) -> list[model.User]:
    """The editors and admins of the unit named ``unit`` (active, with their rights)."""
    return (
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .filter(
            model.Group.name == unit,
            model.Group.state == "active",
            model.Member.table_name == "user",
            model.Member.state == "active",
            model.Member.capacity.in_(UNIT_ROLES),
            model.User.state == "active",
        )
        .order_by(model.User.name)
        .all()
    )


def office_users() -> list[model.User]:
    """The coordinating office: the members of the configured organization, else the sysadmins."""
    query = model.Session.query(model.User).filter(model.User.state == "active")
    office = config.freshness_office()
    if office:
        query = (
            query.join(model.Member, model.Member.table_id == model.User.id)
            .join(model.Group, model.Group.id == model.Member.group_id)
            .filter(
                model.Group.name == office,
                model.Member.table_name == "user",
                model.Member.state == "active",
            )
        )
    else:
        query = query.filter(model.User.sysadmin.is_(True))
    return query.order_by(model.User.name).all()


def is_office(user_name: str | None) -> bool:
    return bool(user_name) and any(u.name == user_name for u in office_users())


# ---- the digests -------------------------------------------------------------------------


def _one_line(text: str, limit: int = 150) -> str:
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _item_line(item: dict[str, Any]) -> str:
    if item["kind"] == "overdue":
        text = tk._("{code} {title}: not delivered, due on {day} ({days} days late)")
    else:
        text = tk._("{code} {title}: not updated since it fell due on {day} ({days} days late)")
    return "- " + text.format(
        code=item["code"], title=_one_line(item["title"]), day=item["since"].isoformat(), days=item["days"]
    )


def _site() -> str:
    return _one_line(tk.config.get("ckan.site_title") or "", 60)


def _progress_url() -> str:
    return str(tk.h.url_for("laodata.progress", qualified=True))


def compose_unit(unit_title: str, new: list[dict[str, Any]], still: int) -> tuple[str, str]:
    """The subject and body of a unit's digest."""
    subject = tk._("Late data of {unit}: {count} item(s)").format(
        unit=_one_line(unit_title, 80), count=len(new)
    )
    lines = [tk._("These datasets of {unit} have become late:").format(unit=unit_title), ""]
    lines += [_item_line(i) for i in new]
    if still:
        lines += ["", tk._("{count} other item(s) are still late (told before).").format(count=still)]
    lines += ["", tk._("See the delivery progress: {url}").format(url=_progress_url())]
    return _one_line(f"[{_site()}] {subject}", 200), "\n".join(lines) + "\n"


def compose_office(
    new: list[dict[str, Any]], escalations: list[dict[str, Any]], titles: dict[str, str], escalate_days: int
) -> tuple[str, str]:
    """The subject and body of the coordinating office's digest."""
    subject = tk._("Late data in the province: {new} new, {escalated} escalated").format(
        new=len(new), escalated=len(escalations)
    )
    lines: list[str] = []
    if escalations:
        lines += [tk._("Still late after more than {days} days (escalated):").format(days=escalate_days)]
        lines += _by_unit(escalations, titles)
    if new:
        lines += [tk._("Newly late:")]
        lines += _by_unit(new, titles)
    lines += [tk._("See the delivery progress: {url}").format(url=_progress_url())]
    return _one_line(f"[{_site()}] {subject}", 200), "\n".join(lines) + "\n"


def _by_unit(items: list[dict[str, Any]], titles: dict[str, str]) -> list[str]:
    lines: list[str] = []
    for unit in sorted({i["unit"] for i in items}):
        lines += ["", titles.get(unit, unit) + ":"]
        lines += [_item_line(i) for i in items if i["unit"] == unit]
    return [*lines, ""]


def _record(audience: str, items: list[dict[str, Any]]) -> None:
    for item in items:
        model.Session.merge(
            FreshnessNotice(
                audience=audience,
                code=item["code"],
                kind=item["kind"],
                since=item["since"],
                unit=item["unit"],
            )
        )


def _deliver(
    audience: str, users: list[model.User], items: list[dict[str, Any]], build: Callable[[], tuple[str, str]]
) -> dict[str, Any]:
    """Mail one digest (when the mailer is configured) and record its items
    unless every mail failed; what happened."""
    addressed = [u for u in users if u.email]
    sent, failed = 0, list[str]()
    if config.mail_configured() and addressed:
        subject, body = in_default_language(build)
        sent, failed = notify.mail_users(addressed, subject, body)
    if sent or not failed:
        _record(audience, items)
    return {"recipients": len(users), "mailed": sent, "failed": failed}


def run(dry_run: bool = False, titles: dict[str, str] | None = None) -> dict[str, Any]:
    """One freshness check (see the module's doc): its summary."""
    today, now = datetime.date.today(), datetime.datetime.utcnow()
    days = config.freshness_escalate_days()
    items = late_items(status.entry_rows(), today, now)
    todo = plan(items, days)
    titles = titles or {}
    result: dict[str, Any] = {
        "late": len(items),
        "stale": sum(1 for i in items if i["kind"] == "stale"),
        "overdue": sum(1 for i in items if i["kind"] == "overdue"),
        "escalate_days": days,
        "dry_run": dry_run,
        "units": [],
        "office": {"new": len(todo["office"]), "escalations": len(todo["escalations"])},
    }
    failed: list[str] = []
    for unit, new in sorted(todo["units"].items()):
        entry: dict[str, Any] = {
            "unit": unit,
            "new": len(new),
            "late": sum(1 for i in items if i["unit"] == unit),
        }
        if not dry_run:
            still = entry["late"] - len(new)
            sent = _deliver(
                "unit",
                unit_users(unit),
                new,
                functools.partial(compose_unit, titles.get(unit, unit), new, still),
            )
            entry.update(sent)
            failed += sent["failed"]
        result["units"].append(entry)
    if not dry_run and (todo["office"] or todo["escalations"]):
        users = office_users()
        sent = _deliver(
            "office",
            users,
            todo["office"],
            lambda: compose_office(todo["office"], todo["escalations"], titles, days),
        )
        if sent["mailed"] or not sent["failed"]:
            _record("escalation", todo["escalations"])
        result["office"].update(sent)
        failed += sent["failed"]
    if dry_run:
        model.Session.rollback()
    else:
        model.Session.commit()
    result["failed"] = failed
    return result


# ---- the dashboards ----------------------------------------------------------------------


def late_for(user_name: str | None, limit: int = 20) -> dict[str, Any]:
    """What is late for a user's dashboard: ``{units: [{unit, items}], office:
    {late, escalated, units: {unit: count}} or None}``: the late items of the
    units in which the user edits, and, for the coordinating office, the
    province's late counts by unit and how many are past the escalation days."""
    user = model.User.get(user_name) if user_name else None
    if user is None or user.state != "active":
        return {"units": [], "office": None}
    mine = [
        name
        for (name,) in model.Session.execute(
            sa.select(model.group_table.c.name)
            .join(model.member_table, model.member_table.c.group_id == model.group_table.c.id)
            .where(
                model.member_table.c.table_id == user.id,
                model.member_table.c.table_name == "user",
                model.member_table.c.state == "active",
                model.member_table.c.capacity.in_(UNIT_ROLES),
                model.group_table.c.is_organization.is_(True),
                model.group_table.c.state == "active",
            )
        )
    ]
    office = is_office(user.name)
    if not mine and not office:
        return {"units": [], "office": None}
    today, now = datetime.date.today(), datetime.datetime.utcnow()
    items = late_items(status.entry_rows(), today, now)
    units = [
        {
            "unit": unit,
            "items": [i for i in items if i["unit"] == unit][:limit],
            "count": sum(1 for i in items if i["unit"] == unit),
        }
        for unit in sorted(mine)
        if any(i["unit"] == unit for i in items)
    ]
    summary = None
    if office:
        days = config.freshness_escalate_days()
        by_unit: dict[str, int] = {}
        for item in items:
            by_unit[item["unit"]] = by_unit.get(item["unit"], 0) + 1
        summary = {
            "late": len(items),
            "escalated": sum(1 for i in items if i["days"] > days),
            "escalate_days": days,
            "units": dict(sorted(by_unit.items(), key=lambda kv: (-kv[1], kv[0]))),
        }
    return {"units": units, "office": summary}
