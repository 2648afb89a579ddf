"""System tools some tests need: skip with the Debian package to install, or fail in CI.

A test names what it needs with ``@pytest.mark.needs("pdftotext", "pango")``. Without the tool
the test is skipped with one line naming the package; with ``KERNPUNT_REQUIRE_SYSTEM_TOOLS=1``
(set by ``.ci/run``) it fails instead. Chromium is also required by ``KERNPUNT_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import os
import shutil
from functools import cache
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
#: Each tool and the Debian package(s) that bring it.
PACKAGES = {
    "chromium": "chromium",
    "pdftoppm": "poppler-utils",
    "pdftotext": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pg_dump": "postgresql-client",
    "pango": "libpango-1.0-0 libpangoft2-1.0-0",
}


@cache
def _pango_loads() -> bool:
    """WeasyPrint loads Pango when it is imported; without it the import raises OSError."""
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True


def is_available(tool: str) -> bool:
    """Return whether tool is on this machine."""
    if tool == "chromium":
        return CHROMIUM.exists()
    if tool == "pango":
        return _pango_loads()
    return shutil.which(tool) is not None


def is_required(tool: str) -> bool:
    """Return whether the environment says a missing tool is an error (CI)."""
    if os.environ.get("KERNPUNT_REQUIRE_SYSTEM_TOOLS") == "1":
        return True
    return tool == "chromium" and os.environ.get("KERNPUNT_REQUIRE_BROWSER") == "1"


def missing_message(tools: list[str]) -> str:
    """Return one line naming the missing tools and the packages to install."""
    packages = " ".join(dict.fromkeys(PACKAGES[tool] for tool in tools))
    return f"needs {', '.join(tools)}: apt-get install {packages}"


def require(*tools: str) -> None:
    """Skip the running test unless every tool is here; fail instead if CI requires them."""
    unknown = [tool for tool in tools if tool not in PACKAGES]
    if unknown:
        raise ValueError(f"unknown system tool: {', '.join(unknown)}")
    missing = [tool for tool in tools if not is_available(tool)]
    if not missing:
        return
    message = missing_message(missing)
    if any(is_required(tool) for tool in missing):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
