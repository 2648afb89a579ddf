"""Measure NLP enrichment throughput against bare spaCy in the same run.

Baseline: ``spacy.blank("nl")`` + lookup lemmatizer over the same texts with ``nlp.pipe``.
Full: ``nlp.enrich`` (language, personal data, discontent, content lemmas, key terms).
Run: ``.venv/bin/python benchmarks/bench_enrichment.py [--texts 20000] [--repeat 7]``
Component batch sizes: ``... --texts 10000 --repeat 12 --component-batches 1,8,16,32,64,256``

The two pipelines run in alternating rounds; the result is the ratio of their best rounds
and the median and range of the per-round ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import time

import spacy

import nlp

OPENINGS = [
    "Graag aandacht voor",
    "Ik maak me zorgen over",
    "Wat vinden jullie van",
    "Al jaren last van",
    "Goed dat er iets gebeurt met",
    "Waarom wordt er niets gedaan aan",
    "Ik ben het niet eens met",
    "Fijn initiatief:",
    "Het is echt belachelijk hoe het gaat met",
    "Namens de buurt wil ik iets zeggen over",
]
SUBJECTS = [
    "de windmolens bij het dorp",
    "het zonnepark langs de N33",
    "de opvang van asielzoekers in de oude school",
    "starterswoningen voor jongeren",
    "de stikstofregels voor boeren",
    "hangjongeren bij het winkelcentrum",
    "hardrijders op de Dorpsstraat",
    "de sluiting van de bibliotheek",
    "het ophalen van het afval",
    "de huisarts die stopt",
    "glasvezel in het buitengebied",
    "de speeltuin achter de kerk",
]
ENDINGS = [
    "Alvast bedankt.",
    "Mvg, een bezorgde bewoner.",
    "We worden gewoon niet gehoord!",
    "Dit moet echt anders.",
    "Ik hoop op een snelle reactie.",
    "Top geregeld, complimenten.",
    "Niemand doet er iets aan.",
    "Kunnen jullie dit meenemen?",
    "Bel me gerust op 06-12345678.",
    "Mijn adres is 9531 AB 12.",
    "",
]
ENGLISH = [
    "The wind turbines are far too close to our homes.",
    "Please fix the bike path near the school, it is dangerous.",
]


def make_texts(count: int, seed: int = 7) -> list[str]:
    """Return ``count`` short resident-like texts, reproducibly."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        if rng.random() < 0.03:
            texts.append(rng.choice(ENGLISH))
            continue
        text = f"{rng.choice(OPENINGS)} {rng.choice(SUBJECTS)}. {rng.choice(ENDINGS)}"
        if rng.random() < 0.3:
            text = text.lower()
        texts.append(text.strip())
    return texts


