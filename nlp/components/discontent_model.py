"""Discontent from the lexicon and the sentence vector together: a small calibrated model.

A logistic regression on the multilingual sentence vector (USE v3, `nlp.themes.features`)
plus the logit of the lexicon score (`kernpunt_discontent`), trained on labelled Dutch
sentences and calibrated to a probability (Platt scaling on a held-out split). No weights
are shipped (the data the measured model was fitted on may not be redistributed; docs/nlp.md,
Discontent): the model is opt-in. An operator with a training set they may use writes one
with `benchmarks/discontent_model.py --write PATH` and sets ``KERNPUNT_DISCONTENT_MODEL=PATH``;
without the setting the lexicon score is used everywhere.

Sentence vectors cost about 4 ms per text, so the model belongs in the analysis path, not in
per-text enrichment: `rescore` replaces the lexicon's discontent and ``negative`` of a batch
when the batch is small enough that theme discovery encodes it anyway (its vectors are then
cached), and leaves the lexicon's values everywhere else (larger batches, empty texts, no
model configured).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

#: Environment variable with the path of a model written by `DiscontentModel.save`.
MODEL_VARIABLE = "KERNPUNT_DISCONTENT_MODEL"
#: Keeps the logit of the lexicon score finite.
LEXICON_CLIP = 1e-4

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DiscontentModel:
    """A linear model on (scale × sentence vector, logit of the lexicon score)."""

    weights: np.ndarray  # one per vector dimension
    lexicon_weight: float
    bias: float
    vector_scale: float
    platt_slope: float
    platt_offset: float
    threshold: float

    def probability(self, vectors: np.ndarray, lexicon: Sequence[float]) -> np.ndarray:
        """Return the calibrated probability of discontent per row, in [0, 1]."""
        raw = self.decision(vectors, lexicon)
        return 1.0 / (1.0 + np.exp(-(self.platt_slope * raw + self.platt_offset)))

    def decision(self, vectors: np.ndarray, lexicon: Sequence[float]) -> np.ndarray:
        """Return the uncalibrated linear score per row."""
        scores = np.clip(np.asarray(lexicon, dtype=np.float64), LEXICON_CLIP, 1 - LEXICON_CLIP)
        logits = np.log(scores / (1 - scores))
        linear = self.vector_scale * (np.asarray(vectors, dtype=np.float64) @ self.weights)
        return linear + self.lexicon_weight * logits + self.bias

    def save(self, path: Path) -> None:
        """Write the model as a small .npz file at exactly `path`."""
        with Path(path).open("wb") as file:
            np.savez(
                file,
                weights=self.weights.astype(np.float32),
                constants=np.array(
                    [
                        self.lexicon_weight,
                        self.bias,
                        self.vector_scale,
                        self.platt_slope,
                        self.platt_offset,
                        self.threshold,
                    ]
                ),
            )

    @classmethod
    def load(cls, path: Path) -> DiscontentModel:
        """Read a model written by `save`."""
        with np.load(path) as data:
            weights = data["weights"].astype(np.float64)
            constants = [float(value) for value in data["constants"]]
        if weights.ndim != 1 or len(constants) != 6:
            raise ValueError(f"{path}: not the shape of a discontent model")
        if not (all(math.isfinite(value) for value in constants) and np.isfinite(weights).all()):
            raise ValueError(f"{path}: weights or constants are not finite")
        return cls(weights, *constants)


def configured_model() -> DiscontentModel | None:
    """Return the model named by KERNPUNT_DISCONTENT_MODEL, or None when it is not set.

    A setting that names no readable model raises ValueError: the operator asked for the
    model, so the analysis fails instead of quietly scoring with the lexicon.
    """
    raw = os.environ.get(MODEL_VARIABLE, "").strip()
    return _load(Path(raw).expanduser().resolve()) if raw else None


@cache
def _load(path: Path) -> DiscontentModel:
    """Read a model once per process and say so in one log line."""
    try:
        model = DiscontentModel.load(path)
    except (OSError, KeyError, ValueError) as error:
        raise ValueError(f"{MODEL_VARIABLE}={path}: not a discontent model ({error})") from error
    logger.info("discontent: lexicon + sentence-vector model from %s", path)
    return model


def rescore(
    texts: Sequence[str],
    enrichments: Sequence,
    limit: int | None = None,
    model: DiscontentModel | None = None,
) -> list:
    """Return the enrichments with discontent and ``negative`` from the model where it applies.

    Applies when there are at most `limit` texts (default: theme discovery's
    `SENTENCE_VECTOR_LIMIT`, so the vectors are already cached) and a model is given or
    configured (`configured_model`); texts without content keep the lexicon's values.
    """
    from nlp.themes.discovery import SENTENCE_VECTOR_LIMIT
    from nlp.themes.encoder import sentence_encoder

    model = model or configured_model()
    limit = SENTENCE_VECTOR_LIMIT if limit is None else limit
    result = list(enrichments)
    rows = [index for index, text in enumerate(texts) if isinstance(text, str) and text.strip()]
    if model is None or not rows or len(texts) > limit:
        return result
    vectors = sentence_encoder().encode([texts[index] for index in rows])
    lexicon = [result[index].discontent for index in rows]
    for index, value in zip(rows, model.probability(vectors, lexicon), strict=True):
        result[index] = dataclasses.replace(
            result[index], discontent=float(value), negative=bool(value >= model.threshold)
        )
    return result
