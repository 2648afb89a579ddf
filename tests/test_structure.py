"""The shape rules of docs/architecture.md that a reviewer would otherwise check by hand.

Small modules, short functions and views without queries keep the code readable for the
people who carry it on (issue 17); a rule that no test guards drifts back.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("dialogue", "nlp")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_no_module_is_long() -> None:
    long = [
        f"{_name(path)} ({lines} lines)"
        for path in _modules()
        if (lines := path.read_text(encoding="utf-8").count("\n")) > MAX_MODULE_LINES
    ]
    assert long == [], "split these by concept"


def test_no_function_is_long() -> None:
    long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{_name(path)}:{node.lineno} {node.name} ({length} lines)")
    assert long == []


def test_views_do_not_query() -> None:
    """Views parse, call a service, commit and answer; the services own the queries."""
    querying = [
        _name(path)
        for path in sorted((ROOT / "dialogue").rglob("routes.py"))
        if "select(" in path.read_text(encoding="utf-8")
    ]
    assert querying == []


def test_the_app_starts_without_loading_spacy_or_scikit_learn() -> None:
    """create_app() loads neither: they are loaded where used (gunicorn warms spaCy up)."""
    import subprocess
    import sys

    code = (
        "import sys; from dialogue import create_app; create_app(); "
        "print(sorted(m for m in ('spacy', 'sklearn', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stderr
