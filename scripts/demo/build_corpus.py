"""Build the Dijkzicht demo corpus from the handwritten pools (a development tool).

The texts in ``scripts/demo/pools/*.txt`` are written by hand. This script only decides who
posts which text when and where, glues some texts together (two sentences on one theme, or a
second theme as an aside), and adds the surface noise real input has: politeness
wrappers, lower case, missing full stops, typos, regional spelling and reposts.
It is seeded, so running it twice writes the same bytes:

    python -m scripts.demo.build_corpus            # writes dialogue/demo/corpus_nl.jsonl, residents.json
    python -m scripts.demo.build_corpus --check    # exit 1 when the committed files differ
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scripts.demo.people import Author, AuthorPicker, make_authors, poisson, random_moment
from scripts.demo.plan import (
    CATEGORIES,
    CATEGORY_LABELS,
    CORPUS_PATH,
    END,
    KERNEN,
    N_DEMO_RESIDENTS,
    POOLS,
    REPOST_RATE,
    RESIDENTS_PATH,
    SEED,
    START,
    SURGE_MULTIPLIERS,
    SURGE_POOL_SHARE,
    SURGE_START,
    WEEKLY_RATE,
    WEEKS,
)
from scripts.demo.texts import Deck, Text, compose, read_lines, read_pool, repost, roughen, wrap

#: What tests and tools read from here besides build and render.
__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "KERNEN",
    "POOLS",
    "WEEKS",
    "build",
    "main",
    "read_lines",
    "read_pool",
    "render",
]


def build(seed: int = SEED) -> tuple[list[dict], dict[str, dict]]:
    """Return the corpus rows (sorted by time, with ids) and the demo residents."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    material = _Material.read(rng)
    authors = make_authors(rng, read_lines("names.txt"))
    rows = _Rows(rng, AuthorPicker(rng, authors))
    for week in range(WEEKS):
        _add_week(rows, material, week)
    _add_personal_data(rows)
    _add_reposts(rng, rows.rows)
    numbered = _numbered(rows.rows)
    return numbered, demo_residents(rng, numbered, authors)


@dataclass
class _Material:
    """The decks of texts per theme, the surge texts and the greetings and connectors."""

    decks: dict[str, Deck]
    surge_deck: Deck
    openers: list[str]
    closers: list[str]
    connectors: list[str]

    @classmethod
    def read(cls, rng: random.Random) -> _Material:
        wrappers = read_lines("wrappers.txt")
        return cls(
            decks={category: Deck(read_pool(f"{category}.txt"), rng) for category in CATEGORIES},
            surge_deck=Deck(read_pool("azc_surge.txt"), rng),
            openers=[w.removeprefix("open:").strip() for w in wrappers if w.startswith("open:")],
            closers=[w.removeprefix("close:").strip() for w in wrappers if w.startswith("close:")],
            connectors=read_lines("connectors.txt"),
        )


@dataclass
class _Rows:
    """The corpus rows so far, and who writes the next one."""

    rng: random.Random
    picker: AuthorPicker
    rows: list[dict] = field(default_factory=list)

    def add(
        self, category: str, text: Text, author: Author, moment: datetime, pii: bool = False
    ) -> None:
        kern = author.home if self.rng.random() < 0.85 else None
        if category == "azc" and moment >= SURGE_START and self.rng.random() < 0.5:
            kern = "Oosterwolde-Vaart"
        self.rows.append(
            {
                "text": text.text,
                "created_at": moment,
                "area": kern,
                "category": category,
                "negative": text.negative,
                "author": author.key,
                "display_name": author.display_name,
                "pii": pii,
            }
        )


