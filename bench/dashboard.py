#!/usr/bin/env python3
"""Logged-in pages and the header's new-activities count (issue 15 item 5).

    .venv/bin/python bench/dashboard.py [--sizes 1000,10000] [--runs 30] [--out FILE]

1. Its own database ``laodata_bench_dashboard`` (role ``laodata_bench``, as
   bench/search.py; dropped and recreated) and ini ``var/bench/bench-dashboard.ini``.
2. One unit with an editor (who created every dataset, as a unit's data
   officer does), a colleague, and a reviewer; the editor follows the colleague
   and 10 datasets. For each size N (datasets, cumulative): N datasets, each
   with the editor's ``new package`` activity (a ~1.5 KB snapshot, as CKAN
   writes), and N activities by the colleague on other datasets, all written
   in SQL (the count does not care how they were made); then 40 new
   activities by the colleague on the followed datasets since the editor's
   last visit to the dashboard. The catalogue's search index is not involved.
3. In-process (CKAN's test client, one process, sequential), ``--runs`` each:
   - the count: CKAN's ``dashboard_new_activities_count`` (the activity plugin's,
     over laodata's dashboard filter: what laodata ran before) and laodata's,
     with 40 new activities and again (``nothing_new``) after the editor looked
     at the dashboard (the usual page view);
   - pages: ``GET /dataset/`` and ``GET /organization/`` anonymous, and logged
     in (API token) with laodata's count, with CKAN's count put back, and with
     no count (the rest of what a logged-in page costs: the user's labels for
     the search, the header's checks, the token).
4. Writes bench/results/dashboard.json (p50/p95 ms per size, the commit measured).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search as common  # noqa: E402  (the database, ini and measuring helpers of bench/search.py)

ROOT = common.ROOT
DB = "laodata_bench_dashboard"
NAME = "dashboard"
FOLLOWED = 10
NEW = 40
SNAPSHOT = "x" * 1400  # the bulk of a dataset snapshot in an activity's data


def say(msg: str) -> None:
    print(f"[dashboard] {msg}", flush=True)


def setup_people() -> dict[str, Any]:
    import ckan.plugins.toolkit as tk

    ctx = common.site_user_context()
    people = {}
    for role in ("editor", "colleague", "reviewer"):
        people[role] = tk.get_action("user_create")(
            {**ctx, "ignore_auth": True},
            {"name": f"bench-{role}", "email": f"{role}@example.org", "password": "Bench-password-1234"},
        )
    unit = tk.get_action("organization_create")(
        {**ctx, "ignore_auth": True},
        {
            "name": "bench-unit",
            "title": "Bench unit",
            "users": [
                {"name": "bench-editor", "capacity": "editor"},
                {"name": "bench-colleague", "capacity": "editor"},
            ],
        },
    )
    people["unit"] = unit
    tk.get_action("follow_user")({"user": "bench-editor"}, {"id": people["colleague"]["id"]})
    token = tk.get_action("api_token_create")(
        {"user": "bench-editor"}, {"user": "bench-editor", "name": "bench"}
    )
    people["token"] = token["token"]
    return people


def add_datasets(people: dict[str, Any], start: int, stop: int, first: bool) -> None:
    """Datasets start..stop-1 with their activities, in SQL; the first call also
    makes the followed datasets and their new activities."""
    import sqlalchemy as sa

    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from ckanext.laodata.access.labels import LABELS

    unit_id = people["unit"]["id"]
    editor, colleague = people["editor"]["id"], people["colleague"]["id"]
    dashboard = model.Dashboard.get(editor)
    assert dashboard is not None
    seen = dashboard.activity_stream_last_viewed
    old = seen - datetime.timedelta(days=30)
    packages, activities = [], []
    for i in range(start, stop):
        pid = str(uuid.uuid4())
        packages.append({"id": pid, "name": f"bench-ds-{i}", "title": f"Dataset {i}", "owner_org": unit_id})
        data = json.dumps({"package": {"id": pid, "name": f"bench-ds-{i}", "notes": SNAPSHOT}})
        activities.append({"user": editor, "object": pid, "kind": "new package", "data": data, "ts": old})
        activities.append(
            {"user": colleague, "object": pid, "kind": "changed package", "data": data, "ts": old}
        )
    model.Session.execute(
        sa.text(
            "INSERT INTO package (id, name, title, type, state, owner_org, private, metadata_created, "
            "metadata_modified) VALUES (:id, :name, :title, 'dataset', 'active', :owner_org, true, now(), now())"
        ),
        packages,
    )
    model.Session.commit()
    labels = LABELS.get_dataset_labels(model.Package.get(packages[0]["id"]))
    for a in activities:
        a.update(id=str(uuid.uuid4()), labels=labels)
    if first:
        for p in packages[:FOLLOWED]:
            tk.get_action("follow_dataset")({"user": "bench-editor"}, {"id": p["id"]})
        for k in range(NEW):
            p = packages[k % FOLLOWED]
            activities.append(
                {
                    "id": str(uuid.uuid4()),
                    "user": colleague,
                    "object": p["id"],
                    "kind": "changed package",
                    "data": json.dumps({"package": {"id": p["id"], "name": p["name"], "notes": SNAPSHOT}}),
                    "ts": seen + datetime.timedelta(seconds=k + 1),
                    "labels": labels,
                }
            )
    model.Session.execute(
        sa.text(
            "INSERT INTO activity (id, timestamp, user_id, object_id, activity_type, data, permission_labels) "
            "VALUES (:id, :ts, :user, :object, :kind, :data, :labels)"
        ),
        activities,
    )
    model.Session.commit()
    model.Session.execute(sa.text("ANALYZE activity; ANALYZE package"))
    model.Session.commit()


def unsee(people: dict[str, Any]) -> None:
    """Put the editor's last dashboard visit back before the new activities."""
    import sqlalchemy as sa

    import ckan.model as model

    model.Session.execute(
        sa.text(
            "UPDATE dashboard SET activity_stream_last_viewed = activity_stream_last_viewed - interval '1 day' "
            "WHERE user_id = :id"
        ),
        {"id": people["editor"]["id"]},
    )
    model.Session.commit()


