"""The review path in the browser: the unit submits, the reviewer returns it
with a reason, the unit sees the reason (dashboard notice and dataset page),
fixes and resubmits, the reviewer
approves and publishes from the review queue, and an anonymous visitor finds
the dataset."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests

from ckan.tests import factories

from tests.published import PUBLISHABLE

from .axe import assert_accessible
from .pages import log_in

REASON = "The beds column is empty for North district"


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_submit_return_fix_approve_publish_find(live_server: str, browser: Any) -> None:
    factories.User(name="health-editor", password="correct-horse-42")
    factories.Sysadmin(name="data-reviewer", password="correct-horse-43")  # reviewers: sysadmins by default
    org = factories.Organization(
        name="dept-health",
        title="Department of Health",
        users=[{"name": "health-editor", "capacity": "editor"}],
    )
    factories.Dataset(
        owner_org=org["id"],
        name="district-hospitals",
        title="District hospitals (Bệnh viện huyện)",
        resources=[{"url": "http://example.org/hospitals.csv", "format": "CSV"}],
        context={"user": "health-editor"},
        **PUBLISHABLE,
    )

    unit = browser.new_context().new_page()
    reviewer = browser.new_context().new_page()
    for page in (unit, reviewer):
        page.set_default_timeout(15000)
    log_in(unit, live_server, "health-editor", "correct-horse-42")
    log_in(reviewer, live_server, "data-reviewer", "correct-horse-43")
    dataset_url = f"{live_server}/dataset/district-hospitals"

    # the unit submits
    unit.goto(dataset_url)
    unit.click("button.laodata-submit")
    unit.wait_for_load_state()
    assert "Submitted for review" in unit.inner_text("body")

    # the reviewer finds it in the queue and returns it; a return without a reason is refused
    reviewer.goto(f"{live_server}/catalog/review")
    assert_accessible(reviewer, "the review queue at desktop width")
    reviewer.click("table.laodata-queue a:has-text('District hospitals')")
    reviewer.wait_for_url(re.compile(r".*/dataset/district-hospitals$"))
    reviewer.click("button.laodata-return")
    reviewer.wait_for_load_state()
    assert "Say why the dataset is returned" in reviewer.inner_text("body")
    reviewer.fill("#laodata-review-comment", REASON)
    reviewer.click("button.laodata-return")
    reviewer.wait_for_load_state()
    assert "Returned to the unit" in reviewer.inner_text("body")

    # the unit sees the reason at once: on its dashboard (in its language), and on the dataset
    unit.goto(f"{live_server}/vi/dashboard/datasets")
    notice = unit.inner_text(".laodata-notice-return")
    assert "Trả lại để chỉnh sửa" in notice and REASON in notice
    unit.click(".laodata-notice-return a:has-text('District hospitals')")
    unit.wait_for_url(re.compile(r".*/dataset/district-hospitals$"))
    unit.goto(f"{live_server}/vi/dataset/district-hospitals")
    assert REASON in unit.inner_text(".laodata-return-reason")
    unit.click("button.laodata-submit")
    unit.wait_for_load_state()

    # the reviewer approves, then publishes (the dashboard says it waits again)
    reviewer.goto(f"{live_server}/dashboard/datasets")
    reviewer.click(".laodata-notices-waiting a:has-text('District hospitals')")
    reviewer.wait_for_url(re.compile(r".*/dataset/district-hospitals$"))
    reviewer.click("button.laodata-approve")
    reviewer.wait_for_load_state()
    assert "Approved" in reviewer.inner_text(".laodata-workflow-status")
    assert requests.get(dataset_url, timeout=10).status_code == 404  # approved is not public
    reviewer.click("button.laodata-publish")
    reviewer.wait_for_load_state()
    assert "Published on the open portal" in reviewer.inner_text("body")
    history = reviewer.text_content(".laodata-history")  # (folded away by default)
    assert REASON in history

    # an anonymous visitor finds it (accent-folded) and opens it
    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_server}/dataset/?q=benh+vien")
    visitor.click(".dataset-heading a:has-text('District hospitals')")
    visitor.wait_for_url(re.compile(r".*/dataset/district-hospitals$"))
    assert "laodata-approve" not in visitor.content()
    for page in (unit, reviewer, visitor):
        page.context.close()
