"""Benchmark signal detection: three years of weekly series for 100 themes x 6 kernen.

    .venv/bin/python benchmarks/bench_signals.py [--rate 1.0] [--repeat 5]

Generates Poisson input (`rate` texts per theme, kern and week, so about 94,000 records over
156 weeks) and times `detect_history` on the whole record list: parsing the dates, building
the 700 weekly series (100 theme totals + 600 theme x kern), replaying every week of both
tests and grouping the alerts; and `detect` (the same, keeping the latest weeks: the app's
run). Goal: under 2 s on one core.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.signals import Settings, detect, detect_history

THEMES, KERNEN, WEEKS = 100, 6, 156


def records(rate: float, seed: int = 0) -> list[dict]:
    """Return Poisson records for 100 themes x 6 kernen over 156 weeks, ISO date strings."""
    rng = np.random.default_rng(seed)
    start = date(2023, 12, 4)
    counts = rng.poisson(rate, size=(THEMES, KERNEN, WEEKS))
    out = []
    for (theme, kern, week), count in np.ndenumerate(counts):
        for _ in range(count):
            day = start + timedelta(days=7 * int(week) + int(rng.integers(7)))
            out.append(
                {
                    "theme": f"t{theme}",
                    "area": f"kern{kern}",
                    "created_at": f"{day.isoformat()}T09:30:00+01:00",
                    "negative": bool(rng.random() < 0.3),
                }
            )
    return out


def best_of(repeat: int, run) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = len(run())
        times.append(time.perf_counter() - started)
    return min(times), found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = records(args.rate)
    now = date(2026, 11, 29)
    settings = Settings()
    print(f"{len(data):,} records, {THEMES} themes x {KERNEN} kernen x {WEEKS} weeks")
    seconds, found = best_of(args.repeat, lambda: detect_history(data, now=now, settings=settings))
    print(f"detect_history, every week replayed: {seconds:.3f} s, {found} alerts")
    seconds, found = best_of(args.repeat, lambda: detect(data, now=now, settings=settings))
    print(f"detect, alerts of the latest 2 weeks: {seconds:.3f} s, {found} alerts")
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
