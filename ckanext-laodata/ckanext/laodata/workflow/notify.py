"""Notices of workflow moves, for the people each move concerns.

- A unit's editors and admins hear of reviewers' decisions on the unit's
  datasets: returned (with the reason), approved, published, withdrawn.
- Reviewers who may review the dataset (``reviewers.may_review``) hear of
  datasets waiting for review: submitted, or sent back by an edit.

Two channels: the dashboard (``notices_for``, read from the audit trail, so
nothing extra is stored and nothing can go stale), and e-mail when CKAN's
mailer is configured (``config.mail_configured``): each move queues one
background job (CKAN's rq worker) that writes to every recipient with an
address. The mail is composed when the move happens, in the portal's default
language, and names only datasets the recipient may read.
"""

from __future__ import annotations

import datetime
import logging
import re
from typing import Any

import flask
import flask_babel
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import mailer

from .. import config
from ..access import roles as reviewers
from .events import workflow_event

log = logging.getLogger(__name__)

# told to the unit (``refresh_review``: the check of a refreshed file sent it back, workflow/refresh.py)
DECISIONS = ("return", "approve", "publish", "unpublish", "refresh_review")
WAITING = ("submit", "edit", "refresh_review")  # told to reviewers (all leave the dataset submitted)
UNIT_ROLES = ("editor", "admin")


def _unit_users(owner_org: str | None) -> list[model.User]:
    if not owner_org:
        return []
    return (
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .filter(
            model.Member.group_id == owner_org,
            model.Member.table_name == "user",
            model.Member.state == "active",
            model.Member.capacity.in_(UNIT_ROLES),
            model.User.state == "active",
        )
        .all()
    )


def _reviewer_users(owner_org: str | None) -> list[model.User]:
    org_id = reviewers.reviewers_organization_id()
    query = model.Session.query(model.User).filter(model.User.state == "active")
    if org_id:
        query = query.join(model.Member, model.Member.table_id == model.User.id).filter(
            model.Member.group_id == org_id, model.Member.table_name == "user", model.Member.state == "active"
        )
    else:
        query = query.filter(model.User.sysadmin.is_(True))
    return [user for user in query.all() if reviewers.may_review(user.name, owner_org)]


def recipients(action: str, package: model.Package, actor_id: str | None) -> list[model.User]:
    """Who hears of ``action`` on ``package`` (never the actor)."""
    users: list[model.User] = []
    if action in DECISIONS:
        users += _unit_users(package.owner_org)
    if action in WAITING:
        users += [u for u in _reviewer_users(package.owner_org) if u not in users]
    return [user for user in users if user.id != actor_id]


# ---- the dashboard -------------------------------------------------------


def notices_for(user_name: str | None, limit: int = 10) -> dict[str, Any]:
    """``{"decisions": [...], "waiting": [...], "waiting_count": n}`` for the dashboard
    of ``user_name``, newest first: reviewers' decisions on the user's units' datasets
    (recent ones), and datasets waiting for this reviewer; the lists hold at most
    ``limit`` rows, ``waiting_count`` counts every dataset waiting for this reviewer
    (the review queue's "Submitted for review")."""
    user = model.User.get(user_name) if user_name else None
    if user is None or user.state != "active":
        return {"decisions": [], "waiting": [], "waiting_count": 0}
    waiting, count = _waiting(user, limit)
    return {"decisions": _decisions(user, limit), "waiting": waiting, "waiting_count": count}


def _event_rows(where: Any, limit: int) -> list[dict[str, Any]]:
    package, actor = model.package_table, model.user_table.alias("actor")
    rows = model.Session.execute(
        sa.select(
            workflow_event.c.id,
            workflow_event.c.action,
            workflow_event.c.to_status,
            workflow_event.c.comment,
            workflow_event.c.created,
            package.c.id.label("package_id"),
            package.c.name,
            package.c.title,
            package.c.owner_org,
            sa.func.coalesce(actor.c.fullname, actor.c.name).label("actor"),
        )
        .select_from(
            workflow_event.join(package, package.c.id == workflow_event.c.package_id).outerjoin(
                actor, actor.c.id == workflow_event.c.actor
            )
        )
        .where(where, package.c.state == "active", package.c.type == "dataset")
        .order_by(workflow_event.c.id.desc())
        .limit(limit)
    ).mappings()
    return [dict(row) for row in rows]


