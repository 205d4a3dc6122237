#!/usr/bin/env python3
"""Page weight benchmark (issue 11 item 6): what a visitor's browser downloads.

    .venv/bin/python bench/pages.py [--runs 3] [--port 5067] [--reuse] [--venv PATH] [--out FILE]

1. Its own database ``laodata_bench_pages`` (role ``laodata_bench``, as
   bench/search.py) and ini ``var/bench/bench-pages.ini`` from
   config/ckan.ini.template, loaded with the demo province
   (``ckan laodata demo load``: 18 units, 310 delivered datasets with their
   files). ``--reuse`` keeps a database that already holds it.
2. gunicorn (2 workers) on 127.0.0.1:PORT serving ``ckanext.laodata.wsgi``,
   the embedded default, no proxy in front. ``--venv`` serves another
   checkout's code (to measure before and after a change).
3. Headless Chromium (``/usr/bin/chromium``, Playwright), anonymous, desktop
   1280x900, in Lao (``/lo/``, so the Lao font counts) and English, for the
   home page, the dataset search and a dataset page (the most recently
   modified published one):
   - first visit: a new browser context (empty cache) opens the page;
   - second page: a new context opens another page first (the search for the
     home page, the home page for the others), then the page measured.
   Bytes are what crossed the network (DevTools ``encodedDataLength``:
   compressed bodies and headers; answers from the browser's cache count 0),
   requests are those that reached the network, load time is the navigation's
   ``loadEventEnd`` (on a shared 2-core machine: indicative only). Each
   figure is the median of ``--runs`` runs.
4. Writes bench/results/pages.json with the commit measured, the files of
   the measured code with uncommitted changes, and the targets (first visit
   <= 500 KB, second page <= 100 KB; KB = 1000 bytes) met or not.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search as common  # noqa: E402  (the database, ini and gunicorn steps of bench/search.py)

ROOT = common.ROOT
DB = "laodata_bench_pages"
NAME = "pages"
CHROMIUM = "/usr/bin/chromium"
FIRST_VISIT_TARGET = 500_000
SECOND_PAGE_TARGET = 100_000
VIEWPORT = {"width": 1280, "height": 900}


def say(msg: str) -> None:
    print(f"[pages] {msg}", flush=True)


def demo_loaded(db: str) -> int:
    try:
        out = common.pg_super(
            "SELECT count(*) FROM package WHERE state = 'active' AND private = false AND type = 'dataset'", db
        )
        return int(out or 0)
    except subprocess.CalledProcessError:
        return 0


def prepare(port: int, reuse: bool) -> Path:
    fresh = not (reuse and demo_loaded(DB) > 0)
    common.ensure_database(DB, fresh=fresh)
    ini = common.write_ini(NAME, port, DB)  # type: ignore[arg-type]  # names the files bench-pages.*
    if fresh:
        say("ckan db init and the demo province (a few minutes)")
        common.ckan_cli(ini, "db", "init")
        common.ckan_cli(ini, "db", "upgrade", "-p", "laodata")
        t0 = time.time()
        common.ckan_cli(ini, "laodata", "demo", "load")
        say(f"demo loaded in {time.time() - t0:.0f} s")
    say(f"{demo_loaded(DB)} public datasets")
    return ini


def start(ini: Path, port: int, venv: Path) -> subprocess.Popen[bytes]:
    if venv != (ROOT / ".venv").resolve():
        return _start_from(ini, port, venv)  # another checkout's code, in its own environment
    return common.start_gunicorn(ini, port, 2, common.BENCH_DIR / "gunicorn-pages.log")


def _start_from(ini: Path, port: int, venv: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, LAODATA_INI=str(ini))
    env.pop("CKAN_INI", None)
    log = open(common.BENCH_DIR / "gunicorn-pages.log", "ab")
    proc = subprocess.Popen(
        [str(venv / "bin" / "python"), "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "ckanext.laodata.wsgi:application"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    log.close()
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/3/action/status_show", timeout=2).ok:
                return proc
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer")


class Meter:
    """Bytes and requests that crossed the network for one page (DevTools protocol)."""

    def __init__(self, context: Any, page: Any) -> None:
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.sizes: dict[str, int] = {}
        self.urls: dict[str, str] = {}
        self.cached: set[str] = set()
        self.cdp.on(
            "Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"])
        )
        self.cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on(
            "Network.loadingFinished",
            lambda e: self.sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
        )

    def _response(self, event: dict[str, Any]) -> None:
        if event["response"].get("fromDiskCache"):
            self.cached.add(event["requestId"])

    def reset(self) -> None:
        self.sizes.clear()
        self.urls.clear()
        self.cached.clear()

    def figures(self) -> dict[str, Any]:
        network = {rid: size for rid, size in self.sizes.items() if rid not in self.cached}
        largest = sorted(((size, self.urls.get(rid, "?")) for rid, size in network.items()), reverse=True)[:5]
        return {
            "bytes": int(sum(network.values())),
            "requests": len(network),
            "from_cache": len([rid for rid in self.sizes if rid in self.cached]),
            "largest": [{"url": url.split("/", 3)[-1], "bytes": int(size)} for size, url in largest],
        }


def _open(page: Any, url: str) -> float:
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return float(page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd"))


def measure(browser: Any, base: str, pages: dict[str, str], runs: int) -> dict[str, Any]:
    entry = {"home": "search", "search": "home", "dataset": "home"}
    out: dict[str, Any] = {}
    for name, path in pages.items():
        first: list[dict[str, Any]] = []
        second: list[dict[str, Any]] = []
        for _ in range(runs):
            for kind, samples in (("first", first), ("second", second)):
                context = browser.new_context(viewport=VIEWPORT)
                page = context.new_page()
                meter = Meter(context, page)
                if kind == "second":
                    _open(page, base + pages[entry[name]])
                    meter.reset()
                load_ms = _open(page, base + path)
                samples.append(dict(meter.figures(), load_ms=round(load_ms)))
                context.close()
        out[name] = {
            "path": path,
            "first_visit": _median(first),
            "second_page": dict(_median(second), after=pages[entry[name]]),
        }
    return out


def _median(samples: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "bytes": int(statistics.median(s["bytes"] for s in samples)),
        "requests": int(statistics.median(s["requests"] for s in samples)),
        "from_cache": int(statistics.median(s["from_cache"] for s in samples)),
        "load_ms": int(statistics.median(s["load_ms"] for s in samples)),
        "runs": len(samples),
        "largest": samples[-1]["largest"],
    }


def dataset_path(base: str) -> str:
    found = requests.get(
        f"{base}/api/3/action/package_search",
        params={"rows": 1, "sort": "metadata_modified desc"},
        timeout=30,
    ).json()["result"]["results"]
    if not found:
        raise SystemExit("no public dataset to measure")
    return f"/dataset/{found[0]['name']}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=5067)
    parser.add_argument("--reuse", action="store_true", help="keep a database that holds the demo province")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv", help="environment whose code is served")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pages.json")
    args = parser.parse_args()

    ini = prepare(args.port, args.reuse)
    base = f"http://127.0.0.1:{args.port}"
    proc = start(ini, args.port, args.venv.resolve())
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            dataset = dataset_path(base)
            results: dict[str, Any] = {}
            for lang, prefix in (("lo", "/lo"), ("en", "")):
                pages = {"home": prefix + "/", "search": prefix + "/dataset/", "dataset": prefix + dataset}
                say(f"measuring {lang}")
                results[lang] = measure(browser, base, pages, args.runs)
            browser.close()
    finally:
        common.stop_gunicorn(proc)

    met = all(
        p["first_visit"]["bytes"] <= FIRST_VISIT_TARGET and p["second_page"]["bytes"] <= SECOND_PAGE_TARGET
        for lang in results.values()
        for p in lang.values()
    )
    report = {
        "benchmark": "bench/pages.py",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "served_by": "gunicorn, 2 workers, no proxy (the embedded default)",
        "venv": str(args.venv),
        "browser": "headless Chromium, anonymous, 1280x900, new context per sample",
        "data": "the demo province (ckan laodata demo load)",
        "targets": {
            "first_visit_bytes": FIRST_VISIT_TARGET,
            "second_page_bytes": SECOND_PAGE_TARGET,
            "met": met,
        },
        "pages": results,
        "machine": {
            "nproc": len(os.sched_getaffinity(0)),
            "loadavg": os.getloadavg(),
            **common.code_version(),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for lang, pages_ in results.items():
        for name, fig in pages_.items():
            say(
                f"{lang} {name}: first visit {fig['first_visit']['bytes'] / 1000:.0f} KB "
                f"({fig['first_visit']['requests']} requests, {fig['first_visit']['load_ms']} ms), "
                f"second page {fig['second_page']['bytes'] / 1000:.0f} KB ({fig['second_page']['requests']} requests)"
            )
    say(f"targets met: {met}; written to {args.out}")


if __name__ == "__main__":
    main()
