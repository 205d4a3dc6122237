"""Workflow benchmarks: the cost of each review move, and of the dashboard notices.

1. 20 units with 2 editors each, a reviewers' organization with 3 reviewers;
   600 datasets created by the units' editors through ``package_create``
   (every write rule runs: metadata-only, catalog link, publication gate).
2. Each move through its action, as the API runs it (row lock, event, patch,
   reindex, activity): submit all 600, return 100 and resubmit them, approve
   500, publish the 250 that pass the gate, unpublish 50 (p50/p95 per move).
   Before the moves, 50,000 older workflow events are inserted with SQL (a
   few years of history), so that each dataset's latest event is its real one.
3. The dashboard notices (``notify.notices_for``) of an editor and of a
   reviewer, and the whole ``/dashboard/datasets`` page of each (in-process
   test client, so without gunicorn and HTTP).

Uses its own database ``laodata_bench_workflow``; writes
``bench/results/workflow.json``.

    .venv/bin/python bench/workflow.py
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog import ROOT, fresh_database, psql  # noqa: E402

DB = "laodata_bench_workflow"
UNITS = 20
DATASETS = 600
OPEN = {
    "access_level": "open",
    "security_level": "1",
    "importance": "other",
    "personal_data": "none",
    "state_secret": "false",
}
SHARED = {
    "access_level": "shared",
    "security_level": "3",
    "importance": "important",
    "personal_data": "basic",
    "state_secret": "false",
}


def summary(samples_ms: list[float]) -> dict[str, Any]:
    ordered = sorted(samples_ms)
    return {
        "runs": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
    }


def timed_ms(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    ini = fresh_database(DB, "workflow")
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    config = load_config(str(ini))
    config["ckanext.laodata.workflow.reviewers_organization"] = "data-office"
    app = make_app(config)
    import sqlalchemy as sa

    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from ckanext.laodata.workflow import notify
    from ckanext.laodata.workflow.events import workflow_event

    rng = random.Random(4)
    results: dict[str, Any] = {}
    with app._wsgi_app.test_request_context():  # type: ignore[attr-defined]
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]

        def act(user: str, action: str, **data: Any) -> Any:
            return tk.get_action(action)({"user": user}, data)

        def make_user(name: str) -> str:
            return tk.get_action("user_create")(
                {"user": site, "ignore_auth": True},
                {"name": name, "email": f"{name}@province.example", "password": "bench-password-123"},
            )["name"]

        reviewers = [make_user(f"reviewer-{i}") for i in range(3)]
        act(
            site,
            "organization_create",
            name="data-office",
            users=[{"name": r, "capacity": "member"} for r in reviewers],
        )
        editors: dict[str, list[str]] = {}
        for u in range(UNITS):
            unit = f"unit-{u:02d}"
            editors[unit] = [make_user(f"editor-{u:02d}-{k}") for k in range(2)]
            act(
                site,
                "organization_create",
                name=unit,
                users=[{"name": e, "capacity": "editor"} for e in editors[unit]],
            )

        created: list[tuple[str, str, bool]] = []  # (dataset id, editor, publishable)
        samples: list[float] = []
        for i in range(DATASETS):
            unit = f"unit-{i % UNITS:02d}"
            editor = editors[unit][i % 2]
            publishable = i % 2 == 0
            start = time.perf_counter()
            ds = act(
                editor,
                "package_create",
                name=f"dataset-{i:04d}",
                title=f"Dataset {i} of {unit}",
                owner_org=unit,
                notes="Figures by district and month.",
                tags=[{"name": f"tag{i % 40}"}],
                resources=[{"url": f"http://example.org/{i}.csv", "format": "CSV", "name": f"{i}.csv"}],
                **(OPEN if publishable else SHARED),
            )
            samples.append((time.perf_counter() - start) * 1000)
            created.append((ds["id"], editor, publishable))
        results["package_create"] = summary(samples)

        # a few years of history: 50,000 older events over the same datasets, inserted before the
        # moves below so that each dataset's latest event is its real one (the notices read it)
        actions = ["submit", "return", "approve", "publish", "unpublish", "edit"]
        now = datetime.datetime.utcnow()
        rows = [
            {
                "package_id": created[rng.randrange(DATASETS)][0],
                "from_status": "submitted",
                "to_status": "approved",
                "action": rng.choice(actions),
                "actor": None,
                "comment": "history",
                "created": now - datetime.timedelta(days=rng.randrange(1, 1200)),
            }
            for _ in range(50_000)
        ]
        model.Session.execute(workflow_event.insert(), rows)
        model.Session.commit()
        psql("ANALYZE", DB)  # as autovacuum would after a bulk load

        moves: dict[str, list[float]] = {
            name: [] for name in ("submit", "return", "approve", "publish", "unpublish")
        }
        for ds, editor, _ in created:
            moves["submit"].append(timed_ms(lambda: act(editor, "laodata_dataset_submit", id=ds)))
        for ds, editor, _ in created[:100]:
            reviewer = rng.choice(reviewers)
            moves["return"].append(
                timed_ms(
                    lambda: act(
                        reviewer,
                        "laodata_dataset_review",
                        id=ds,
                        decision="return",
                        comment="Fill in the district column",
                    )
                )
            )
            act(editor, "laodata_dataset_submit", id=ds)
        for ds, _, _ in created[:500]:
            reviewer = rng.choice(reviewers)
            moves["approve"].append(
                timed_ms(lambda: act(reviewer, "laodata_dataset_review", id=ds, decision="approve"))
            )
        publishable = [ds for ds, _, ok in created[:500] if ok]
        for ds in publishable:
            moves["publish"].append(
                timed_ms(lambda: act(rng.choice(reviewers), "laodata_dataset_publish", id=ds))
            )
        for ds in publishable[:50]:
            moves["unpublish"].append(
                timed_ms(
                    lambda: act(
                        rng.choice(reviewers),
                        "laodata_dataset_unpublish",
                        id=ds,
                        comment="Figures under correction",
                    )
                )
            )
        results["moves"] = {name: summary(values) for name, values in moves.items()}

        results["events_in_table"] = model.Session.execute(
            sa.select(sa.func.count()).select_from(workflow_event)
        ).scalar()

        for label, user in (("editor", editors["unit-00"][0]), ("reviewer", reviewers[0])):
            notices = notify.notices_for(user)
            results[f"notices_{label}"] = {
                **summary([timed_ms(lambda: notify.notices_for(user)) for _ in range(50)]),
                "decisions": len(notices["decisions"]),
                "waiting": len(notices["waiting"]),
            }

    client = app.test_client()
    for label, user in (("editor", editors["unit-00"][0]), ("reviewer", reviewers[0])):
        with app._wsgi_app.test_request_context():  # type: ignore[attr-defined]
            token = tk.get_action("api_token_create")({"user": user}, {"user": user, "name": "bench"})[
                "token"
            ]
        page: list[float] = []
        for _ in range(3):
            client.get("/dashboard/datasets", headers={"Authorization": token})
        for _ in range(30):
            start = time.perf_counter()
            response = client.get("/dashboard/datasets", headers={"Authorization": token})
            page.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        results[f"dashboard_page_{label}"] = summary(page)

    out = {
        "benchmark": "workflow",
        "machine": {
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "postgres": psql("SHOW server_version"),
        },
        "datasets": DATASETS,
        "units": UNITS,
        "results": results,
    }
    path = ROOT / "bench" / "results" / "workflow.json"
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
