"""The demo corpus's residents: who they are, how they write, when they post."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from scripts.demo.plan import (
    CATEGORIES,
    DST_END,
    END,
    KERN_WEIGHTS,
    KERNEN,
    N_AUTHORS,
    THEME_KERNEN,
)


@dataclass
class Author:
    """A pseudonymous resident with a home kern, favourite themes and a writing style."""

    key: str
    home: str
    activity: float
    themes: tuple[str, ...]
    display_name: str | None
    english: bool
    lower: bool
    no_stop: bool
    typo_rate: float
    regional: bool
    polite_open: float
    polite_close: float


def poisson(rng: random.Random, mean: float) -> int:
    """Draw from a Poisson distribution (Knuth's method; fine for small means)."""
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def local_offset(moment: datetime) -> timedelta:
    """Return the Amsterdam UTC offset for a UTC moment in this period."""
    return timedelta(hours=2 if moment < DST_END else 1)


def random_moment(rng: random.Random, week_start: datetime, not_before: datetime) -> datetime:
    """Pick a plausible posting moment in a week: evenings and lunch breaks are busier."""
    hours = list(range(24))
    weights = [0.2, 0.1, 0.05, 0.05, 0.05, 0.2, 0.6, 1.2, 1.5, 1.6, 1.6, 1.7, 2.0, 1.8, 1.5, 1.5]
    weights += [1.6, 1.8, 1.9, 2.6, 3.0, 3.0, 2.2, 1.0]
    for _ in range(50):
        day = rng.randrange(7)
        hour = rng.choices(hours, weights)[0]
        local = week_start + timedelta(days=day, hours=hour, minutes=rng.randrange(60))
        moment = local - local_offset(local) + timedelta(seconds=rng.randrange(60))
        if not_before <= moment < END:
            return moment
    return max(not_before, week_start) + timedelta(hours=rng.randrange(1, 40))


def make_authors(rng: random.Random, names: list[str]) -> list[Author]:
    """Create the resident population with skewed activity and personal writing habits."""
    dutch = [n for n in names if not n.startswith("{en} ")]
    expat = [n.removeprefix("{en} ") for n in names if n.startswith("{en} ")]
    authors = []
    for index in range(N_AUTHORS):
        english = index % 71 == 5
        home = rng.choices(KERNEN, KERN_WEIGHTS)[0]
        themes = tuple(rng.sample(CATEGORIES, rng.choice([1, 1, 2, 2, 3])))
        if english:
            name: str | None = rng.choice(expat) if rng.random() < 0.8 else None
        else:
            name = rng.choice(dutch) if rng.random() < 0.55 else None
        authors.append(
            Author(
                key=f"r{index + 1:03d}",
                home=home,
                activity=min(rng.lognormvariate(0.0, 0.8), 12.0),
                themes=themes,
                display_name=name,
                english=english,
                lower=rng.random() < 0.12,
                no_stop=rng.random() < 0.25,
                typo_rate=rng.choice([0.0, 0.0, 0.0, 0.02, 0.04, 0.08]),
                regional=home != "Dijkzicht" and rng.random() < 0.08,
                polite_open=rng.choice([0.0] * 6 + [0.1, 0.3, 0.6]),
                polite_close=rng.choice([0.0] * 5 + [0.1, 0.2, 0.5, 0.8]),
            )
        )
    return authors


def author_weights(authors: list[Author], category: str, surge: bool, english: bool) -> list[float]:
    """Return how likely each author is to write on a theme (cumulative, for rng.choices)."""
    favoured = THEME_KERNEN.get(category, [])
    weights = []
    for author in authors:
        if author.english != english:
            weights.append(0.0)
            continue
        weight = author.activity * (6.0 if category in author.themes else 1.0)
        if author.home in favoured:
            weight *= 1.8
        if surge and author.home == "Oosterwolde-Vaart":
            weight *= 8.0
        weights.append(weight)
    return list(itertools.accumulate(weights))


class AuthorPicker:
    """Choose who writes a contribution, caching the weights per situation."""

    def __init__(self, rng: random.Random, authors: list[Author]) -> None:
        self.rng = rng
        self.authors = authors
        self.cache: dict[tuple[str, bool, bool], list[float]] = {}

    def pick(self, category: str, surge: bool, english: bool) -> Author:
        """Return an author for a theme, in or outside the surge, writing English or not."""
        key = (category, surge, english)
        if key not in self.cache:
            self.cache[key] = author_weights(self.authors, category, surge, english)
        return self.rng.choices(self.authors, cum_weights=self.cache[key])[0]
