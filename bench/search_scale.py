"""How the embedded search backend degrades with index size: 100,000 documents.

Loading 100,000 datasets through CKAN's actions takes most of an hour on this
machine, so this benchmark starts from the 10,000-dataset bench database made
by ``bench/search.py --datasets 10000``, copies it (``CREATE DATABASE …
TEMPLATE``) and multiplies its search index rows by ``--factor`` with new ids.
The copies are real CKAN index documents, but only the index holds them (the
``package`` table still has 10,000 rows), so this measures the search
backend with CKAN's own query building (``PackageSearchQuery.run`` as
``package_search`` calls it), in-process, with the result cache off — not
HTTP or page rendering. Figures go to ``bench/results/search-scale-<N>.json``.

    .venv/bin/python bench/search_scale.py --factor 10 --runs 50
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DB = "laodata_bench_10000"
ROLE = "laodata_bench"


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-d", db, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def make_copy(target: str, factor: int) -> int:
    psql(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN ('{SOURCE_DB}', '{target}')"
    )
    psql(f'DROP DATABASE IF EXISTS "{target}"')
    psql(f'CREATE DATABASE "{target}" OWNER {ROLE} TEMPLATE "{SOURCE_DB}"')
    psql(
        f"""INSERT INTO laodata_search.document
            SELECT d.index_id || '-' || k, d.site_id, d.id || '-' || k, d.name || '-' || k, d.state,
                   d.dataset_type, d.entity_type, d.capacity, d.metadata_modified, d.metadata_created,
                   d.title_string, d.permission_labels, d.facet_terms, d.fields, d.ftext, d.tsv,
                   jsonb_set(d.stored, '{{id}}', to_jsonb(d.id || '-' || k)), d.indexed_at
            FROM laodata_search.document d, generate_series(1, {factor - 1}) k""",
        target,
    )
    psql("VACUUM ANALYZE laodata_search.document", target)
    return int(psql("SELECT count(*) FROM laodata_search.document", target))


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def timed(fn: Callable[[], Any], runs: int) -> dict[str, Any]:
    for _ in range(3):
        fn()
    samples = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "mean_ms": round(statistics.fmean(samples), 2),
        "runs": runs,
        "hits": result,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    target = f"laodata_bench_scale_{args.factor}"
    documents = make_copy(target, args.factor)
    ini = ROOT / "var" / "bench" / f"bench-scale-{args.factor}.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        LAODATA_SITE_URL="http://127.0.0.1:5099",
        LAODATA_DATABASE_URL=f"postgresql://{ROLE}:{ROLE}@127.0.0.1:5432/{target}",
        LAODATA_STORAGE_PATH=str(ROOT / "var" / "bench" / "storage-scale"),
    )
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "write_config.py"),
            str(ROOT / "config" / "ckan.ini.template"),
            str(ini),
        ],
        check=True,
        env=env,
    )
    text = ini.read_text(encoding="utf-8")
    ini.write_text(
        text.replace("[app:main]\n", "[app:main]\nckanext.laodata.search.cache_size = 0\n", 1),
        encoding="utf-8",
    )

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(str(ini)))
    from ckan.lib.search.query import PackageSearchQuery

    facets = ["organization", "groups", "tags", "res_format", "license_id"]
    base = {
        "rows": 21,
        "fl": "id validated_data_dict",
        "sort": "score desc, metadata_modified desc",
        "facet.field": facets,
        "facet.limit": 50,
        "facet.mincount": 1,
    }
    queries = {
        "dataset_page_query (q=*:*, 5 facets)": {"q": "*:*"},
        "q_word (dismax)": {"q": "water", "defType": "dismax"},
        "fq_org": {"q": "*:*", "fq": "+organization:department-of-education"},
        "fq_tag_with_facets": {"q": "*:*", "fq": '+tags:"statistics"'},
        "sort_title": {"q": "*:*", "sort": "title_string asc"},
        "rows0_no_facets": {"q": "*:*", "rows": 0, "facet.field": []},
    }
    results: dict[str, Any] = {}
    with app._wsgi_app.test_request_context():  # type: ignore[attr-defined]
        for name, extra in queries.items():

            def run(extra: dict[str, Any] = extra) -> int:
                query = PackageSearchQuery()
                query.run(dict(base, **extra), permission_labels=["public"])
                return query.count

            results[name] = timed(run, args.runs)
            print(
                f"{name:42s} p50 {results[name]['p50_ms']:8.2f} ms  p95 {results[name]['p95_ms']:8.2f} ms  "
                f"hits {results[name]['hits']}"
            )

    out = {
        "benchmark": "search-scale",
        "documents": documents,
        "method": "index rows of the 10,000-dataset bench database copied x factor; CKAN PackageSearchQuery "
        "in-process; result cache off",
        "machine": {
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "postgres": psql("SHOW server_version"),
        },
        "runs": args.runs,
        "queries": results,
    }
    path = ROOT / "bench" / "results" / f"search-scale-{documents}.json"
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
