"""Tests that need a system tool skip with the package to install, or fail when CI requires it."""

from __future__ import annotations

import pytest

from tests.system_tools import missing_message, require

POPPLER_TOOLS = ("pdftoppm", "pdftotext", "pdfinfo")


@pytest.fixture
def without_poppler(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """Hide poppler by searching an empty folder for programs."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("KERNPUNT_REQUIRE_SYSTEM_TOOLS", raising=False)
    monkeypatch.delenv("KERNPUNT_REQUIRE_BROWSER", raising=False)


def test_missing_tool_skips_with_the_package_to_install(without_poppler):
    with pytest.raises(pytest.skip.Exception) as skipped:
        require(*POPPLER_TOOLS)
    assert str(skipped.value) == (
        "needs pdftoppm, pdftotext, pdfinfo: apt-get install poppler-utils"
    )


def test_missing_tool_fails_when_ci_requires_system_tools(without_poppler, monkeypatch):
    monkeypatch.setenv("KERNPUNT_REQUIRE_SYSTEM_TOOLS", "1")
    with pytest.raises(pytest.fail.Exception, match="apt-get install poppler-utils"):
        require("pdftoppm")


def test_browser_requirement_does_not_require_poppler(without_poppler, monkeypatch):
    monkeypatch.setenv("KERNPUNT_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.skip.Exception):
        require("pdftotext")


def test_message_names_each_package_once():
    assert missing_message(["pango", "pdftoppm"]) == (
        "needs pango, pdftoppm: apt-get install libpango-1.0-0 libpangoft2-1.0-0 poppler-utils"
    )


def test_unknown_tool_is_a_mistake_in_the_test():
    with pytest.raises(ValueError, match="unknown system tool"):
        require("pdftopng")


def test_missing_chromium_skips_unless_the_browser_is_required(monkeypatch, tmp_path):
    import tests.system_tools as system_tools

    monkeypatch.setattr(system_tools, "CHROMIUM", tmp_path / "chromium")
    monkeypatch.delenv("KERNPUNT_REQUIRE_SYSTEM_TOOLS", raising=False)
    monkeypatch.delenv("KERNPUNT_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="needs chromium: apt-get install chromium"):
        require("chromium")
    monkeypatch.setenv("KERNPUNT_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        require("chromium")
