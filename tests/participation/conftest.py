"""Fixtures for the participation tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask


@pytest.fixture
def request_context(app: Flask, db) -> Iterator[None]:
    """Run a service test inside a request, as the pages do (for translated messages)."""
    with app.test_request_context():
        yield
