"""Build the Dijkzicht demo corpus from the handwritten pools.

The texts in ``pools/*.txt`` are written by hand. This script only decides who posts
which text when and where, glues some texts together (two sentences on one theme, or a
second theme as an aside), and adds the surface noise real input has: politeness
wrappers, lower case, missing full stops, typos, regional spelling and reposts.
It is seeded, so running it twice writes the same bytes:

    python -m dialogue.demo.build_corpus            # writes corpus_nl.jsonl and residents.json
    python -m dialogue.demo.build_corpus --check    # exit 1 when the committed files differ
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
POOLS = HERE / "pools"
CORPUS_PATH = HERE / "corpus_nl.jsonl"
RESIDENTS_PATH = HERE / "residents.json"

SEED = 20261122
START = datetime(2026, 5, 25, tzinfo=UTC)  # a Monday; 26 full weeks up to Sunday 22 November
WEEKS = 26
END = START + timedelta(weeks=WEEKS)
# The plan for Hotel De Vaarthoeve is published on this Monday morning.
SURGE_START = datetime(2026, 10, 26, 7, 0, tzinfo=UTC)
DST_END = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)  # Amsterdam goes from UTC+2 to UTC+1

MUNICIPALITY_NAME = "Gemeente Dijkzicht"
MUNICIPALITY_SLUG = "dijkzicht"
KERNEN = ["Dijkzicht", "Oosterwolde-Vaart", "Nijeveen-Zuid", "Holtum", "Ter Laan", "Bovenhuizen"]
KERN_WEIGHTS = [0.40, 0.10, 0.16, 0.14, 0.11, 0.09]
# Dutch labels an official would give the themes (for the demo loader and for evaluation reports).
CATEGORY_LABELS = {
    "windpark": "Windpark en zonnepark",
    "azc": "Opvang asielzoekers",
    "jongerenwoningen": "Woningen voor jongeren",
    "stikstof": "Stikstof en boeren",
    "jongerenoverlast": "Overlast van jongeren",
    "verkeer": "Verkeersveiligheid",
    "bibliotheek": "Bibliotheek en school",
    "afval": "Afvalinzameling",
    "huisarts": "Huisarts en zorg",
    "glasvezel": "Glasvezel en bereik",
}

# Expected contributions per week per theme outside the surge.
WEEKLY_RATE = {
    "windpark": 10.0,
    "azc": 6.5,
    "jongerenwoningen": 7.0,
    "stikstof": 6.0,
    "jongerenoverlast": 8.0,
    "verkeer": 9.0,
    "bibliotheek": 6.0,
    "afval": 8.0,
    "huisarts": 7.0,
    "glasvezel": 6.0,
}
CATEGORIES = list(WEEKLY_RATE)
# Multipliers of the azc rate in the last four weeks (news, information evening, aftermath).
SURGE_MULTIPLIERS = [2.8, 4.6, 3.2, 2.8]
SURGE_POOL_SHARE = 0.8  # share of surge-week azc input drawn from the surge pool

# Kernen that care more about a theme (the author's home kern is drawn from these more often).
THEME_KERNEN = {
    "windpark": ["Dijkzicht", "Ter Laan"],
    "stikstof": ["Holtum", "Bovenhuizen"],
    "bibliotheek": ["Holtum", "Ter Laan"],
    "huisarts": ["Bovenhuizen"],
    "glasvezel": ["Ter Laan", "Bovenhuizen"],
    "jongerenoverlast": ["Dijkzicht"],
    "verkeer": ["Dijkzicht", "Bovenhuizen"],
}

N_AUTHORS = 740
N_DEMO_RESIDENTS = 9
REPOST_RATE = 0.03

TYPO_WORDS = {
    "misschien": "misschein",
    "gebeurt": "gebeurd",
    "wordt": "word",
    "eigenlijk": "eigelijk",
    "bijvoorbeeld": "bijv",
    "precies": "presies",
    "helemaal": "hele maal",
    "alsjeblieft": "aub",
    "gewoon": "gwoon",
    "gemeente": "gemeete",
    "even": "ff",
    "iedereen": "iedereeen",
    "informatieavond": "informatie avond",
    "kinderen": "kindern",
    "vrachtwagens": "vrachtwagen's",
    "jongeren": "jongere",
    "asielzoekers": "asielzoekes",
    "glasvezel": "glasvesel",
    "bibliotheek": "biblotheek",
    "huisarts": "huisarst",
    "stikstof": "stiksof",
    "container": "kontainer",
    "molens": "moolens",
    "starterswoningen": "starters woningen",
    "verkeersdrempel": "verkeers drempel",
    "zonnepanelen": "zonne panelen",
}
REGIONAL_WORDS = {
    "mijn": "mien",
    "niet": "nait",
    "tijd": "tied",
    "huis": "hoes",
    "ook": "ok",
    "heel": "hiel",
    "nu": "nou",
    "gaat": "geet",
    "weet": "wait",
}


@dataclass(frozen=True)
class Text:
    """One handwritten contribution from a pool."""

    text: str
    negative: bool
    english: bool = False
    after: datetime | None = None  # not posted before this moment (the text refers to an event)

    def fits(self, at: datetime, english: bool | None, negative: bool | None) -> bool:
        """Tell whether this text may be posted at a moment, in a language, with a polarity."""
        if self.after is not None and at < self.after:
            return False
        if english is not None and self.english != english:
            return False
        return negative is None or self.negative == negative


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


def read_lines(name: str) -> list[str]:
    """Return the non-empty, non-comment lines of a pool file."""
    lines = (POOLS / name).read_text(encoding="utf-8").splitlines()
    return [line.rstrip() for line in lines if line.strip() and not line.startswith("#")]


def read_pool(name: str) -> list[Text]:
    """Parse a theme pool: "- " negative, "+ " not negative, then tags "{en}", "{after:...}"."""
    texts = []
    for line in read_lines(name):
        label, body = line[:2], line[2:].strip()
        if label not in ("- ", "+ "):
            raise ValueError(f"{name}: line without label: {line!r}")
        english, after = False, None
        while tag := re.match(r"\{(en|after:[^}]+)\} ", body):
            if tag.group(1) == "en":
                english = True
            else:
                after = datetime.fromisoformat(tag.group(1).removeprefix("after:"))
            body = body[tag.end() :]
        texts.append(Text(body, label == "- ", english, after))
    return texts


class Deck:
    """Draw texts without replacement, reshuffling when empty, so every text gets used."""

    def __init__(self, texts: list[Text], rng: random.Random) -> None:
        self.texts = texts
        self.rng = rng
        self.stack: list[Text] = []

    def draw(
        self, at: datetime, *, english: bool | None = None, negative: bool | None = None
    ) -> Text:
        """Return the next text that may be posted at this moment and matches the filters."""
        for _ in range(2):
            if not self.stack:
                self.stack = self.texts[:]
                self.rng.shuffle(self.stack)
            for index in range(len(self.stack) - 1, -1, -1):
                if self.stack[index].fits(at, english, negative):
                    return self.stack.pop(index)
            self.stack = []
        fitting = [text for text in self.texts if text.fits(at, english, None)]
        return self.rng.choice(fitting or self.texts)


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


def typo(rng: random.Random, word: str) -> str:
    """Return the word with one realistic slip of the finger."""
    lowered = word.lower()
    if lowered in TYPO_WORDS and rng.random() < 0.7:
        return TYPO_WORDS[lowered]
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def same_case(original: str, replacement: str) -> str:
    """Give the replacement the capital the original word started with."""
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def roughen(rng: random.Random, text: str, author: Author, negative: bool) -> str:
    """Apply the author's habits: typos, regional spelling, lower case, punctuation."""
    words = text.split(" ")
    for index, word in enumerate(words):
        core = word.strip(".,!?:;\"'()")
        if not core:
            continue
        if author.regional and core.lower() in REGIONAL_WORDS and rng.random() < 0.6:
            words[index] = word.replace(core, same_case(core, REGIONAL_WORDS[core.lower()]))
        elif author.typo_rate and rng.random() < author.typo_rate:
            words[index] = word.replace(core, same_case(core, typo(rng, core)))
    text = " ".join(words)
    if author.lower:
        text = text.lower()
    if author.no_stop and text.endswith("."):
        text = text[:-1]
    if negative and rng.random() < 0.05 and text[-1:] in ".!":
        text = text.rstrip(".!") + rng.choice(["!!", "!!!", " !!", "...", " :(", " 😡", "?!"])
    return text


