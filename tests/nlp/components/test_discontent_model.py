"""Tests of the discontent model (lexicon + sentence vector) and where it replaces the lexicon.

No weights are shipped: the tests fit a tiny model on the resident sentences
(`tests/discontent_model_fixtures.py`) and point KERNPUNT_DISCONTENT_MODEL at it.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from nlp import enrich
from nlp.analyze import analyze
from nlp.components.discontent_model import (
    MODEL_VARIABLE,
    DiscontentModel,
    configured_model,
    rescore,
)

NLP_ROOT = Path(__file__).resolve().parents[2] / "nlp"

NEGATIVE = [
    "Ik ben niet blij met de nieuwe parkeerregels in het dorp.",
    "Al jaren overlast en de gemeente doet helemaal niets, schandalig.",
    "De bediening was onbeleefd en we hebben een uur gewacht.",
]
POSITIVE = [
    "Ik ben blij met de nieuwe parkeerregels in het dorp.",
    "Mooi plan, de nieuwe speeltuin is een aanwinst voor de buurt.",
    "De bediening was vriendelijk en het eten was heerlijk.",
]


def test_no_weights_are_shipped_and_the_lexicon_is_used_without_the_setting(
    no_discontent_model_setting,
) -> None:
    assert not list(NLP_ROOT.rglob("*.npz"))
    assert configured_model() is None
    texts = NEGATIVE + POSITIVE
    lexicon = enrich(texts)
    assert rescore(texts, lexicon) == lexicon


def test_the_setting_loads_the_model(discontent_model_setting) -> None:
    model = configured_model()
    assert model is not None
    assert discontent_model_setting.stat().st_size < 8_000
    assert model.weights.shape == (512,)
    assert 0.0 < model.threshold < 1.0
    assert model.lexicon_weight > 0  # more lexicon evidence, more discontent


@pytest.mark.parametrize("content", [None, b"not a model"])
def test_a_setting_that_names_no_model_is_an_error(tmp_path, monkeypatch, content) -> None:
    path = tmp_path / "model.npz"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv(MODEL_VARIABLE, str(path))
    with pytest.raises(ValueError, match=MODEL_VARIABLE):
        rescore(["Schandalig!"], enrich(["Schandalig!"]))


def test_probability_is_calibrated_range_and_follows_the_lexicon(discontent_model_setting) -> None:
    model = configured_model()
    vectors = np.random.default_rng(0).normal(size=(50, 512))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    low = model.probability(vectors, [0.1] * 50)
    high = model.probability(vectors, [0.9] * 50)
    assert ((low >= 0) & (low <= 1) & (high >= 0) & (high <= 1)).all()
    assert (high > low).all()


def test_complaints_score_above_praise_and_negation_flips(discontent_model_setting) -> None:
    texts = NEGATIVE + POSITIVE
    scored = rescore(texts, enrich(texts))
    negative = [e.discontent for e in scored[: len(NEGATIVE)]]
    positive = [e.discontent for e in scored[len(NEGATIVE) :]]
    assert min(negative) > max(positive)
    assert all(e.negative for e in scored[: len(NEGATIVE)])
    assert not any(e.negative for e in scored[len(NEGATIVE) :])
    # "niet blij" against "blij", the same sentence otherwise
    assert scored[0].discontent > scored[len(NEGATIVE)].discontent + 0.3


def test_rescore_keeps_the_lexicon_above_the_limit_and_for_empty_text(
    discontent_model_setting,
) -> None:
    texts = ["Schandalig hoe dit geregeld is!", "   "]
    lexicon = enrich(texts)
    assert rescore(texts, lexicon, limit=1) == lexicon
    scored = rescore(texts, lexicon)
    assert scored[1] == lexicon[1]
    assert scored[0].discontent != lexicon[0].discontent
    assert rescore([], []) == []


def test_save_and_load_round_trip(tmp_path, discontent_model_file) -> None:
    model = DiscontentModel.load(discontent_model_file)
    path = tmp_path / "model.npz"
    model.save(path)
    again = DiscontentModel.load(path)
    assert np.allclose(again.weights, model.weights)
    assert dataclasses.replace(again, weights=model.weights) == dataclasses.replace(
        model, weights=model.weights
    )
    broken = dataclasses.replace(model, bias=float("nan"))
    broken.save(path)
    with pytest.raises(ValueError):
        DiscontentModel.load(path)


@pytest.mark.parametrize(
    ("vectors", "configured"), [("auto", True), (False, True), ("auto", False)]
)
def test_analyze_writes_the_model_score_if_configured_and_vectors_are_on(
    tmp_path, monkeypatch, discontent_model_file, vectors, configured
) -> None:
    if configured:
        monkeypatch.setenv(MODEL_VARIABLE, str(discontent_model_file))
    else:
        monkeypatch.delenv(MODEL_VARIABLE, raising=False)
    texts = NEGATIVE + POSITIVE
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": str(i), "text": t}) for i, t in enumerate(texts)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    analyze(source, tmp_path / "out", sentence_vectors=vectors)
    rows = (tmp_path / "out" / "contributions.jsonl").read_text(encoding="utf-8").splitlines()
    written = [json.loads(row)["discontent"] for row in rows]
    lexicon = enrich(texts)
    model = DiscontentModel.load(discontent_model_file)
    expected = rescore(texts, lexicon, model=model) if vectors and configured else lexicon
    assert written == pytest.approx([e.discontent for e in expected], abs=1e-4)
    # the two scores differ, so the comparison above tells them apart
    other = lexicon if vectors and configured else rescore(texts, lexicon, model=model)
    assert written != pytest.approx([e.discontent for e in other], abs=1e-4)
