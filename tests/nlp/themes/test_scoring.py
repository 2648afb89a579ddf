"""Scoring a new text against the theme centres: the same numbers as the plain TF-IDF way."""

from __future__ import annotations

import json
import math
from collections import Counter

import numpy as np
import pytest

from nlp import enrich
from nlp.themes import ThemeModel, place, placement, scoring
from nlp.themes.features import char_terms, content_tokens
from tests.nlp.themes.test_themes import DEMO, make_corpus, run


@pytest.fixture(scope="module")
def model() -> ThemeModel:
    return run(make_corpus(topics=("wind", "afval", "verkeer", "bieb"), per_topic=40), k="auto")


@pytest.fixture(scope="module")
def token_lists() -> list[list[str]]:
    """Texts the model has not seen: the demo corpus (other subjects, other words) and a few
    odd ones: no known word, known n-grams only, one word."""
    with DEMO.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line, _ in zip(lines, range(300), strict=False)]
    texts += ["qwrtzx vbnmkl", "windmolenpark", "afval", "Afvalbakken en windmolens!"]
    return [content_tokens(e.lemmas) for e in enrich(texts)]


def _unit(terms: list[str], idf: dict[str, float], prefix: str) -> dict[str, float]:
    """One view of a text: sublinear TF-IDF of the terms the model knows, unit length."""
    counts = Counter(term for term in terms if term in idf)
    values = {prefix + t: (1 + math.log(c)) * idf[t] for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values()))
    return {t: v / norm for t, v in values.items()} if norm else {}


def _reference(model: ThemeModel, tokens: list[str]) -> np.ndarray | None:
    """The centres' dot products with the text's lexical vector, written out plainly: both
    views of unit length, together scaled by 1/sqrt(2) when both have a term."""
    word = _unit(list(tokens), model.vectoriser.word_idf, "w:")
    char = _unit(char_terms(tokens), model.vectoriser.char_idf, "c:")
    scale = 1 / math.sqrt(2) if word and char else 1.0
    vector = {term: value * scale for term, value in (*word.items(), *char.items())}
    scores = np.array(
        [sum(t.centroid.get(k, 0.0) * v for k, v in vector.items()) for t in model.themes]
    )
    shared = any(k in t.centroid for t in model.themes for k in vector)
    return scores if shared else None


def test_scores_are_those_of_the_lexical_vector(model, token_lists):
    scorer = model.scorer()
    compared = 0
    for tokens in token_lists:
        expected, scores = _reference(model, tokens), scorer.scores(tokens)
        if expected is None:
            assert scores is None
            continue
        compared += 1
        np.testing.assert_allclose(scores, expected, rtol=1e-5, atol=1e-6)
    assert compared > 100


def test_margin_is_the_placement_confidence(model, token_lists):
    scorer = model.scorer()
    for tokens in token_lists:
        scores = scorer.scores(tokens)
        if scores is None:
            continue
        best = int(np.argmax(scores))
        expected = placement.confidence(scores[None, :], np.array([best]))[0]
        assert scoring.margin(scores, best) == pytest.approx(expected, abs=1e-12)


def test_a_full_gram_cache_starts_again_with_the_same_scores(model, token_lists, monkeypatch):
    first = [model.scorer().scores(tokens) for tokens in token_lists]
    fresh = ThemeModel.from_dict(model.to_dict())
    monkeypatch.setattr(scoring, "GRAM_CACHE_SIZE", 5)
    again = [fresh.scorer().scores(tokens) for tokens in token_lists]
    assert len(fresh.scorer()._grams_of) <= 5
    for one, other in zip(first, again, strict=True):
        assert (one is None and other is None) or np.array_equal(one, other)


def test_place_uses_the_scores_and_the_thresholds(model):
    placed = place(model, "De windmolens geven slagschaduw over de tuinen.")
    assert placed[0] is not None and 0.0 <= placed[1] <= 1.0
    assert place(model, "qwrtzx vbnmkl") == (None, None)
