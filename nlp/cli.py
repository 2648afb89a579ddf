"""Helpers of the command line: read JSONL input, show progress, write the contract files."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from nlp.pipeline import Enrichment, enrich

PROGRESS_THRESHOLD = 2_000  #: inputs with at least this many texts show a progress bar
CHUNK = 1_000


class InputError(Exception):
    """A problem with the input file, with a message for the user."""


@dataclass(frozen=True)
class Contribution:
    """One input line of `python -m nlp analyze`."""

    id: str
    text: str
    created_at: str | None
    area: str | None
    extra: dict[str, Any]


def read_jsonl(path: Path) -> list[Contribution]:
    """Read and check an input file; raise InputError naming the line of the first problem."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise InputError(f"kan {path} niet openen: {error.strerror or error}") from None
    contributions: list[Contribution] = []
    seen: set[str] = set()
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                contribution = _parse_line(line, number)
                if contribution.id in seen:
                    raise InputError(f"regel {number}: id {contribution.id!r} komt al eerder voor")
                seen.add(contribution.id)
                contributions.append(contribution)
        except UnicodeDecodeError:
            raise InputError(f"{path} is geen UTF-8-tekst") from None
    return contributions


def _parse_line(line: str, number: int) -> Contribution:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"regel {number}: geen geldige JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise InputError(f"regel {number}: verwacht een JSON-object")
    identifier = data.get("id")
    if isinstance(identifier, int | float) and not isinstance(identifier, bool):
        identifier = str(identifier)
    if not isinstance(identifier, str) or not identifier:
        raise InputError(f"regel {number}: veld 'id' ontbreekt of is geen tekst")
    text = data.get("text")
    if not isinstance(text, str):
        raise InputError(f"regel {number}: veld 'text' ontbreekt of is geen tekst")
    created_at = data.get("created_at")
    if created_at is not None and not isinstance(created_at, str):
        raise InputError(f"regel {number}: veld 'created_at' moet een ISO-8601-datum zijn")
    area = data.get("area")
    if area is not None and not isinstance(area, str):
        raise InputError(f"regel {number}: veld 'area' moet tekst zijn")
    extra = {k: v for k, v in data.items() if k not in {"id", "text", "created_at", "area"}}
    return Contribution(identifier, text, created_at, area or None, extra)


class Progress:
    """A one-line progress bar on stderr, shown only for long inputs."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.shown = total >= PROGRESS_THRESHOLD
        self.started = time.perf_counter()

    def update(self, done: int) -> None:
        """Redraw the bar for `done` items."""
        if not self.shown:
            return
        share = done / self.total if self.total else 1.0
        filled = int(share * 30)
        elapsed = time.perf_counter() - self.started
        bar = "#" * filled + "-" * (30 - filled)
        self.stream.write(
            f"\r{self.label} [{bar}] {done:,}/{self.total:,} ({share:.0%}, {elapsed:.0f} s)"
        )
        self.stream.flush()

    def close(self) -> None:
        """End the progress line."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def enrich_with_progress(texts: Sequence[str]) -> list[Enrichment]:
    """Enrich texts in chunks, drawing a progress bar for long inputs."""
    progress = Progress(len(texts), "teksten verrijken")
    enrichments: list[Enrichment] = []
    for start in range(0, len(texts), CHUNK):
        enrichments.extend(enrich(texts[start : start + CHUNK]))
        progress.update(len(enrichments))
    progress.close()
    return enrichments


def write_jsonl(path: Path, rows: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> None:
    """Write one JSON object per line (UTF-8, not ASCII-escaped)."""
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_json(path: Path, data: Any) -> None:
    """Write indented JSON (UTF-8, not ASCII-escaped)."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
