"""The browser suite's results for the accessibility statement (/toegankelijkheid).

At the end of a run with browser tests, test-artifacts/browser/accessibility-results.json gets
what was checked: the pages axe checked, what it found, and the outcome of every browser test.
Copy it to dialogue/data/accessibility_results.json to publish it (README, "Accessibility").
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from tests.browser.axe import AXE_SOURCE, CHECKED, WCAG_TAGS

#: Browser test name -> "passed" / "failed" / "skipped", filled while the suite runs.
OUTCOMES: dict[str, str] = {}


def axe_version() -> str:
    """Return the version of the vendored axe-core."""
    found = re.search(r"[\d.]+", (AXE_SOURCE.parent / "VERSION").read_text("utf-8"))
    return found.group(0) if found else "?"


def results() -> dict:
    """Return what this run checked, in the form the statement page reads."""
    paths = sorted({check["path"] for check in CHECKED})
    found = sorted({check["path"] for check in CHECKED if check["violations"]})
    return {
        "tested_on": datetime.now(UTC).date().isoformat(),
        "tool": f"axe-core {axe_version()} in Chromium",
        "rules": WCAG_TAGS,
        "checks": len(CHECKED),
        "pages": len(paths),
        "pages_with_findings": found,
        "tests": dict(sorted(OUTCOMES.items())),
    }


def write(folder: Path) -> Path | None:
    """Write the results of this run, if axe checked anything."""
    if not CHECKED:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "accessibility-results.json"
    path.write_text(json.dumps(results(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path