def _unit_ids(user: model.User) -> list[str]:
    """The units in which ``user`` edits (editor or admin)."""
    return [
        row[0]
        for row in model.Session.execute(
            sa.select(model.member_table.c.group_id).where(
                model.member_table.c.table_id == user.id,
                model.member_table.c.table_name == "user",
                model.member_table.c.state == "active",
                model.member_table.c.capacity.in_(UNIT_ROLES),
            )
        )
    ]


def _decisions(user: model.User, limit: int) -> list[dict[str, Any]]:
    units = _unit_ids(user)
    if not units:  # reviewers and plain members hear of no decisions
        return []
    since = datetime.datetime.utcnow() - datetime.timedelta(days=config.notice_days())
    return _event_rows(
        sa.and_(
            workflow_event.c.action.in_(DECISIONS),
            workflow_event.c.created >= since,
            model.package_table.c.owner_org.in_(units),
            sa.or_(workflow_event.c.actor.is_(None), workflow_event.c.actor != user.id),
        ),
        limit,
    )


def _not_reviewed(user: model.User) -> list[str]:
    """The units whose datasets ``user`` may not review: those they edit in
    (``reviewers.may_review``; sysadmins review all)."""
    return [] if user.sysadmin else _unit_ids(user)


def units_not_reviewed_by(user_name: str | None) -> list[str]:
    """The ids of the units left out of ``user_name``'s review queue (``_not_reviewed``)."""
    user = model.User.get(user_name) if user_name else None
    return _not_reviewed(user) if user is not None else []


def _waiting(user: model.User, limit: int) -> tuple[list[dict[str, Any]], int]:
    """The latest events of the first ``limit`` datasets waiting for ``user``'s
    review, and how many datasets wait in all (one COUNT, not the capped list)."""
    if not reviewers.is_reviewer(user.name):
        return [], 0
    package = model.package_table
    waiting = package.c.extras["workflow_status"].astext == "submitted"
    own_units = _not_reviewed(user)
    if own_units:
        owner = package.c.owner_org
        waiting = sa.and_(waiting, sa.or_(owner.is_(None), owner.notin_(own_units)))
    count = model.Session.execute(
        sa.select(sa.func.count())
        .select_from(package)
        .where(waiting, package.c.state == "active", package.c.type == "dataset")
    ).scalar_one()
    if not count:
        return [], 0
    # the latest event of each dataset still waiting for review
    later = workflow_event.alias("later")
    latest = sa.select(sa.func.max(later.c.id)).where(later.c.package_id == package.c.id).scalar_subquery()
    rows = _event_rows(
        sa.and_(workflow_event.c.id == latest, workflow_event.c.to_status == "submitted", waiting), limit
    )
    return rows, count


# ---- e-mail ----------------------------------------------------------------


