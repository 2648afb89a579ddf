"""Automatic flags: abusive words, shouting and repeated input send input to the queue."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sqlalchemy import select

from dialogue.contributions.models import Contribution, ContributionStatus, Reply
from dialogue.extensions import db

FLAG_ABUSIVE = "abusive"
FLAG_SHOUTING = "shouting"
FLAG_REPEATED = "repeated"

#: Shouting needs at least this many letters (a short "OK" or "NEE" is not shouting).
SHOUTING_MIN_LETTERS = 20
#: Share of capitals among the letters from which a text counts as shouting.
SHOUTING_CAPITAL_SHARE = 0.7
#: How many earlier contributions of the same author are compared for repetition.
REPEAT_LOOKBACK = 200

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_LONG_RUN = re.compile(r"(\w)\1{2,}")


@dataclass(frozen=True)
class AbuseList:
    """The shipped word list: whole words, word prefixes and phrases."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]


def _fold(text: str) -> str:
    """Lower-case text and drop accents, so "Klóótzak" reads like "klootzak"."""
    if text.isascii():
        return text.lower()  # same result, without the per-character pass (hot under load)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def abuse_list() -> AbuseList:
    """Load dialogue/data/abuse_nl.txt."""
    text = resources.files("dialogue").joinpath("data/abuse_nl.txt").read_text("utf-8")
    words, prefixes, phrases = set(), [], []
    for raw in text.splitlines():
        entry = _fold(raw.strip())
        if not entry or entry.startswith("#"):
            continue
        if entry.endswith("*"):
            prefixes.append(entry[:-1])
        elif " " in entry:
            phrases.append(tuple(entry.split()))
        else:
            words.add(entry)
    return AbuseList(frozenset(words), tuple(prefixes), tuple(phrases))


def _tokens(text: str) -> list[str]:
    return _WORD.findall(_fold(text))


def _spellings(token: str) -> set[str]:
    """Return token with stretched letters ("klooootzak") shortened to two and to one."""
    if not _LONG_RUN.search(token):
        return {token}
    return {token, _LONG_RUN.sub(r"\1\1", token), _LONG_RUN.sub(r"\1", token)}


def is_abusive(text: str) -> bool:
    """Whether text contains a word or phrase of the shipped abusive-language list."""
    listing = abuse_list()
    tokens = _tokens(text)
    for token in tokens:
        for spelling in _spellings(token):
            if spelling in listing.words or spelling.startswith(listing.prefixes):
                return True
    for phrase in listing.phrases:
        size = len(phrase)
        if any(tuple(tokens[i : i + size]) == phrase for i in range(len(tokens) - size + 1)):
            return True
    return False


def is_shouting(text: str) -> bool:
    """Whether text is written mostly in capitals."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < SHOUTING_MIN_LETTERS:
        return False
    capitals = sum(1 for ch in letters if ch.isupper())
    return capitals / len(letters) >= SHOUTING_CAPITAL_SHARE


def normalised_for_comparison(text: str) -> str:
    """Return text folded and with whitespace collapsed, to spot repeated input."""
    return " ".join(_fold(text).split())


def is_repeated(contribution: Contribution) -> bool:
    """Whether the same author already posted the same text (withdrawn input excluded)."""
    if contribution.author_id is None and not contribution.pending_email:
        return False
    query = select(Contribution.text).where(Contribution.status != ContributionStatus.WITHDRAWN)
    if contribution.author_id is not None:
        query = query.where(Contribution.author_id == contribution.author_id)
    else:
        query = query.where(Contribution.pending_email == contribution.pending_email)
    if contribution.id is not None:
        query = query.where(Contribution.id != contribution.id)
    query = query.order_by(Contribution.id.desc()).limit(REPEAT_LOOKBACK)
    wanted = normalised_for_comparison(contribution.text)
    # Core execution on the session's connection: plain strings, no ORM row processing
    # (several ms per request for 200 rows under API load), and no autoflush.
    earlier = db.session.connection().execute(query).scalars().all()
    return any(normalised_for_comparison(text) == wanted for text in earlier)


def is_repeated_reply(reply: Reply) -> bool:
    """Whether the same author already posted a reply with the same text (on any input)."""
    if reply.author_id is None:
        return False
    query = select(Reply.text).where(Reply.author_id == reply.author_id)
    if reply.id is not None:
        query = query.where(Reply.id != reply.id)
    query = query.order_by(Reply.id.desc()).limit(REPEAT_LOOKBACK)
    wanted = normalised_for_comparison(reply.text)
    earlier = db.session.connection().execute(query).scalars().all()
    return any(normalised_for_comparison(text) == wanted for text in earlier)


def reply_flags(reply: Reply) -> list[str]:
    """Return the automatic flags of a reply: the same checks as for contributions."""
    flags = [
        flag
        for flag, found in (
            (FLAG_ABUSIVE, is_abusive(reply.text)),
            (FLAG_SHOUTING, is_shouting(reply.text)),
        )
        if found
    ]
    if is_repeated_reply(reply):
        flags.append(FLAG_REPEATED)
    return flags


def automatic_flags(contribution: Contribution) -> list[str]:
    """Return the automatic flags of a contribution, e.g. ["abusive", "shouting"]."""
    flags = []
    if is_abusive(contribution.text):
        flags.append(FLAG_ABUSIVE)
    if is_shouting(contribution.text):
        flags.append(FLAG_SHOUTING)
    if is_repeated(contribution):
        flags.append(FLAG_REPEATED)
    return flags