def timed(fn: Any, runs: int) -> tuple[dict[str, Any], Any]:
    fn()  # warm
    seconds, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - t0)
    return common.summarize(seconds), result


def stock_count(name: str) -> int:
    """The activity plugin's count, with the context CKAN's get_action would give it."""
    import ckan.model as model
    from ckanext.activity.logic import action as activity_action

    context = {"user": name, "model": model, "session": model.Session, "auth_user_obj": model.User.get(name)}
    return activity_action.dashboard_new_activities_count(context, {})  # type: ignore[arg-type]


def measure_count(runs: int) -> dict[str, Any]:
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    def ckan_count() -> int:
        model.Session.remove()
        return stock_count("bench-editor")

    def laodata_count() -> int:
        model.Session.remove()
        return tk.get_action("dashboard_new_activities_count")({"user": "bench-editor"}, {})

    out: dict[str, Any] = {}
    out["count_ckan"], before = timed(ckan_count, runs)
    out["count_laodata"], after = timed(laodata_count, runs)
    out["count_values"] = {"ckan": before, "laodata": after}
    return out


def measure_pages(app: Any, people: dict[str, Any], runs: int) -> dict[str, Any]:
    """Each page anonymous, then logged in with laodata's count, with CKAN's
    count put back, and with no count at all (what the rest of a logged-in page costs)."""
    from ckanext.laodata.access import dashboard

    client = app.test_client()
    auth = {"Authorization": people["token"]}
    out: dict[str, Any] = {}
    original = dashboard.count_new
    for path in ("/dataset/", "/organization/"):
        key = path.strip("/")

        def get(headers: dict[str, str] | None = None, path: str = path) -> int:
            response = client.get(path, headers=headers or {})
            assert response.status_code == 200, (path, response.status_code)
            return len(response.data)

        out[f"{key}_anonymous"], _ = timed(get, runs)
        out[f"{key}_logged_in"], _ = timed(lambda: get(auth), runs)
        try:
            dashboard.count_new = lambda user: stock_count(user.name)  # type: ignore[assignment]
            out[f"{key}_logged_in_ckan_count"], _ = timed(lambda: get(auth), runs)
            dashboard.count_new = lambda user: 0  # type: ignore[assignment]
            out[f"{key}_logged_in_no_count"], _ = timed(lambda: get(auth), runs)
        finally:
            dashboard.count_new = original  # type: ignore[assignment]
        p50 = {k: out[f"{key}_{k}"]["p50_ms"] for k in ("anonymous", "logged_in", "logged_in_no_count")}
        out[f"{key}_logged_in_minus_anonymous_p50_ms"] = round(p50["logged_in"] - p50["anonymous"], 2)
        out[f"{key}_count_on_the_page_p50_ms"] = round(p50["logged_in"] - p50["logged_in_no_count"], 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--port", type=int, default=5071)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "dashboard.json"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    common.ensure_database(DB, fresh=True)
    ini = common.write_ini(NAME, args.port, DB)  # type: ignore[arg-type]  # names the files bench-dashboard.*
    say("ckan db init")
    common.ckan_cli(ini, "db", "init")
    common.ckan_cli(ini, "db", "upgrade", "-p", "laodata")
    app = common.build_app(ini)
    results: dict[str, Any] = {"sizes": {}}
    load_start = os.getloadavg()
    with app._wsgi_app.test_request_context():
        people = setup_people()
    done = 0
    import ckan.plugins.toolkit as tk

    for n in sizes:
        say(f"{n} datasets, {2 * n} activities")
        with app._wsgi_app.test_request_context():
            add_datasets(people, done, n, first=(done == 0))
        done = n
        with app._wsgi_app.test_request_context():
            counted = measure_count(args.runs)
        # pages outside any request context: each request makes its own
        results["sizes"][str(n)] = {
            "datasets": n,
            "activities": 2 * n + NEW,
            **counted,
            **measure_pages(app, people, args.runs),
        }
        # the usual page view: the user has seen the dashboard since anything new
        with app._wsgi_app.test_request_context():
            tk.get_action("dashboard_mark_activities_old")({"user": "bench-editor"}, {})
            seen = measure_count(args.runs)
        results["sizes"][str(n)]["nothing_new"] = {**seen, **measure_pages(app, people, args.runs)}
        say(json.dumps(results["sizes"][str(n)], indent=1))
        with app._wsgi_app.test_request_context():
            unsee(people)
    results["machine"] = {
        **common.code_version(),
        "loadavg_start": load_start,
        "loadavg_end": os.getloadavg(),
        "uptime_end": common.uptime(),
        "nproc": len(os.sched_getaffinity(0)),
    }
    results["setup"] = {
        "followed_datasets": FOLLOWED,
        "new_activities": NEW,
        "runs": args.runs,
        "where": "in-process, CKAN's test client, one process, sequential",
    }
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    say(f"written {args.out}")


if __name__ == "__main__":
    main()