def wrap(
    rng: random.Random, text: str, author: Author, openers: list[str], closers: list[str]
) -> str:
    """Add the greeting and sign-off this author tends to use."""
    if author.english:
        return text
    if rng.random() < author.polite_open:
        text = f"{rng.choice(openers)}{rng.choice([' ', chr(10)])}{text}"
    if rng.random() < author.polite_close:
        closer = rng.choice(closers)
        text = f"{text}{rng.choice([' ', chr(10), chr(10) + chr(10)])}{closer}"
        if author.display_name and closer.rstrip(",").lower() in (
            "met vriendelijke groet",
            "groet",
            "mvg",
        ):
            text += f"\n{author.display_name}"
    return text


def is_short(text: str) -> bool:
    """Tell whether a text is one short sentence, fit to be combined with another."""
    return len(text) < 140 and len(re.findall(r"[.!?](\s|$)", text)) <= 1


def compose(
    rng: random.Random,
    category: str,
    deck: Deck,
    decks: dict[str, Deck],
    connectors: list[str],
    english: bool,
    at: datetime,
) -> Text:
    """Draw a text for a theme; sometimes join two of them or add a second theme as an aside."""
    first = deck.draw(at, english=english)
    if english:
        return first
    roll = rng.random()
    if roll < 0.08:
        parts = [first.text]
        for _ in range(rng.choice([2, 2, 3])):
            extra = deck.draw(at, english=False, negative=first.negative)
            if extra.text not in parts:
                parts.append(extra.text)
        return Text(rng.choice([" ", "\n", "\n\n"]).join(parts), first.negative)
    if roll < 0.24 and is_short(first.text):
        second = deck.draw(at, english=False, negative=first.negative)
        if second.text != first.text:
            glue = rng.choice([" ", " ", " ", "\n", " En ", " Ook "])
            tail = second.text if glue.strip() == "" else second.text[0].lower() + second.text[1:]
            return Text(f"{first.text}{glue}{tail}", first.negative)
    if roll > 0.88:
        other = rng.choice([c for c in CATEGORIES if c != category])
        aside = decks[other].draw(at, english=False, negative=first.negative)
        if is_short(aside.text):
            connector = rng.choice(connectors)
            return Text(
                f"{first.text} {connector} {aside.text[0].lower() + aside.text[1:]}", first.negative
            )
    return first


