"""Automatic flags: abusive words, shouting and repeated input send input to the queue."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from sqlalchemy import ColumnElement, Select, bindparam, select

from dialogue.contributions.fingerprint import fold as _fold
from dialogue.contributions.models import Contribution, ContributionStatus, Reply
from dialogue.contributions.prefetch import prefetched
from dialogue.extensions import db

FLAG_ABUSIVE = "abusive"
FLAG_SHOUTING = "shouting"
FLAG_REPEATED = "repeated"

#: Shouting needs at least this many letters (a short "OK" or "NEE" is not shouting).
SHOUTING_MIN_LETTERS = 20
#: Share of capitals among the letters from which a text counts as shouting.
SHOUTING_CAPITAL_SHARE = 0.7

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_LONG_RUN = re.compile(r"(\w)\1{2,}")


@dataclass(frozen=True)
class AbuseList:
    """The shipped word list: whole words, word prefixes and phrases."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @cached_property
    def phrases_by_size(self) -> dict[int, frozenset[tuple[str, ...]]]:
        """The phrases grouped by their number of words."""
        sizes = {len(phrase) for phrase in self.phrases}
        return {
            size: frozenset(phrase for phrase in self.phrases if len(phrase) == size)
            for size in sorted(sizes)
        }


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
    """Whether text contains a word or phrase of the shipped abusive-language list.

    Runs on every post: the usual text has no stretched letters at all, so its words are
    checked as they are, with set and tuple operations instead of a loop per word.
    """
    listing = abuse_list()
    folded = _fold(text)
    tokens = _WORD.findall(folded)
    if _LONG_RUN.search(folded):  # some word may be stretched: check each spelling
        spellings = [spelling for token in tokens for spelling in _spellings(token)]
    else:
        spellings = tokens
    if not listing.words.isdisjoint(spellings):
        return True
    if any(spelling.startswith(listing.prefixes) for spelling in spellings):
        return True
    for size, phrases in listing.phrases_by_size.items():
        # Every run of `size` neighbouring words (zip stops at the shortest slice).
        runs = zip(*(tokens[start:] for start in range(size)), strict=False)
        if not phrases.isdisjoint(runs):
            return True
    return False


def is_shouting(text: str) -> bool:
    """Whether text is written mostly in capitals."""
    letters = list(filter(str.isalpha, text))
    if len(letters) < SHOUTING_MIN_LETTERS:
        return False
    capitals = sum(map(str.isupper, letters))
    return capitals / len(letters) >= SHOUTING_CAPITAL_SHARE


_contributions = Contribution.__table__
_replies = Reply.__table__


def _earlier_same_words(owner: ColumnElement[bool]) -> Select:
    """Earlier, not withdrawn input of one owner (author or address) with the same words."""
    return (
        select(_contributions.c.id)
        .where(
            owner,
            _contributions.c.text_fingerprint == bindparam("fingerprint"),
            _contributions.c.status != ContributionStatus.WITHDRAWN.value,
            _contributions.c.id != bindparam("own_id"),
        )
        .limit(1)
    )


def same_words_before(author_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Whether author_id has earlier, not withdrawn input with the words of the bound
    "fingerprint" (and another id than the bound "own_id"): the repeat check of a new post
    by an author, as a column of another query."""
    return _earlier_same_words(_contributions.c.author_id == author_id).exists()


# Prebuilt: the repeat check runs on every post (building a statement cost more than running it).
_REPEAT_BY_AUTHOR = _earlier_same_words(_contributions.c.author_id == bindparam("author_id"))
_REPEAT_BY_EMAIL = _earlier_same_words(_contributions.c.pending_email == bindparam("email"))
_REPEATED_REPLY = (
    select(_replies.c.id)
    .where(
        _replies.c.author_id == bindparam("author_id"),
        _replies.c.text_fingerprint == bindparam("fingerprint"),
        _replies.c.id != bindparam("own_id"),
    )
    .limit(1)
)


def is_repeated(contribution: Contribution) -> bool:
    """Whether the same author already posted the same words (withdrawn input excluded).

    "The same words" ignores capitals, accents and spacing; one lookup on the indexed text
    fingerprint, whatever the number of earlier contributions.
    """
    facts = prefetched(contribution)
    parameters = {"fingerprint": contribution.text_fingerprint, "own_id": contribution.id or 0}
    if facts is not None:  # read with the post's first query
        repeated = facts.repeated
        setattr(contribution, _NOTHING_EARLIER, not repeated)
        return repeated
    if contribution.author_id is not None:
        query, parameters["author_id"] = _REPEAT_BY_AUTHOR, contribution.author_id
    elif contribution.pending_email:
        query, parameters["email"] = _REPEAT_BY_EMAIL, contribution.pending_email
    else:
        return False
    repeated = _exists(query, parameters)
    setattr(contribution, _NOTHING_EARLIER, not repeated)
    return repeated


#: Set on a contribution by is_repeated(): whether it found no earlier input with the same words.
_NOTHING_EARLIER = "_kernpunt_nothing_earlier_with_same_words"


def found_nothing_earlier(contribution: Contribution) -> bool:
    """Whether the repeat check of this contribution ran and found no earlier same words.

    Any earlier input with the same words (same author, not withdrawn) counts, so a double
    submit (same author, same words, in the last seconds) is excluded too, at the moment of
    that check.
    """
    return getattr(contribution, _NOTHING_EARLIER, False)


def is_repeated_reply(reply: Reply) -> bool:
    """Whether the same author already posted a reply with the same words (on any input)."""
    if reply.author_id is None:
        return False
    parameters = {
        "author_id": reply.author_id,
        "fingerprint": reply.text_fingerprint,
        "own_id": reply.id or 0,
    }
    return _exists(_REPEATED_REPLY, parameters)


def _exists(query: Select, parameters: dict[str, object]) -> bool:
    # Core on the session's connection: no ORM row processing and no autoflush (the
    # contribution being screened is not in the session yet).
    return db.session.connection().execute(query, parameters).first() is not None


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
