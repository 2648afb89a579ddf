"""Quotes for the council report: published, without personal data, each said once."""

from __future__ import annotations

import re

from sqlalchemy import select

from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.exports.glyphs import printable
from dialogue.extensions import db
from dialogue.themes.models import Theme

#: Longest quote, in characters; longer texts are cut at a word and end in " …".
QUOTE_MAX_LENGTH = 400
#: Sentences shorter than this (letters and digits) are too common to mark a repeat ("Graag.").
_SENTENCE_MIN_CHARACTERS = 20
_SENTENCE_END = re.compile(r"[.!?\n]+")
_NOT_ALPHANUMERIC = re.compile(r"\W+")


def _shorten(text: str, limit: int = QUOTE_MAX_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def _is_quotable(contribution: Contribution) -> bool:
    """Published input without unredacted personal data."""
    if contribution.status != ContributionStatus.PUBLISHED:
        return False
    return not contribution.pii_spans or contribution.redacted_text is not None


def _letters_and_digits(text: str) -> str:
    return _NOT_ALPHANUMERIC.sub("", text.lower()).replace("_", "")


def sentence_keys(text: str) -> set[str]:
    """Return the text's long sentences in lower case, letters and digits only."""
    keys = {_letters_and_digits(sentence) for sentence in _SENTENCE_END.split(text)}
    return {key for key in keys if len(key) >= _SENTENCE_MIN_CHARACTERS}


def distinct_texts(texts: list[str], limit: int) -> list[str]:
    """Return up to limit texts, leaving out any that repeats a sentence of an earlier one.

    Residents repost and copy each other, with a greeting before or thanks after the same
    words: a text whose long sentence occurs in an earlier one (or the other way round) is a
    repeat, whatever its case, punctuation or spacing.
    """
    chosen: list[str] = []
    seen_sentences: set[str] = set()
    seen_texts: list[str] = []
    for text in texts:
        whole = _letters_and_digits(text)
        sentences = sentence_keys(text) or {whole}
        repeats = any(sentence in whole for sentence in seen_sentences) or any(
            sentence in earlier for sentence in sentences for earlier in seen_texts
        )
        if repeats:
            continue
        seen_sentences |= sentences
        seen_texts.append(whole)
        chosen.append(text)
        if len(chosen) == limit:
            break
    return chosen


def theme_quotes(theme: Theme, where: list, limit: int = 3) -> list[str]:
    """Return 2–3 representative, published, PII-free quotes of a theme, each said once."""
    chosen: list[Contribution] = []
    if theme.example_ids:
        examples = db.session.scalars(
            select(Contribution).where(*where, Contribution.id.in_(theme.example_ids[:10]))
        ).all()
        order = {cid: i for i, cid in enumerate(theme.example_ids)}
        chosen = sorted((c for c in examples if _is_quotable(c)), key=lambda c: order.get(c.id, 99))
    if len(chosen) < limit:
        extra = db.session.scalars(
            select(Contribution)
            .where(*where, Contribution.theme_key == theme.key)
            .order_by(Contribution.created_at.desc())
            .limit(20)
        ).all()
        chosen += [c for c in extra if _is_quotable(c) and c not in chosen]
    texts = distinct_texts([c.public_text for c in chosen], limit)
    # The report font has no emoji: drop what it cannot draw instead of printing a box.
    return [_shorten(printable(text)) for text in texts]
