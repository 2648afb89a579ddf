"""The consultation summary: one object from which every report format is rendered.

Counts below the privacy threshold are kept as numbers for ordering but rendered through
`Summary.show`, so no renderer can print a small count by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select

from dialogue.answers.models import OfficialResponse
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.exports.glyphs import printable
from dialogue.exports.moderation import removal_reason_counts
from dialogue.exports.quotes import theme_quotes
from dialogue.extensions import db
from dialogue.municipalities.models import Kern
from dialogue.signals.models import Signal, SignalStatus
from dialogue.themes.models import Theme
from dialogue.votes.analysis import CommonGroundView, common_ground_view

#: Longest quote in a report; longer ones are shortened at a word boundary.


@dataclass(frozen=True)
class SummaryOptions:
    """What a summary or data export covers."""

    date_from: date | None = None
    date_to: date | None = None
    kernen: tuple[str, ...] = ()
    theme_keys: tuple[str, ...] = ()
    #: Also include hidden, rejected and withdrawn input (data exports only; marked as such).
    include_excluded: bool = False

    def as_dict(self) -> dict:
        return {
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "kernen": list(self.kernen),
            "theme_keys": list(self.theme_keys),
            "include_excluded": self.include_excluded,
        }


@dataclass
class ThemeSummary:
    key: str
    label: str
    size: int
    negative_share: float | None
    weekly: list[int]
    quotes: list[str]
    answers: list[OfficialResponse]
    status: str
    signals: list[Signal]


@dataclass
class Summary:
    """Everything a council report says about one consultation."""

    consultation: Consultation
    municipality: str
    generated_at: datetime
    threshold: int
    period: tuple[date | None, date | None]
    kernen: list[str]
    total: int
    participants: int
    by_channel: dict[str, int]
    by_kern: dict[str, int]
    themes: list[ThemeSummary]
    weeks: list[date]
    moderation: dict[str, int]
    #: Hidden or rejected input by standard reason (latest decision only; no free text).
    moderation_reasons: dict[str, int]
    consultation_answers: list[OfficialResponse]
    signals: list[Signal] = field(default_factory=list)
    #: Opinion groups and common ground from the votes (None when voting is off).
    common_ground: CommonGroundView | None = None
    options: SummaryOptions = field(default_factory=SummaryOptions)

    def show(self, count: int | None) -> str:
        """Render a count, hiding it below the privacy threshold ("< 5")."""
        if count is None:
            return "–"
        if 0 < count < self.threshold:
            return f"< {self.threshold}"
        return str(count)

    def share(self, share: float | None, count: int) -> str:
        """Render a share as a percentage, only where the part and the whole reach the threshold.

        20% of 5 is one person: the share would reveal the small count it is made of.
        """
        if share is None or count < self.threshold or round(share * count) < self.threshold:
            return "–"
        return f"{round(share * 100)}%"


def published_filter(consultation: Consultation, options: SummaryOptions) -> list:
    """Return the WHERE clauses for the published input a summary covers."""
    clauses = [
        Contribution.consultation_id == consultation.id,
        Contribution.status == ContributionStatus.PUBLISHED,
    ]
    return clauses + scope_filter(consultation, options)


def scope_filter(consultation: Consultation, options: SummaryOptions) -> list:
    """Return the WHERE clauses for the options' date range, kernen and themes."""
    clauses = []
    if options.date_from:
        clauses.append(
            Contribution.given_at >= datetime.combine(options.date_from, datetime.min.time())
        )
    if options.date_to:
        clauses.append(
            Contribution.given_at <= datetime.combine(options.date_to, datetime.max.time())
        )
    if options.kernen:
        kern_ids = [a.id for a in consultation.kernen if a.name in options.kernen]
        clauses.append(Contribution.kern_id.in_(kern_ids))
    if options.theme_keys:
        clauses.append(Contribution.theme_key.in_(options.theme_keys))
    return clauses


@dataclass(frozen=True)
class _Counts:
    """The published input a report covers, counted in one pass (and participants in one)."""

    total: int
    participants: int
    by_channel: dict[str, int]
    by_kern: dict[str, int]
    #: Theme key → (input, negative input).
    by_theme: dict[str, tuple[int, int]]


def _counts(where: list) -> _Counts:
    """Count the published input by channel, kern and theme in one grouped query.

    Participants are the accounts that gave input; input without an account counts one each.
    """
    accounts, anonymous = db.session.execute(
        select(
            func.count(func.distinct(Contribution.author_id)),
            func.count(Contribution.id).filter(Contribution.author_id.is_(None)),
        ).where(*where)
    ).one()
    by_channel: dict[str, int] = {}
    by_kern: dict[str, int] = {}
    by_theme: dict[str, tuple[int, int]] = {}
    rows = db.session.execute(
        select(
            Contribution.channel,
            Kern.name,
            Contribution.theme_key,
            func.count(Contribution.id),
            func.count(Contribution.id).filter(Contribution.negative.is_(True)),
        )
        .outerjoin(Kern, Contribution.kern_id == Kern.id)
        .where(*where)
        .group_by(Contribution.channel, Kern.name, Contribution.theme_key)
    )
    for channel, kern, theme_key, n, negative in rows:
        name = getattr(channel, "value", channel)
        by_channel[name] = by_channel.get(name, 0) + n
        if kern is not None:
            by_kern[kern] = by_kern.get(kern, 0) + n
        if theme_key is not None:
            size, negatives = by_theme.get(theme_key, (0, 0))
            by_theme[theme_key] = (size + n, negatives + (negative or 0))
    return _Counts(
        total=sum(by_channel.values()),
        participants=(accounts or 0) + (anonymous or 0),
        by_channel=by_channel,
        by_kern=by_kern,
        by_theme=by_theme,
    )


