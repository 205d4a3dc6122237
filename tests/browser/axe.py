"""axe-core (npm, pinned in package-lock.json, installed by scripts/test) run
inside a browser test's page: no critical or serious finding (issue 11, item 8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")

# axe's findings in the page as plain dicts: rule, impact, and the first few elements.
_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(
      n => n.target.join(' ') + ' :: ' + n.failureSummary.split('\\n').slice(1, 3).join(' ')),
  }));
}"""


def findings(page: Any) -> list[dict[str, Any]]:
    """axe's critical and serious findings on the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: scripts/test installs it (npm ci, package-lock.json)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(_RUN) if v["impact"] in BLOCKING]


def assert_accessible(page: Any, where: str) -> None:
    found = findings(page)
    report = "\n".join(f"  {v['impact']} {v['id']} ({v['help']}): {v['nodes']}" for v in found)
    assert not found, f"axe on {where} ({page.url}):\n{report}"
