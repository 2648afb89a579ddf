"""Benchmark signal detection: two years of weekly series for 50 themes x 20 areas.

    .venv/bin/python benchmarks/bench_signals.py [--rate 1.0] [--repeat 5]

Generates Poisson input (`rate` texts per theme, area and week), then times `detect`
on the whole record list: parsing the dates, building the 1,050 weekly series (50 theme
totals + 1,000 theme x area) and testing them, once for the latest weeks (the app's run)
and once for every week (a full replay in one call).
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

from nlp.signals import Settings, detect


def records(rate: float, seed: int = 0) -> list[dict]:
    """Return Poisson records for 50 themes x 20 areas over 104 weeks, ISO date strings."""
    rng = np.random.default_rng(seed)
    start = date(2024, 12, 2)
    counts = rng.poisson(rate, size=(50, 20, 104))
    out = []
    for (theme, area, week), count in np.ndenumerate(counts):
        for _ in range(count):
            day = start + timedelta(days=7 * int(week) + int(rng.integers(7)))
            out.append(
                {
                    "theme": f"t{theme}",
                    "area": f"kern{area}",
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
    print(f"{len(data):,} records, 50 themes x 20 areas x 104 weeks")
    seconds, found = best_of(args.repeat, lambda: detect(data, now=now))
    print(f"detect, latest 2 weeks (default): {seconds:.3f} s, {found} signals")
    every = Settings(lookback_weeks=None)
    seconds, found = best_of(args.repeat, lambda: detect(data, now=now, settings=every))
    print(f"detect, all 100 testable weeks:   {seconds:.3f} s, {found} signals")
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
