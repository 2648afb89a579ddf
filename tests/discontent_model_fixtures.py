"""A tiny discontent model for tests: no weights are shipped, so the tests fit their own.

Fitted with the benchmark's own training function (`benchmarks/discontent_model.py`) on the
even lines of tests/data/discontent_nl.jsonl (written for Kernpunt), once per process.
The conftest of a test package imports the fixtures.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from nlp.components.discontent_model import MODEL_VARIABLE, DiscontentModel

RESIDENTS = Path(__file__).resolve().parent / "data" / "discontent_nl.jsonl"


@cache
def tiny_model() -> DiscontentModel:
    """Return a model fitted on the even resident lines by the benchmark's `train`."""
    from threadpoolctl import threadpool_limits

    from benchmarks.discontent_model import Features, train
    from nlp.components.discontent_calibration import read_jsonl

    texts, labels = read_jsonl(RESIDENTS)
    with threadpool_limits(limits=1):
        even = Features(texts[0::2], labels[0::2])
        return train(even, even)


@pytest.fixture(scope="session")
def discontent_model_file(tmp_path_factory) -> Path:
    """Return the path of the tiny model, written once per session."""
    path = tmp_path_factory.mktemp("discontent") / "model.npz"
    tiny_model().save(path)
    return path


@pytest.fixture
def discontent_model_setting(discontent_model_file, monkeypatch) -> Path:
    """Point KERNPUNT_DISCONTENT_MODEL at the tiny model for one test."""
    monkeypatch.setenv(MODEL_VARIABLE, str(discontent_model_file))
    return discontent_model_file


@pytest.fixture
def no_discontent_model_setting(monkeypatch) -> None:
    """Make sure KERNPUNT_DISCONTENT_MODEL is not set for one test."""
    monkeypatch.delenv(MODEL_VARIABLE, raising=False)
