"""Re-analysis on the sampled (large-input) theme path: same input, 5% fewer, 5% more.

    .venv/bin/python benchmarks/large_reanalysis.py [--texts 18545]

Generated texts (`bench_themes.generate_labelled`), enriched once. Prints the number of
themes and the share of texts that keep their theme: a re-analysis of the same input with
the first model as `previous`; of the input without a seeded 5% (previous: the full run);
of the full input after a run without that 5% (previous: that run).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_themes import generate_labelled

from nlp import enrich
from nlp.themes import ThemeModel, discover


def kept(before: ThemeModel, after: ThemeModel, ids: list[int]) -> float:
    """Share of ids with the same theme (or both none) in both models."""
    same = sum(before.assignment.get(str(i)) == after.assignment.get(str(i)) for i in ids)
    return same / len(ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=18545)
    args = parser.parse_args()
    texts, _labels = generate_labelled(args.texts)
    enrichments = enrich(texts)
    ids = list(range(len(texts)))
    started = time.perf_counter()
    full = discover(texts, ids=ids, enrichments=enrichments)
    print(
        f"first run: {len(full.themes)} themes, {time.perf_counter() - started:.1f} s, {full.method}"
    )
    again = discover(texts, ids=ids, enrichments=enrichments, previous=full)
    print(f"same input again: {len(again.themes)} themes, kept {kept(full, again, ids):.1%}")
    dropped = set(random.Random(0).sample(ids, len(ids) // 20))
    rest = [i for i in ids if i not in dropped]
    rest_texts = [texts[i] for i in rest]
    rest_enrichments = [enrichments[i] for i in rest]
    fewer = discover(rest_texts, ids=rest, enrichments=rest_enrichments, previous=full)
    print(f"5% removed: {len(fewer.themes)} themes, kept {kept(full, fewer, rest):.1%}")
    partial = discover(rest_texts, ids=rest, enrichments=rest_enrichments)
    more = discover(texts, ids=ids, enrichments=enrichments, previous=partial)
    print(f"5% added: {len(more.themes)} themes, kept {kept(partial, more, rest):.1%}")


if __name__ == "__main__":
    main()
