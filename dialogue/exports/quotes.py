"""Quotes for the council report: published, without personal data, each said once."""

from __future__ import annotations

from sqlalchemy import func, select

from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.contributions.repeats import distinct_texts
from dialogue.exports.glyphs import printable
from dialogue.extensions import db
from dialogue.themes.models import Theme

#: Longest quote, in characters; longer texts are cut at a word and end in " …".
QUOTE_MAX_LENGTH = 400


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


def theme_quotes(themes: list[Theme], where: list, limit: int = 3) -> dict[str, list[str]]:
    """Return 2–3 representative, published, PII-free quotes per theme key, each said once.

    The analysis's examples first (in its order), then the theme's newest input; two
    queries for all themes together, whatever their number.
    """
    example_ids = {theme.key: list(theme.example_ids or [])[:10] for theme in themes}
    wanted = {cid for ids in example_ids.values() for cid in ids}
    examples = {}
    if wanted:
        examples = {
            c.id: c
            for c in db.session.scalars(
                select(Contribution).where(*where, Contribution.id.in_(sorted(wanted)))
            )
        }
    chosen = {
        key: [examples[cid] for cid in ids if cid in examples and _is_quotable(examples[cid])]
        for key, ids in example_ids.items()
    }
    short = [key for key, found in chosen.items() if len(found) < limit]
    for contribution in _newest_per_theme(short, where):
        found = chosen[contribution.theme_key]
        if _is_quotable(contribution) and contribution not in found:
            found.append(contribution)
    # The report font has no emoji: drop what it cannot draw instead of printing a box.
    return {
        key: [
            _shorten(printable(text))
            for text in distinct_texts([c.public_text for c in found], limit)
        ]
        for key, found in chosen.items()
    }


def _newest_per_theme(keys: list[str], where: list, per_theme: int = 20) -> list[Contribution]:
    """Return each theme's newest input (up to per_theme), newest first within a theme."""
    if not keys:
        return []
    rank = (
        func.row_number()
        .over(
            partition_by=Contribution.theme_key,
            order_by=(Contribution.created_at.desc(), Contribution.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(Contribution.id, rank).where(*where, Contribution.theme_key.in_(keys)).subquery()
    )
    return list(
        db.session.scalars(
            select(Contribution)
            .join(ranked, ranked.c.id == Contribution.id)
            .where(ranked.c.rank <= per_theme)
            .order_by(Contribution.theme_key, ranked.c.rank)
        )
    )