def _by_status(consultation: Consultation, options: SummaryOptions) -> dict[str, int]:
    rows = db.session.execute(
        select(Contribution.status, func.count(Contribution.id))
        .where(
            Contribution.consultation_id == consultation.id, *scope_filter(consultation, options)
        )
        .group_by(Contribution.status)
    )
    return {getattr(status, "value", status): n for status, n in rows}


def _answers(consultation: Consultation) -> tuple[list[OfficialResponse], dict[str, list]]:
    """Return the answers on the consultation as a whole, and those on each theme (by key)."""
    whole: list[OfficialResponse] = []
    by_theme: dict[str, list[OfficialResponse]] = {}
    for response in db.session.scalars(
        select(OfficialResponse)
        .where(
            OfficialResponse.consultation_id == consultation.id,
            OfficialResponse.theme_key.is_not(None) | OfficialResponse.contribution_id.is_(None),
        )
        .order_by(OfficialResponse.created_at, OfficialResponse.id)
    ):
        if response.theme_key is not None:
            by_theme.setdefault(response.theme_key, []).append(response)
        elif response.contribution_id is None:
            whole.append(response)
    return whole, by_theme


def build_summary(consultation: Consultation, options: SummaryOptions | None = None) -> Summary:
    """Collect the facts, numbers, themes, quotes, signals and answers of a consultation."""
    from dialogue.themes.dashboard import weekly_theme_counts

    options = options or SummaryOptions()
    where = published_filter(consultation, options)
    weeks, weekly_by_key = weekly_theme_counts(consultation.id, weeks=12)
    threshold = int(current_app.config["PRIVACY_THRESHOLD"])
    counts = _counts(where)
    whole_answers, theme_answers = _answers(consultation)
    signals = list(
        db.session.scalars(
            select(Signal)
            .where(Signal.consultation_id == consultation.id)
            .order_by(Signal.period_start, Signal.id)
        )
    )
    facts = _ThemeFacts(weeks, weekly_by_key, theme_answers, signals, threshold, counts.by_theme)
    return Summary(
        consultation=consultation,
        municipality=consultation.municipality.name,
        generated_at=datetime.now(),
        threshold=threshold,
        period=(
            (consultation.opens_at.date() if consultation.opens_at else None),
            (consultation.closes_at.date() if consultation.closes_at else None),
        ),
        kernen=[a.name for a in consultation.kernen],
        total=counts.total,
        participants=counts.participants,
        by_channel=counts.by_channel,
        by_kern=counts.by_kern,
        themes=_theme_summaries(consultation, where, facts),
        weeks=weeks,
        moderation=_by_status(consultation, options),
        moderation_reasons=removal_reason_counts(consultation, scope_filter(consultation, options)),
        consultation_answers=whole_answers,
        signals=signals,
        common_ground=common_ground_view(consultation) if consultation.voting else None,
        options=options,
    )


@dataclass(frozen=True)
class _ThemeFacts:
    """What build_summary read once and every theme's summary takes its part of."""

    weeks: list[date]
    weekly_by_key: dict[str, list[int]]
    answers: dict[str, list[OfficialResponse]]
    signals: list[Signal]
    threshold: int
    #: Theme key → (input, negative input) in the report's scope.
    sizes: dict[str, tuple[int, int]]


def _theme_summaries(consultation, where, facts: _ThemeFacts) -> list[ThemeSummary]:
    themes = {
        t.key: t
        for t in db.session.scalars(
            select(Theme).filter_by(consultation_id=consultation.id, active=True)
        )
    }
    signals: dict[str | None, list[Signal]] = {}
    for signal in facts.signals:
        signals.setdefault(signal.theme_key, []).append(signal)
    ranked = [
        (themes[key], size, negative / size)
        for key, (size, negative) in facts.sizes.items()
        if key in themes and size
    ]
    ranked.sort(key=lambda row: (-row[1], row[0].key))
    # A theme of a few residents is not quoted: in a small kern a quote names them.
    quotes = theme_quotes([t for t, size, _ in ranked if size >= facts.threshold], where)
    return [
        ThemeSummary(
            key=theme.key,
            label=printable(theme.label),
            size=size,
            negative_share=share,
            weekly=facts.weekly_by_key.get(theme.key, [0] * len(facts.weeks)),
            quotes=quotes.get(theme.key, []),
            answers=facts.answers.get(theme.key, []),
            status=theme.status.value,
            signals=signals.get(theme.key, []),
        )
        for theme, size, share in ranked
    ]


__all__ = ["SignalStatus", "Summary", "SummaryOptions", "ThemeSummary", "build_summary"]
