"""`python -m nlp analyze` against an NMF baseline on the same texts, in one run.

    .venv/bin/python benchmarks/analyze_vs_nmf.py [--texts 21000] [--themes 30]
        [--theme-sample N]

The texts are generated like `benchmarks/bench_themes.py` (demo sentences recombined
within their category, with typos). The baseline enriches the same texts, builds lemma
TF-IDF (scikit-learn) and fits NMF with as many themes; the goal is that the whole
analysis (enrichment, themes with labels and confidence, signals, files written) takes at
most twice the baseline's time. The baseline runs first and second, analyze in between.
`--theme-sample` fixes the distinct texts the themes of a large input are found on (by
default `large.sample_size` decides) to measure what another sample size costs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_themes import generate_labelled  # noqa: E402
from nlp import enrich  # noqa: E402
from nlp.analyze import analyze  # noqa: E402
from nlp.themes import large  # noqa: E402


def nmf_baseline(texts: list[str], themes: int) -> float:
    started = time.perf_counter()
    lemmas = [" ".join(e.lemmas) for e in enrich(texts)]
    matrix = TfidfVectorizer(min_df=2, max_df=0.6, sublinear_tf=True).fit_transform(lemmas)
    weights = NMF(n_components=themes, init="nndsvd", max_iter=200, random_state=0).fit_transform(
        matrix
    )
    np.argmax(weights, axis=1)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=21_000)
    parser.add_argument("--themes", type=int, default=30)
    parser.add_argument("--theme-sample", type=int, help="the sample of a large input, fixed")
    args = parser.parse_args()
    if args.theme_sample is not None:
        large.SAMPLE_SIZE = large.MAX_SAMPLE_SIZE = args.theme_sample
    texts, _ = generate_labelled(args.texts, seed=0)[:2]
    start = datetime(2026, 1, 5, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "input.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for number, text in enumerate(texts):
                created = (start + timedelta(hours=number % 5000)).isoformat()
                handle.write(
                    json.dumps({"id": f"g{number}", "text": text, "created_at": created}) + "\n"
                )
        first = nmf_baseline(texts, args.themes)
        started = time.perf_counter()
        summary = analyze(source, Path(folder) / "out")
        full = time.perf_counter() - started
        second = nmf_baseline(texts, args.themes)
    baseline = min(first, second)
    print(f"{args.texts:,} texts, load {os.getloadavg()[0]:.1f}: NMF baseline {first:.1f} s / "
          f"{second:.1f} s, nlp analyze {full:.1f} s ({summary.themes} themes) = "
          f"{full / baseline:.2f}x the faster baseline (goal: at most 2x)")  # fmt: skip


if __name__ == "__main__":
    main()
