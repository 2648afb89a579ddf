"""Themes on non-Dutch and mixed-language input against sentence-vector k-means.

    .venv/bin/python benchmarks/eval_languages.py --polis /tmp/polis150.jsonl \
        [--polis-dir ../shared/data/polis] [--seeds 0,1,2,3,4] [--lexical-weight 0.5]

`--polis` is Pol.is written as labelled JSONL (`benchmarks/eval_themes.py --write-polis`,
English, the conversation is the label). Three sets:

- *Pol.is alone* (English): the non-Dutch set.
- *Pol.is + demo*: all of it beside the Dutch demo corpus (dialogue/demo/corpus_nl.jsonl,
  its category is the label); no subject is in both languages.
- *Same subjects in two languages* (with `--polis-dir`): real English Pol.is comments of
  three conversations beside the demo categories on the same subject — affordable housing
  / jongerenwoningen, London youth policing / jongerenoverlast (youth, the bus station,
  police), biodiversity / stikstof (nature, farming) — plus two English-only (taxes,
  freshwater) and two Dutch-only subjects (afval, huisarts), at most 150 texts each
  (seeded). The Dutch side is the generated demo corpus: no real Dutch public comments on
  these subjects with a usable licence were at hand.

The baseline is spherical k-means on the multilingual sentence vectors alone (USE v3) with
the same number of themes that `discover` found (with several `--seeds`: one run of each
per seed, mean and min–max); "Overig" counts as one more cluster for `discover`. Besides ARI and NMI: of the pairs of texts on the same subject in different
languages, the share that lands in the same theme (not "Overig"), and the labels found.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.eval_lexical_weight import force_lexical_weight  # noqa: E402
from nlp import enrich  # noqa: E402
from nlp.themes import clustering, discover  # noqa: E402
from nlp.themes.encoder import sentence_encoder  # noqa: E402

#: Subject -> (Pol.is conversation or None, demo category or None).
SUBJECTS = {
    "housing": ("scoop-hivemind.affordable-housing", "jongerenwoningen"),
    "youth and police": ("london.youth.policing", "jongerenoverlast"),
    "nature": ("scoop-hivemind.biodiversity", "stikstof"),
    "taxes": ("scoop-hivemind.taxes", None),
    "freshwater": ("scoop-hivemind.freshwater", None),
    "waste": (None, "afval"),
    "doctor": (None, "huisarts"),
}
PER_SUBJECT = 150


def read(path: Path) -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return [r["text"] for r in rows], [r["category"] for r in rows]


def polis_comments(folder: Path) -> list[str]:
    """Return the accepted, distinct comments of one Pol.is conversation."""
    with (folder / "comments.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = [r["comment-body"].strip() for r in rows if r.get("moderated") != "-1"]
    return list(dict.fromkeys(t for t in texts if t))


def same_subject_set(polis_dir: Path) -> tuple[list[str], list[str]]:
    """Return texts and subjects of the two-language set (seeded sample per subject)."""
    demo_texts, demo_labels = read(ROOT / "dialogue" / "demo" / "corpus_nl.jsonl")
    chance = random.Random(0)
    texts: list[str] = []
    subjects: list[str] = []
    for subject, (conversation, category) in SUBJECTS.items():
        for pool in (
            polis_comments(polis_dir / conversation) if conversation else [],
            [t for t, c in zip(demo_texts, demo_labels, strict=True) if c == category]
            if category
            else [],
        ):
            chosen = chance.sample(pool, min(PER_SUBJECT, len(pool)))
            texts += chosen
            subjects += [subject] * len(chosen)
    return texts, subjects


def cross_language_pairs(subjects: list[str], languages: list[str], themes: list) -> float:
    """Return the share of pairs on one subject in two languages that share a theme."""
    together = total = 0
    for subject in set(subjects):
        rows = [i for i, s in enumerate(subjects) if s == subject]
        by_language: dict[str, list[int]] = {}
        for i in rows:
            by_language.setdefault("nl" if languages[i] == "nl" else "other", []).append(i)
        if len(by_language) < 2:
            continue
        for i in by_language["nl"]:
            for j in by_language["other"]:
                total += 1
                together += themes[i] is not None and themes[i] == themes[j]
    return together / total if total else 0.0


def compare(name: str, texts: list[str], labels: list[str], seeds: list[int]) -> None:
    """Print one row per method: mean (min–max) over the seeds; the themes of the first seed."""
    enrichments = enrich(texts)
    languages = [e.language for e in enrichments]
    vectors = sentence_encoder().encode(texts)
    rows: dict[str, list[tuple[float, float, float]]] = {"discover": [], "USE k-means": []}
    ks: list[int] = []
    for seed in seeds:
        model = discover(texts, enrichments=enrichments, seed=seed)
        found = [model.assignment[str(i)] for i in range(len(texts))]
        k = max(len(model.themes), 2)
        ks.append(k)
        baseline, _ = clustering.spherical_kmeans(vectors, k, np.ones(len(texts)), seed=seed)
        for method, predicted in (("discover", found), ("USE k-means", baseline.tolist())):
            flat = [p if p is not None else "Overig" for p in predicted]
            rows[method].append((adjusted_rand_score(labels, flat),
                                 normalized_mutual_info_score(labels, flat),
                                 cross_language_pairs(labels, languages, predicted)))  # fmt: skip
        if seed == seeds[0]:
            _print_themes(name, model, found, labels, languages)
    for method, scores in rows.items():
        label = method if method == "discover" else f"{method}, k={'/'.join(map(str, ks))}"
        cells = " | ".join(_spread([score[column] for score in scores]) for column in range(3))
        print(f"| {name} | {len(texts)} | {label} | {cells} |", flush=True)


def _spread(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.3f}"
    return f"{np.mean(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def _print_themes(name: str, model, found: list, labels: list[str], languages: list[str]) -> None:
    print(
        f"languages detected in {name}: {dict(Counter(languages).most_common(5))}", file=sys.stderr
    )
    for theme in model.themes:
        members = [i for i, t in enumerate(found) if t == theme.id]
        subjects = Counter(labels[i] for i in members).most_common(2)
        share = sum(languages[i] != "nl" for i in members) / max(len(members), 1)
        print(f"  {theme.label} ({theme.size}, {share:.0%} non-Dutch): {subjects}; "
              f"{', '.join(theme.keywords[:5])}", file=sys.stderr)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--polis", type=Path, required=True)
    parser.add_argument("--polis-dir", type=Path)
    parser.add_argument("--only", choices=("polis", "mixed", "subjects"))
    parser.add_argument("--seeds", default="0", help="comma-separated seeds, e.g. 0,1,2,3,4")
    parser.add_argument("--lexical-weight", type=float, help="one weight for every language")
    args = parser.parse_args()
    if args.lexical_weight is not None:
        force_lexical_weight(args.lexical_weight)
    seeds = [int(seed) for seed in args.seeds.split(",")]
    polis = read(args.polis)
    demo = read(ROOT / "dialogue" / "demo" / "corpus_nl.jsonl")
    print("| data | texts | method | ARI | NMI | pairs in one theme |")
    print("|---|---|---|---|---|---|")
    if args.only in (None, "polis"):
        compare("Pol.is (English)", *polis, seeds)
    if args.only in (None, "mixed"):
        compare("Pol.is + demo", polis[0] + demo[0], polis[1] + demo[1], seeds)
    if args.polis_dir and args.only in (None, "subjects"):
        compare("same subjects, English and Dutch", *same_subject_set(args.polis_dir), seeds)


if __name__ == "__main__":
    main()
