"""New input placed with and without its language read in context, on real labelled sets.

    .venv/bin/python benchmarks/placement_in_context.py LABELLED.jsonl [...] [--seeds 0,1,2]

Each LABELLED.jsonl has `text` and `category` per line (benchmarks/build_labelled_corpus.py).
Per seed a tenth of the texts is held out, the themes are found on the rest, and each held-out
text is placed into them twice: with its text, read in the model's context language as the
input's own texts are (`place(model, enrichment, text)`), and without it, in the language the
detector gave it alone. Printed: how many were placed, how many land in a theme whose
training texts mostly share their category, and how many placements differ.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.theme_labels import read_texts  # noqa: E402
from nlp import enrich  # noqa: E402
from nlp.themes import discover, place  # noqa: E402


def compare(path: Path, seed: int) -> str:
    """Return one table row for a labelled file and a seed."""
    texts, categories, _places = read_texts(path)
    if categories is None:
        raise SystemExit(f"{path} has no categories")
    enrichments = enrich(texts)
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    held = sorted(order[: len(order) // 10])
    kept = sorted(order[len(order) // 10 :])
    model = discover(
        [texts[i] for i in kept],
        ids=[str(i) for i in kept],
        enrichments=[enrichments[i] for i in kept],
        seed=seed,
    )
    members: defaultdict[str | None, Counter[str]] = defaultdict(Counter)
    for key, theme in model.assignment.items():
        members[theme][categories[int(key)]] += 1
    majority = {theme: counts.most_common(1)[0][0] for theme, counts in members.items()}
    placed = {}
    for read in ("in context", "alone"):
        placed[read] = [
            place(model, enrichments[i], texts[i] if read == "in context" else None)[0]
            for i in held
        ]
    cells = []
    for read in ("in context", "alone"):
        themes = [theme for theme in placed[read] if theme is not None]
        pairs = zip(placed[read], held, strict=True)
        right = sum(majority.get(theme) == categories[i] for theme, i in pairs if theme)
        cells.append(f"{len(themes)} placed, {right} in their category's theme")
    changed = sum(a != b for a, b in zip(placed["in context"], placed["alone"], strict=True))
    return (
        f"| {path.name} | {seed} | {model.context_language} | {len(held)} | "
        f"{cells[0]} | {cells[1]} | {changed} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", type=Path, nargs="+")
    parser.add_argument("--seeds", default="0,1,2")
    args = parser.parse_args()
    print("| data | seed | context | held out | in context | alone | differ |")
    print("|---|---|---|---|---|---|---|", flush=True)
    for path in args.paths:
        for seed in (int(s) for s in args.seeds.split(",")):
            print(compare(path, seed), flush=True)


if __name__ == "__main__":
    main()
