"""The handwritten texts of the demo corpus and what the generator does to them."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime

from scripts.demo.people import Author
from scripts.demo.plan import CATEGORIES, POOLS, REGIONAL_WORDS, TYPO_WORDS


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