def _add_week(rows: _Rows, material: _Material, week: int) -> None:
    """Add one week of input on every theme; the last weeks carry the azc surge."""
    rng = rows.rng
    week_start = START + timedelta(weeks=week)
    surge_week = week >= WEEKS - len(SURGE_MULTIPLIERS)
    for category in CATEGORIES:
        rate = WEEKLY_RATE[category]
        if category == "azc" and surge_week:
            # The injected surge has a fixed size, whatever the seed.
            count = round(rate * SURGE_MULTIPLIERS[week - (WEEKS - len(SURGE_MULTIPLIERS))])
        else:
            # Keep ordinary weeks free of chance spikes, so the demo shows one clear surge.
            count = min(poisson(rng, rate), math.ceil(rate + 2 * math.sqrt(rate)))
        for _ in range(count):
            surge = category == "azc" and surge_week and rng.random() < SURGE_POOL_SHARE
            english = rng.random() < 0.02
            author = rows.picker.pick(category, surge, english)
            moment = random_moment(rng, week_start, SURGE_START if surge else START)
            deck = material.surge_deck if surge else material.decks[category]
            text = compose(
                rng, category, deck, material.decks, material.connectors, english, moment
            )
            body = roughen(rng, text.text, author, text.negative) if not english else text.text
            body = wrap(rng, body, author, material.openers, material.closers)
            rows.add(category, Text(body, text.negative), author, moment)


def _add_personal_data(rows: _Rows) -> None:
    """Add the texts with personal data, each in a random week it fits."""
    rng = rows.rng
    for line in read_lines("pii.txt"):
        label, category, body = line[0], line[2:].split(" ", 1)[0], line[2:].split(" ", 1)[1]
        author = rows.picker.pick(category, False, False)
        earliest = SURGE_START if category == "azc" and "COA" in body else START
        week_start = START + timedelta(weeks=rng.randrange(WEEKS))
        rows.add(
            category,
            Text(body, label == "-"),
            author,
            random_moment(rng, max(week_start, earliest), earliest),
            True,
        )


def _add_reposts(rng: random.Random, rows: list[dict]) -> None:
    """Let some residents post the same text again a little later."""
    for index in range(len(rows)):
        if rng.random() < REPOST_RATE and not rows[index]["pii"]:
            row = dict(rows[index])
            later = row["created_at"] + timedelta(minutes=rng.randrange(20, 60 * 72))
            if later >= END:
                continue
            row["text"] = repost(rng, row["text"])
            row["created_at"] = later
            rows.append(row)


def _numbered(rows: list[dict]) -> list[dict]:
    """Sort the rows by time and give them ids and ISO dates."""
    rows.sort(key=lambda row: (row["created_at"], row["author"], row["text"]))
    for number, row in enumerate(rows, start=1):
        row["created_at"] = row["created_at"].strftime("%Y-%m-%dT%H:%M:%SZ")
        rows[number - 1] = {"id": f"d{number:04d}", **row}
    return rows


def demo_residents(rng: random.Random, rows: list[dict], authors: list[Author]) -> dict[str, dict]:
    """Pick the most active named residents as demo accounts with fake e-mail addresses."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["author"]] = counts.get(row["author"], 0) + 1
    by_key = {author.key: author for author in authors}
    named = [key for key in counts if by_key[key].display_name and not by_key[key].english]
    named.sort(key=lambda key: (-counts[key], key))
    surnames = read_lines("surnames.txt")
    rng.shuffle(surnames)
    residents = {}
    for key, surname in zip(named[:N_DEMO_RESIDENTS], surnames, strict=False):
        first = by_key[key].display_name or ""
        local = f"{first}.{surname}".lower().replace(" ", "")
        residents[key] = {"email": f"{local}@example.org", "display_name": first}
    return dict(sorted(residents.items()))


def render(rows: list[dict], residents: dict[str, dict]) -> tuple[str, str]:
    """Serialise the corpus and the residents exactly as they are committed."""
    corpus = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    people = json.dumps(residents, ensure_ascii=False, indent=2) + "\n"
    return corpus, people


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, verify) corpus_nl.jsonl and residents.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files")
    args = parser.parse_args(argv)
    corpus, people = render(*build())
    if args.check:
        same = CORPUS_PATH.read_text(encoding="utf-8") == corpus
        same = same and RESIDENTS_PATH.read_text(encoding="utf-8") == people
        print("up to date" if same else "differs: run python -m scripts.demo.build_corpus")
        return 0 if same else 1
    CORPUS_PATH.write_text(corpus, encoding="utf-8")
    RESIDENTS_PATH.write_text(people, encoding="utf-8")
    print(
        f"wrote {corpus.count(chr(10))} contributions to {CORPUS_PATH.name} and {len(residents_keys(people))} residents"
    )
    return 0


def residents_keys(people: str) -> list[str]:
    """Return the resident keys in a serialised residents file."""
    return list(json.loads(people))


if __name__ == "__main__":
    sys.exit(main())
