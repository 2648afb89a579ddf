"""Capture the exceptions behind 500 answers, so that a failing test says what broke."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            frames = traceback.extract_tb(record.exc_info[2])
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
            self.errors.append(f"{record.exc_info[1]!r} at {where}")
        else:
            self.errors.append(record.getMessage())


@contextmanager
def server_errors() -> Iterator[list[str]]:
    """Yield a list that fills with the unhandled exceptions the app logs."""
    collector = _Collector()
    logger = logging.getLogger("dialogue.errors")
    logger.addHandler(collector)
    try:
        yield collector.errors
    finally:
        logger.removeHandler(collector)


def explain(status: int, url: str, errors: list[str]) -> str:
    """Describe a bad answer with the last exception the app logged."""
    return f"{url} gave {status}: {errors[-1] if errors else 'no exception logged'}"
