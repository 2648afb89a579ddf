"""Determinism and stability of theme discovery, and what its placement confidence means.

    .venv/bin/python benchmarks/theme_stability.py FILE.jsonl [--seeds 0,1,2]

FILE.jsonl holds {"id", "text", "category"} per line (the demo corpus; Pol.is written by
`benchmarks/eval_themes.py --write-polis`). Reported:
- determinism: two runs on the same input give the same assignment (share of equal ids);
- stability: remove a seeded random 5% of the input (run with `previous` = the full run,
  as a re-analysis does) and add 5% (the full input after a run without a random 5%):
  the share of the texts in both runs that keep their theme ("Overig" counts as one);
- confidence: per band of the placement confidence, the share of texts and how often the
  text's category is the most common category of its theme.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import enrich  # noqa: E402
from nlp.themes import UNCERTAIN_BELOW, ThemeModel, discover  # noqa: E402

BANDS = [(0.0, 0.05), (0.05, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.5), (0.5, 1.01)]


def kept_share(before: ThemeModel, after: ThemeModel) -> float:
    common = before.assignment.keys() & after.assignment.keys()
    return float(np.mean([before.assignment[k] == after.assignment[k] for k in common]))


def run(rows: list[dict], enrichments: list, subset: np.ndarray, previous=None) -> ThemeModel:
    return discover(
        [rows[i]["text"] for i in subset],
        ids=[rows[i]["id"] for i in subset],
        enrichments=[enrichments[i] for i in subset],
        previous=previous,
    )


def confidence_table(rows: list[dict], model: ThemeModel) -> None:
    category = {r["id"]: r["category"] for r in rows}
    major = {
        t.id: Counter(category[k] for k in model.members(t.id)).most_common(1)[0][0]
        for t in model.themes
    }
    placed = [k for k, theme in model.assignment.items() if theme is not None]
    value = np.array([model.confidence[k] for k in placed])
    right = np.array([category[k] == major[model.assignment[k]] for k in placed])
    print(f"| all placed | {len(placed)} | 100% | {right.mean():.3f} |")
    for low, high in BANDS:
        chosen = (value >= low) & (value < high)
        share = right[chosen].mean() if chosen.any() else float("nan")
        print(
            f"| {low:.2f}–{min(high, 1):.2f} | {chosen.sum()} | {chosen.mean():.1%} | {share:.3f} |"
        )
    uncertain = value < UNCERTAIN_BELOW
    print(f"Onzeker (< {UNCERTAIN_BELOW}): {uncertain.mean():.1%} of placed input")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--seeds", default="0,1,2")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.file.open(encoding="utf-8")]
    enrichments = enrich([r["text"] for r in rows])
    everything = np.arange(len(rows))
    full = run(rows, enrichments, everything)
    again = run(rows, enrichments, everything)
    print(f"{args.file.name}: {len(rows)} texts, {len(full.themes)} themes")
    print(f"determinism: {kept_share(full, again):.1%} of texts in the same theme on a second run")
    for seed in [int(s) for s in args.seeds.split(",")]:
        rng = np.random.default_rng(seed)
        kept = np.sort(rng.choice(everything, round(0.95 * len(rows)), replace=False))
        smaller = run(rows, enrichments, kept, previous=full)
        base = run(rows, enrichments, kept)
        larger = run(rows, enrichments, everything, previous=base)
        print(f"seed {seed}: remove 5%: {kept_share(full, smaller):.1%} keep their theme; "
              f"add 5%: {kept_share(base, larger):.1%}")  # fmt: skip
    confidence_table(rows, full)


if __name__ == "__main__":
    main()
