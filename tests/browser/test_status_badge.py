"""The workflow status badge on a dataset page is readable in Chromium: its
background stands out from the page and its text from its background, in every
status (it was white on white: laodata's stylesheet was not on dataset pages)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ckan.tests import factories

from tests.published import dataset_in

from .pages import log_in

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
STATUSES = ("draft", "submitted", "returned", "approved", "published")

# the badge's colours, and the first opaque background behind it (the page's)
COLOURS = """badge => {
  const style = getComputedStyle(badge);
  let behind = 'rgb(255, 255, 255)';  // the canvas, if no ancestor paints one
  for (let el = badge.parentElement; el; el = el.parentElement) {
    const bg = getComputedStyle(el).backgroundColor;
    if (!/^rgba\\(.*, 0\\)$/.test(bg) && bg !== 'transparent') { behind = bg; break; }
  }
  return {background: style.backgroundColor, color: style.color, page: behind};
}"""


def _rgb(css: str) -> tuple[float, float, float, float]:
    parts = [float(p) for p in re.findall(r"[\d.]+", css)]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two opaque colours."""

    def luminance(css: str) -> float:
        r, g, b, _ = (c / 255 for c in _rgb(css))
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_workflow_status_badge_is_visible_on_dataset_pages(live_server: str, page: Any) -> None:
    org = factories.Organization(name="dept-health", title="Department of Health")
    for status in STATUSES:
        dataset_in(status, owner_org=org["id"], name=f"hospitals-{status}", title=f"Hospitals ({status})")
    factories.Sysadmin(name="office-reviewer", password="correct-horse-44")  # sees every status
    log_in(page, live_server, "office-reviewer", "correct-horse-44")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    for status in STATUSES:
        page.goto(f"{live_server}/dataset/hospitals-{status}")
        badge = page.locator(".laodata-workflow-status")
        colours = badge.evaluate(COLOURS)
        assert _rgb(colours["background"])[3] == 1.0, f"{status}: the badge has no background: {colours}"
        assert colours["background"] != colours["page"], f"{status}: badge as the page: {colours}"
        assert colours["color"] != colours["background"], f"{status}: text as the badge: {colours}"
        assert _contrast(colours["color"], colours["background"]) >= 4.5, f"{status}: unreadable: {colours}"
        page.locator(".laodata-workflow").screenshot(path=str(SCREENSHOTS / f"status-badge-{status}.png"))

    # the public is not shown the review status (issue 11 item 5: for staff only)
    visitor = page.context.browser.new_context().new_page()
    visitor.goto(f"{live_server}/dataset/hospitals-published")
    assert visitor.locator(".laodata-workflow-status").count() == 0
    visitor.screenshot(path=str(SCREENSHOTS / "status-badge-dataset-page.png"))
    visitor.context.close()