def corpus_texts(path: str, count: int) -> list[str]:
    """Return ``count`` texts from a JSONL file, cycling through it."""
    with open(path, encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
    return [texts[n % len(texts)] for n in range(count)]


def bare_pipeline() -> spacy.language.Language:
    """Return blank Dutch spaCy with the lookup lemmatizer (the ceiling)."""
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
    pipeline.initialize()
    return pipeline


def timed(run, texts: list[str]) -> tuple[float, float]:
    """Return (wall seconds, CPU seconds) of one run over the texts."""
    wall, cpu = time.perf_counter(), time.process_time()
    run(texts)
    return time.perf_counter() - wall, time.process_time() - cpu


def interleaved_rounds(run_bare, run_full, texts: list[str], rounds: int) -> list[tuple]:
    """Time both pipelines in alternating rounds: (bare wall, bare CPU, full wall, full CPU).

    Alternating keeps a slow phase of a shared machine from falling on one pipeline only
    (run one after the other, the ratio swung from 25% to 49% on an idle 2-core VM).
    """
    return [(*timed(run_bare, texts), *timed(run_full, texts)) for _ in range(rounds)]


def run_once(which: str, texts: list[str]) -> None:
    """Warm one pipeline up, then process ``texts`` once (instruction counting)."""
    warm_up = [*make_texts(300, seed=1), "The council never listens.", "Die Gemeinde hört nie zu."]
    if which == "bare":
        pipeline = bare_pipeline()
        for _doc in pipeline.pipe(warm_up):
            pass
        for _doc in pipeline.pipe(texts, batch_size=256):
            pass
    else:
        nlp.enrich(warm_up)
        nlp.enrich(texts, batch_size=256)


def compare_component_batches(texts: list[str], sizes: list[int], rounds: int) -> None:
    """Print the median ratio to bare spaCy of paired rounds per component batch size.

    Each round times bare spaCy and then the enrichment with the components' batch capped
    at one size (1 = Doc by Doc, as without a ``pipe`` method); rounds go over all sizes in
    turn, so a slow phase of the machine falls on every size alike.
    """
    from nlp.components import batching

    bare = bare_pipeline()
    nlp.enrich(texts[:200])
    ratios: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(rounds):
        for size in sizes:
            batching.COMPONENT_BATCH = size
            bare_wall = timed(lambda batch: list(bare.pipe(batch, batch_size=256)), texts)[0]
            full_wall = timed(lambda batch: nlp.enrich(batch, batch_size=256), texts)[0]
            ratios[size].append(bare_wall / full_wall)
    print(f"{len(texts)} texts, {rounds} paired rounds per size, load {os.getloadavg()[0]:.1f}")
    print("| Docs per component batch | ratio to bare spaCy, median (quartiles) |")
    print("|---|---|")
    for size, values in ratios.items():
        low, _, high = statistics.quantiles(values)
        print(f"| {size} | {statistics.median(values):.0%} ({low:.0%}–{high:.0%}) |")


def main() -> None:
    """Run both measurements and print a Markdown result line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7, help="alternating rounds")
    parser.add_argument(
        "--only",
        choices=["bare", "full"],
        help="warm up, process the texts once and print nothing (for valgrind --tool=callgrind)",
    )
    parser.add_argument(
        "--corpus",
        help="JSONL file with a 'text' per line (e.g. the demo corpus), cycled to --texts texts",
    )
    parser.add_argument(
        "--component-batches",
        help="comma-separated batch sizes to compare (1 = Doc by Doc), e.g. 1,8,32,256",
    )
    args = parser.parse_args()
    texts = corpus_texts(args.corpus, args.texts) if args.corpus else make_texts(args.texts)
    if args.component_batches:
        sizes = [int(size) for size in args.component_batches.split(",")]
        compare_component_batches(texts, sizes, args.repeat)
        return
    if args.only:
        run_once(args.only, texts)
        return
    bare = bare_pipeline()
    nlp.load()
    nlp.enrich(texts[:200])  # warm up: lazy tables, caches

    def run_bare(batch: list[str]) -> None:
        for _doc in bare.pipe(batch, batch_size=256):
            pass

    def run_full(batch: list[str]) -> None:
        nlp.enrich(batch, batch_size=256)

    rounds = interleaved_rounds(run_bare, run_full, texts, args.repeat)
    bare_wall, bare_cpu, full_wall, full_cpu = (min(column) for column in zip(*rounds, strict=True))
    ratios = sorted(bare / full for bare, _, full, _ in rounds)
    words = sum(len(text.split()) for text in texts) / len(texts)
    print(
        f"{len(texts)} texts (mean {words:.1f} words), {args.repeat} alternating rounds, "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    count = len(texts)
    print("| pipeline | texts/s, best round (wall) | texts/s, best round (CPU time) |")
    print("|---|---|---|")
    print(
        f"| bare spacy.blank('nl') + lookup lemmatizer | {count / bare_wall:,.0f} | "
        f"{count / bare_cpu:,.0f} |"
    )
    print(f"| nlp.enrich (full enrichment) | {count / full_wall:,.0f} | {count / full_cpu:,.0f} |")
    print(
        f"| ratio of the bests (goal: at least 40%) | {bare_wall / full_wall:.0%} | "
        f"{bare_cpu / full_cpu:.0%} |"
    )
    print(
        f"ratio per round (wall): median {statistics.median(ratios):.0%}, "
        f"range {ratios[0]:.0%}–{ratios[-1]:.0%}"
    )


if __name__ == "__main__":
    main()
