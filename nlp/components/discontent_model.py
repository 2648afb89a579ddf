"""Discontent from the lexicon and the sentence vector together: a small calibrated model.

A logistic regression on the multilingual sentence vector (USE v3, `nlp.themes.features`)
plus the logit of the lexicon score (`kernpunt_discontent`), trained on real labelled Dutch
review sentences and calibrated to a probability (Platt scaling on a held-out split). The
weights (513 numbers and four constants) are package data: `nlp/data/discontent_model.npz`,
written by `benchmarks/discontent_model.py`, which also gives the figures in docs/nlp.md.

Sentence vectors cost about 4 ms per text, so the model belongs in the analysis path, not in
per-text enrichment: `rescore` replaces the lexicon's discontent and ``negative`` of a batch
when the batch is small enough that theme discovery encodes it anyway (its vectors are then
cached), and leaves the lexicon's values everywhere else (larger batches, empty texts, a
missing weights file).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "discontent_model.npz"
#: Keeps the logit of the lexicon score finite.
LEXICON_CLIP = 1e-4


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
        """Write the model as a small .npz file."""
        np.savez(
            path,
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
        if not all(math.isfinite(value) for value in constants):
            raise ValueError(f"{path}: constants are not finite")
        return cls(weights, *constants)


@cache
def shipped_model() -> DiscontentModel | None:
    """Return the model shipped with the package, or None when its file is missing."""
    return DiscontentModel.load(MODEL_PATH) if MODEL_PATH.exists() else None


def rescore(
    texts: Sequence[str],
    enrichments: Sequence,
    limit: int | None = None,
    model: DiscontentModel | None = None,
) -> list:
    """Return the enrichments with discontent and ``negative`` from the model where it applies.

    Applies when there are at most `limit` texts (default: theme discovery's
    `SENTENCE_VECTOR_LIMIT`, so the vectors are already cached) and a model is available;
    texts without content keep the lexicon's values.
    """
    from nlp.themes.discovery import SENTENCE_VECTOR_LIMIT
    from nlp.themes.features import sentence_encoder

    model = model or shipped_model()
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
