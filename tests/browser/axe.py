"""Run axe-core in a page and describe its violations readably."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page

AXE_SOURCE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
#: WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Every page axe checked in this run: its path and the ids of what it found (for the
#: accessibility statement, written at the end of the run: tests/browser/statement.py).
CHECKED: list[dict[str, Any]] = []


@cache
def axe_source() -> str:
    """Return the vendored axe-core script."""
    return AXE_SOURCE.read_text("utf-8")


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Return axe's WCAG A/AA violations on the current page.

    The script is evaluated through the DevTools protocol, which the page's CSP does not
    govern, so the page keeps its real CSP while it is checked.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))
            }));
        }""",
        WCAG_TAGS,
    )
    return result


def describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    """Format violations as a readable failure message."""
    lines = [f"axe found {len(violations)} WCAG A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = (node["summary"] or "").replace("\n", " ")
            lines.append(f"    at {', '.join(map(str, node['target']))}: {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail with a readable message when axe finds violations on the current page."""
    violations = run_axe(page)
    path = urlsplit(page.url).path
    CHECKED.append({"path": path, "violations": sorted({v["id"] for v in violations})})
    assert not violations, describe_violations(page.url, violations)