def _one_line(text: str, limit: int = 150) -> str:
    """Header-safe text: no line breaks (no header injection), bounded length."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _subject(action: str, title: str) -> str:
    subjects = {
        "return": tk._("Returned for changes: {title}"),
        "approve": tk._("Approved: {title}"),
        "publish": tk._("Published on the open portal: {title}"),
        "unpublish": tk._("Withdrawn from the open portal: {title}"),
        "submit": tk._("Waiting for your review: {title}"),
        "edit": tk._("Changed and waiting for review again: {title}"),
        "refresh_review": tk._("New file did not pass the data check, back to review: {title}"),
    }
    return subjects[action].format(title=title)


def _sentence(action: str) -> str:
    sentences = {
        "return": tk._('{actor} returned the dataset "{title}" ({unit}) for changes.'),
        "approve": tk._('{actor} approved the dataset "{title}" ({unit}).'),
        "publish": tk._('{actor} published the dataset "{title}" ({unit}) on the open portal.'),
        "unpublish": tk._('{actor} withdrew the dataset "{title}" ({unit}) from the open portal.'),
        "submit": tk._('{actor} submitted the dataset "{title}" ({unit}) for review.'),
        "edit": tk._('{actor} changed the reviewed dataset "{title}" ({unit}); it needs review again.'),
        "refresh_review": tk._(
            'The new file of the published dataset "{title}" ({unit}) did not pass the data check '
            "({actor}): the dataset is private and waits for review again."
        ),
    }
    return sentences[action]


def compose(action: str, package: model.Package, actor: str, comment: str) -> tuple[str, str]:
    """The subject and plain-text body of the notice of ``action`` on ``package``."""
    title = _one_line(package.title or package.name)
    unit = model.Group.get(package.owner_org) if package.owner_org else None
    lines = [_sentence(action).format(actor=actor, title=title, unit=unit.display_name if unit else "-")]
    if comment:
        with_reason = action in ("return", "unpublish", "refresh_review")
        label = tk._("Reason: {comment}") if with_reason else tk._("Comment: {comment}")
        lines += ["", label.format(comment=comment)]
    lines += [
        "",
        tk._("Open the dataset: {url}").format(
            url=tk.h.url_for("dataset.read", id=package.name, qualified=True)
        ),
    ]
    site = _one_line(tk.config.get("ckan.site_title") or "", 60)
    return _one_line(f"[{site}] {_subject(action, title)}", 200), "\n".join(lines) + "\n"


def queue_mail(event_id: int) -> None:
    """After a move is committed: queue its e-mail notice, if CKAN's mailer is configured.

    A failure to queue (Redis down) is logged, never raised: the move stands,
    and the notice is on the dashboard."""
    if not config.mail_configured():
        return
    try:
        event = model.Session.execute(sa.select(workflow_event).where(workflow_event.c.id == event_id)).one()
        package = model.Package.get(event.package_id)
        users = recipients(event.action, package, event.actor) if package else []
        if package is None or not users:
            return
        actor = model.User.get(event.actor) if event.actor else None
        subject, body = in_default_language(
            lambda: compose(event.action, package, actor.display_name if actor else "-", event.comment)
        )
        tk.enqueue_job(
            send_mail,
            [[user.id for user in users], subject, body],
            title=f"laodata notice {event.action} {package.name}",
        )
    except Exception:  # noqa: BLE001 - a notice never undoes or fails the move
        log.exception("Could not queue the e-mail notice of workflow event %s", event_id)


def in_default_language(build: Any) -> Any:
    if not flask.has_request_context():
        return build()
    with flask_babel.force_locale(tk.config.get("ckan.locale_default") or "en"):
        return build()


def mail_users(users: list[model.User], subject: str, body: str) -> tuple[int, list[str]]:
    """Mail each active user with an address with CKAN's mailer: ``(sent, failures)``,
    every user tried whatever failed before (the notices and the freshness digests)."""
    sent, failed = 0, []
    for user in users:
        if user.state != "active" or not user.email:
            continue
        try:
            mailer.mail_user(user, subject, body)
            sent += 1
        except mailer.MailerException as exc:
            failed.append(f"{user.name}: {exc}")
    return sent, failed


def send_mail(user_ids: list[str], subject: str, body: str) -> int:
    """The background job: send the notice to each user with an address; how many
    were sent. If any could not be sent the job fails (after trying them all), so
    that it shows among the worker's failed jobs."""
    users = [u for u in (model.User.get(user_id) for user_id in user_ids) if u is not None]
    sent, failed = mail_users(users, subject, body)
    if failed:
        raise mailer.MailerException("Workflow notice not sent to " + "; ".join(failed))
    return sent
