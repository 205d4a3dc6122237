"""Scheduled pulls (issue 13 item 5): a resource's file fetched from a unit's system.

A real HTTP server on 127.0.0.1 in the test serves the data; loopback is
allowed only through the test-only key ``ckanext.laodata.pull.allow_loopback``
(off by default, and a test checks that it refuses then). The pull goes the
way of any upload: the data check and the refresh policy of item 4.
Real CKAN, PostgreSQL, Redis and rq.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.laodata import config
from ckanext.laodata.quality import jobs as check_jobs
from ckanext.laodata.quality.pull import jobs
from ckanext.laodata.quality.pull.fetch import PullError, address_allowed, fetch
from ckanext.laodata.workflow import events
from tests.published import site_context
from tests.quality.fixtures import HEADER, csv_file, good_rows
from tests.workflow.test_refresh import _as, _get, _published, _run_worker, _show, units  # noqa: F401

LOOPBACK = pytest.mark.ckan_config(config.PULL_ALLOW_LOOPBACK, True)


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        routes = self.server.routes
        route = routes.get(self.path.split("?", 1)[0])
        self.server.hits.append(self.path)
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        kind, value = route
        if kind == "redirect":
            self.send_response(302)
            self.send_header("Location", value)
            self.end_headers()
        elif kind == "status":
            self.send_response(value)
            self.end_headers()
        elif kind == "slow":
            time.sleep(value)
            self.send_response(200)
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"a,b\n")
        elif kind == "unsized":  # no Content-Length: counted while read
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(value):
                self.wfile.write(b"x" * 65536)
        else:
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(len(value)))
            self.end_headers()
            self.wfile.write(value)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Any]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.routes = {"/data.csv": ("body", csv_file(good_rows(6)))}  # type: ignore[attr-defined]
    httpd.hits = []  # type: ignore[attr-defined]
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _set(units: dict[str, Any], resource_id: str, url: str, schedule: str = "daily") -> dict[str, Any]:
    return helpers.call_action(
        "laodata_pull_source_set", context=_as(units), id=resource_id, url=url, schedule=schedule
    )


def _source(units: dict[str, Any], resource_id: str) -> dict[str, Any]:
    model.Session.expire_all()
    return helpers.call_action("laodata_pull_source_show", context=_as(units), id=resource_id)


def _download(app: Any, dataset_id: str, resource_id: str) -> str:
    return _get(
        app, {}, "anonymous", f"/dataset/{dataset_id}/resource/{resource_id}/download/data.csv"
    ).get_data(as_text=True)


@pytest.mark.usefixtures("with_plugins")
@LOOPBACK
class TestPullRefreshes:
    def test_cron_queues_the_worker_pulls_checks_and_keeps_it_published(
        self, app: Any, cli: Any, server: Any, units: dict[str, Any]
    ) -> None:
        dataset_id, resource_id = _published(units)
        body = csv_file(good_rows(6)).decode()
        server.routes["/data.csv"] = ("body", body.replace("Hospital 6", "Pulled hospital").encode())
        _set(units, resource_id, server.base + "/data.csv")
        from ckan.cli.cli import ckan

        result = cli.invoke(ckan, ["laodata", "pull", "run"])
        assert result.exit_code == 0 and "1 pull(s) queued" in result.output, result.output
        again = cli.invoke(ckan, ["laodata", "pull", "run"])  # not due any more: nothing twice
        assert "0 pull(s) queued" in again.output
        _run_worker(cli)  # the pull, then the data check it queued
        source = _source(units, resource_id)
        assert (source["last_status"], source["failures"], source["last_error"]) == ("ok", 0, None)
        shown = _show(dataset_id)
        assert (shown["workflow_status"], shown["private"]) == ("published", False)
        assert events.history(dataset_id, staff=True)[-1]["action"] == "refresh"
        assert "Pulled hospital" in _download(app, dataset_id, resource_id)
        # the same content again: unchanged, no new event, no new check
        assert jobs.pull_resource(resource_id) == "unchanged"
        assert events.history(dataset_id, staff=True)[-1]["action"] == "refresh"
        assert len([e for e in events.history(dataset_id, staff=True) if e["action"] == "refresh"]) == 1

    def test_a_pulled_file_with_a_missing_column_goes_back_to_review(
        self, server: Any, units: dict[str, Any]
    ) -> None:
        dataset_id, resource_id = _published(units)
        rows = [row[:-1] for row in good_rows(4)]
        server.routes["/data.csv"] = ("body", csv_file(rows))
        _set(units, resource_id, server.base + "/data.csv")
        assert jobs.pull_resource(resource_id) == "ok"
        assert _show(dataset_id)["workflow_status"] == "published"  # held while checked
        check_jobs.validate_resource(resource_id)
        shown = _show(dataset_id)
        assert (shown["workflow_status"], shown["private"]) == ("submitted", True)
        last = events.history(dataset_id, staff=True)[-1]
        assert last["action"] == "refresh_review" and "missing sector" in last["comment"]

    def test_a_redirect_to_the_same_server_is_followed(self, server: Any, units: dict[str, Any]) -> None:
        _dataset_id, resource_id = _published(units)
        server.routes["/moved"] = ("redirect", "/data.csv")
        _set(units, resource_id, server.base + "/moved")
        assert jobs.pull_resource(resource_id) == "ok"
        assert server.hits[-2:] == ["/moved", "/data.csv"]


def _failed(units: dict[str, Any], resource_id: str, url: str) -> dict[str, Any]:
    _set(units, resource_id, url)
    assert jobs.pull_resource(resource_id) == "failed"
    return _source(units, resource_id)


@pytest.mark.usefixtures("with_plugins")
class TestRefusedAddresses:
    def test_loopback_is_refused_without_the_test_key(self, server: Any, units: dict[str, Any]) -> None:
        dataset_id, resource_id = _published(units)
        with pytest.raises(tk.ValidationError) as caught:  # a literal loopback address: refused at once
            _set(units, resource_id, server.base + "/data.csv")
        assert "url" in caught.value.error_dict
        port = server.server_address[1]
        source = _failed(
            units, resource_id, f"http://localhost:{port}/data.csv"
        )  # a name: refused when resolved
        assert source["last_error"]["code"] == "private_address"
        assert server.hits == []  # never connected
        assert _show(dataset_id)["workflow_status"] == "published"

    @LOOPBACK
    @pytest.mark.parametrize(
        "target",
        [
            "http://10.1.2.3/data.csv",
            "http://169.254.169.254/latest/meta-data/",
            "http://192.168.1.1/",
            "http://[fd00::1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
        ],
    )
    def test_a_redirect_to_a_private_address_is_refused(
        self, server: Any, units: dict[str, Any], target: str
    ) -> None:
        _dataset_id, resource_id = _published(units)
        server.routes["/redirect"] = ("redirect", target)
        source = _failed(units, resource_id, server.base + "/redirect")
        assert source["last_error"]["code"] == "private_address", source
        assert server.hits == ["/redirect"]

    @LOOPBACK
    def test_a_redirect_to_another_scheme_is_refused(self, server: Any, units: dict[str, Any]) -> None:
        _dataset_id, resource_id = _published(units)
        server.routes["/redirect"] = ("redirect", "file:///etc/passwd")
        assert _failed(units, resource_id, server.base + "/redirect")["last_error"]["code"] == "scheme"

    def test_addresses(self) -> None:
        for public in ("8.8.8.8", "2606:4700::1111"):
            assert address_allowed(public)
        for private in (
            "10.0.0.1",
            "172.16.5.4",
            "192.168.0.1",
            "169.254.1.1",
            "::1",
            "fe80::1",
            "224.0.0.1",
        ):
            assert not address_allowed(private), private

    def test_an_unknown_host(self, units: dict[str, Any]) -> None:
        _dataset_id, resource_id = _published(units)
        source = _failed(units, resource_id, "http://no-such-host.invalid/data.csv")
        assert source["last_error"]["code"] == "unresolvable"


@pytest.mark.usefixtures("with_plugins")
@LOOPBACK
class TestLimitsAndFailures:
    @pytest.mark.ckan_config("ckan.max_resource_size", 1)
    def test_too_large_by_its_length_or_while_read(self, server: Any, units: dict[str, Any]) -> None:
        dataset_id, resource_id = _published(units)
        server.routes["/big"] = ("body", b"a,b\n" + b"1,2\n" * 300_000)
        assert _failed(units, resource_id, server.base + "/big")["last_error"]["code"] == "too_large"
        server.routes["/unsized"] = ("unsized", 40)
        source = _failed(units, resource_id, server.base + "/unsized")
        assert source["last_error"]["code"] == "too_large" and source["last_error"]["limit"] == 1048576
        assert _show(dataset_id)["resources"][0]["validation_status"] == "passed"  # file unchanged

    @pytest.mark.ckan_config(config.PULL_MAX_SECONDS, 1)
    def test_too_slow(self, server: Any, units: dict[str, Any]) -> None:
        _dataset_id, resource_id = _published(units)
        server.routes["/slow"] = ("slow", 3)
        assert _failed(units, resource_id, server.base + "/slow")["last_error"]["code"] == "too_slow"

    def test_redirect_loop_and_http_errors_count_failures(self, server: Any, units: dict[str, Any]) -> None:
        _dataset_id, resource_id = _published(units)
        server.routes["/loop"] = ("redirect", "/loop")
        assert (
            _failed(units, resource_id, server.base + "/loop")["last_error"]["code"] == "too_many_redirects"
        )
        server.routes["/down"] = ("status", 503)
        source = _failed(units, resource_id, server.base + "/down")
        assert source["last_error"] == {"code": "http_status", "status": 503} and source["failures"] == 1
        assert jobs.pull_resource(resource_id) == "failed"
        assert _source(units, resource_id)["failures"] == 2
        server.routes["/down"] = ("body", csv_file(good_rows(5)))
        assert jobs.pull_resource(resource_id) == "ok"
        assert _source(units, resource_id)["failures"] == 0

    def test_the_pull_acts_with_the_rights_of_who_set_it(self, server: Any, units: dict[str, Any]) -> None:
        _dataset_id, resource_id = _published(units)
        _set(units, resource_id, server.base + "/data.csv")
        helpers.call_action(
            "organization_member_delete",
            context={**site_context(), "ignore_auth": True},
            id=units["org"]["id"],
            username=units["editor"]["name"],
        )
        assert jobs.pull_resource(resource_id) == "failed"
        source = helpers.call_action(
            "laodata_pull_source_show", context={"ignore_auth": True}, id=resource_id
        )
        assert source["last_error"]["code"] == "not_authorized"

    def test_the_failure_is_on_the_resource_page_for_the_unit_only(
        self, app: Any, server: Any, units: dict[str, Any]
    ) -> None:
        dataset_id, resource_id = _published(units)
        server.routes["/down"] = ("status", 500)
        _failed(units, resource_id, server.base + "/down")
        page = f"/dataset/{dataset_id}/resource/{resource_id}"
        staff = _get(app, units, "editor", page).get_data(as_text=True)
        assert "HTTP status 500" in staff and "/down" in staff
        for role in ("anonymous", "other"):
            body = _get(app, units, role, page).get_data(as_text=True)
            assert server.base not in body and "HTTP status 500" not in body and "laodata-pull" not in body


class TestFetch:
    @LOOPBACK
    def test_fetch_names_the_status(self, server: Any) -> None:
        out = io.BytesIO()
        with pytest.raises(PullError) as caught:
            fetch(server.base + "/missing", out, 1000, 5)
        assert caught.value.as_dict() == {"code": "http_status", "status": 404}

    @LOOPBACK
    def test_fetch_writes_the_body(self, server: Any) -> None:
        out = io.BytesIO()
        got = fetch(server.base + "/data.csv", out, 100_000, 5)
        assert got["bytes"] == len(out.getvalue()) and out.getvalue().startswith(",".join(HEADER).encode())


@pytest.mark.usefixtures("with_plugins")
class TestSetting:
    @pytest.mark.parametrize(
        ("url", "schedule", "field"),
        [
            ("ftp://example.org/data.csv", "daily", "url"),
            ("file:///etc/passwd", "daily", "url"),
            ("https://user:secret@example.org/data.csv", "daily", "url"),
            ("http://10.0.0.8/data.csv", "daily", "url"),
            ("http://127.0.0.1/data.csv", "daily", "url"),
            ("http://[::1]/data.csv", "daily", "url"),
            ("not a url", "daily", "url"),
            ("https://example.org/" + "a" * 2100, "daily", "url"),
            ("https://example.org/data\x00.csv", "daily", "url"),
            ("", "daily", "url"),
            ("https://example.org/data.csv", "often", "schedule"),
        ],
    )
    def test_bad_input_names_the_field(
        self, units: dict[str, Any], url: str, schedule: str, field: str
    ) -> None:
        _dataset_id, resource_id = _published(units)
        with pytest.raises(tk.ValidationError) as caught:
            _set(units, resource_id, url, schedule)
        assert list(caught.value.error_dict) == [field]
        with pytest.raises(tk.ObjectNotFound):
            helpers.call_action("laodata_pull_source_show", context=_as(units), id=resource_id)

    def test_who_may_set_show_delete_and_run(self, units: dict[str, Any]) -> None:
        _dataset_id, resource_id = _published(units)
        url = "https://data.example.org/hospitals.csv"
        for role in ("member", "other"):
            with pytest.raises(tk.NotAuthorized):
                helpers.call_action(
                    "laodata_pull_source_set",
                    context=_as(units, role),
                    id=resource_id,
                    url=url,
                    schedule="daily",
                )
        _set(units, resource_id, url)
        assert _source(units, resource_id)["url"] == url
        assert helpers.call_action("laodata_pull_source_show", context=_as(units, "member"), id=resource_id)
        assert helpers.call_action("laodata_pull_source_show", context=_as(units, "reviewer"), id=resource_id)
        for context in (_as(units, "other"), {"user": "", "ignore_auth": False}):
            with pytest.raises(tk.NotAuthorized):
                helpers.call_action("laodata_pull_source_show", context=context, id=resource_id)
            with pytest.raises(tk.NotAuthorized):
                helpers.call_action("laodata_pull_run", context=context)
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("laodata_pull_run", context=_as(units))
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("laodata_pull_source_delete", context=_as(units, "other"), id=resource_id)
        helpers.call_action("laodata_pull_source_delete", context=_as(units), id=resource_id)
        with pytest.raises(tk.ObjectNotFound):
            _source(units, resource_id)

    def test_a_draft_of_another_unit_is_not_found(self, units: dict[str, Any]) -> None:
        dataset = helpers.call_action(
            "package_create",
            context=_as(units),
            name="draft-data",
            owner_org=units["org"]["id"],
            catalog_code="HEA-002",
        )
        resource = helpers.call_action(
            "resource_create", context=_as(units), package_id=dataset["id"], url="https://example.org/x.csv"
        )
        for action in ("laodata_pull_source_set", "laodata_pull_source_show"):
            with pytest.raises(tk.ObjectNotFound):
                helpers.call_action(
                    action,
                    context=_as(units, "other"),
                    id=resource["id"],
                    url="https://example.org/a.csv",
                    schedule="daily",
                )