def repost(rng: random.Random, text: str) -> str:
    """Return the text as the same person posts it again (impatient or unsure it arrived)."""
    choice = rng.randrange(5)
    if choice == 0:
        return text
    if choice == 1:
        return text.rstrip(".!") + "!!"
    if choice == 2:
        return f"Nogmaals, want ik zie mijn vorige bericht niet: {text}"
    if choice == 3:
        return f"{text} (nog steeds geen reactie)"
    return text.replace(". ", ", ", 1)


def build(seed: int = SEED) -> tuple[list[dict], dict[str, dict]]:
    """Return the corpus rows (sorted by time, with ids) and the demo residents."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    pools = {category: read_pool(f"{category}.txt") for category in CATEGORIES}
    surge_pool = read_pool("azc_surge.txt")
    decks = {category: Deck(texts, rng) for category, texts in pools.items()}
    surge_deck = Deck(surge_pool, rng)
    openers = [
        line.removeprefix("open:").strip()
        for line in read_lines("wrappers.txt")
        if line.startswith("open:")
    ]
    closers = [
        line.removeprefix("close:").strip()
        for line in read_lines("wrappers.txt")
        if line.startswith("close:")
    ]
    connectors = read_lines("connectors.txt")
    authors = make_authors(rng, read_lines("names.txt"))
    picker = AuthorPicker(rng, authors)

    rows: list[dict] = []

    def add(category: str, text: Text, author: Author, moment: datetime, pii: bool = False) -> None:
        kern = author.home if rng.random() < 0.85 else None
        if category == "azc" and moment >= SURGE_START and rng.random() < 0.5:
            kern = "Oosterwolde-Vaart"
        rows.append(
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

    for week in range(WEEKS):
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
                author = picker.pick(category, surge, english)
                moment = random_moment(rng, week_start, SURGE_START if surge else START)
                deck = surge_deck if surge else decks[category]
                text = compose(rng, category, deck, decks, connectors, english, moment)
                body = roughen(rng, text.text, author, text.negative) if not english else text.text
                body = wrap(rng, body, author, openers, closers)
                add(category, Text(body, text.negative), author, moment)

    for line in read_lines("pii.txt"):
        label, category, body = line[0], line[2:].split(" ", 1)[0], line[2:].split(" ", 1)[1]
        author = picker.pick(category, False, False)
        earliest = SURGE_START if category == "azc" and "COA" in body else START
        week_start = START + timedelta(weeks=rng.randrange(WEEKS))
        add(
            category,
            Text(body, label == "-"),
            author,
            random_moment(rng, max(week_start, earliest), earliest),
            True,
        )

    for index in range(len(rows)):
        if rng.random() < REPOST_RATE and not rows[index]["pii"]:
            row = dict(rows[index])
            later = row["created_at"] + timedelta(minutes=rng.randrange(20, 60 * 72))
            if later >= END:
                continue
            row["text"] = repost(rng, row["text"])
            row["created_at"] = later
            rows.append(row)

    rows.sort(key=lambda row: (row["created_at"], row["author"], row["text"]))
    for number, row in enumerate(rows, start=1):
        row["created_at"] = row["created_at"].strftime("%Y-%m-%dT%H:%M:%SZ")
        rows[number - 1] = {"id": f"d{number:04d}", **row}

    residents = demo_residents(rng, rows, authors)
    return rows, residents


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
        print("up to date" if same else "differs: run python -m dialogue.demo.build_corpus")
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
