"""What residents see of the themes: per consultation, what people say and what the municipality does."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter

from sqlalchemy import func, select

from dialogue.answers.models import OfficialResponse
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.contributions.repeats import distinct
from dialogue.extensions import db
from dialogue.themes.models import Theme

#: Example input shown per theme.
EXAMPLES = 3
#: Inputs per theme the examples are chosen from (the analysis's, then the newest): enough
#: to find three that are no copies of each other.
CANDIDATES = 10


@dataclass
class PublicTheme:
    """A theme as residents see it: its name, how much input it has, answers and examples."""

    key: str
    label: str
    count: int
    answers: list[OfficialResponse] = field(default_factory=list)
    examples: list[Contribution] = field(default_factory=list)


@dataclass(frozen=True)
class AnswerTally:
    """How often the municipality answered in a consultation, and when it last did."""

    count: int
    last_at: datetime | None


def public_themes(consultation: Consultation) -> list[PublicTheme]:
    """Return the consultation's active themes with published input, the largest first."""
    counts = dict(
        db.session.execute(
            select(Contribution.theme_key, func.count(Contribution.id))
            .where(
                Contribution.consultation_id == consultation.id,
                Contribution.status == ContributionStatus.PUBLISHED,
                Contribution.theme_key.is_not(None),
            )
            .group_by(Contribution.theme_key)
        ).all()
    )
    themes = db.session.scalars(
        select(Theme).where(Theme.consultation_id == consultation.id, Theme.active.is_(True))
    ).all()
    shown = [
        PublicTheme(theme.key, theme.label, counts[theme.key])
        for theme in themes
        if counts.get(theme.key)
    ]
    shown.sort(key=lambda theme: (-theme.count, theme.label))
    _attach_answers(consultation, shown)
    examples = _examples(consultation, themes, [theme.key for theme in shown])
    for theme in shown:
        theme.examples = examples.get(theme.key, [])
    return shown


def _attach_answers(consultation: Consultation, themes: list[PublicTheme]) -> None:
    by_key = {theme.key: theme for theme in themes}
    for response in db.session.scalars(
        select(OfficialResponse)
        .where(
            OfficialResponse.consultation_id == consultation.id,
            OfficialResponse.theme_key.in_(list(by_key)),
        )
        .order_by(OfficialResponse.created_at.desc())
    ):
        by_key[response.theme_key].answers.append(response)


def _examples(
    consultation: Consultation, themes: Iterable[Theme], keys: list[str]
) -> dict[str, list[Contribution]]:
    """Return up to EXAMPLES published inputs per theme that do not repeat each other
    (`repeats.distinct`): the analysis's examples first, then the newest."""
    chosen = {theme.key: list(theme.example_ids or [])[:CANDIDATES] for theme in themes}
    wanted = [item for key in keys for item in chosen.get(key, [])]
    found = {
        c.id: c
        for c in db.session.scalars(
            select(Contribution).where(
                Contribution.id.in_(wanted),
                Contribution.consultation_id == consultation.id,
                Contribution.status == ContributionStatus.PUBLISHED,
            )
        )
    }
    examples: dict[str, list[Contribution]] = {}
    for key in keys:
        candidates = [found[item] for item in chosen.get(key, []) if item in found]
        picked = distinct(candidates, EXAMPLES, attrgetter("public_text"))
        if len(picked) < EXAMPLES:
            candidates += _newest(consultation, key, CANDIDATES, {c.id for c in candidates})
            picked = distinct(candidates, EXAMPLES, attrgetter("public_text"))
        examples[key] = picked
    return examples


def _newest(consultation: Consultation, key: str, limit: int, skip: set[int]) -> list[Contribution]:
    return list(
        db.session.scalars(
            select(Contribution)
            .where(
                Contribution.consultation_id == consultation.id,
                Contribution.theme_key == key,
                Contribution.status == ContributionStatus.PUBLISHED,
                Contribution.id.not_in(skip),
            )
            .order_by(Contribution.published_at.desc(), Contribution.id.desc())
            .limit(limit)
        )
    )


def answer_tallies(consultation_ids: list[int]) -> dict[int, AnswerTally]:
    """Return, per consultation, how many answers the municipality gave and when the last."""
    if not consultation_ids:
        return {}
    rows = db.session.execute(
        select(
            OfficialResponse.consultation_id,
            func.count(OfficialResponse.id),
            func.max(OfficialResponse.created_at),
        )
        .where(OfficialResponse.consultation_id.in_(consultation_ids))
        .group_by(OfficialResponse.consultation_id)
    )
    return {cid: AnswerTally(count, last) for cid, count, last in rows}
