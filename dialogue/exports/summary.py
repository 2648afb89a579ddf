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


def _count(*where: object) -> int:
    return db.session.scalar(select(func.count(Contribution.id)).where(*where)) or 0


def _participants(where: list) -> int:
    """Count the accounts that gave input; input without an account counts one each."""
    accounts = (
        db.session.scalar(select(func.count(func.distinct(Contribution.author_id))).where(*where))
        or 0
    )
    return accounts + _count(*where, Contribution.author_id.is_(None))


def _by_channel(where: list) -> dict[str, int]:
    rows = db.session.execute(
        select(Contribution.channel, func.count(Contribution.id))
        .where(*where)
        .group_by(Contribution.channel)
    )
    return {getattr(channel, "value", channel): n for channel, n in rows}


def _by_kern(where: list) -> dict[str, int]:
    rows = db.session.execute(
        select(Kern.name, func.count(Contribution.id))
        .join(Kern, Contribution.kern_id == Kern.id)
        .where(*where)
        .group_by(Kern.name)
    )
    return dict(rows.all())


def _by_status(consultation: Consultation, options: SummaryOptions) -> dict[str, int]:
    rows = db.session.execute(
        select(Contribution.status, func.count(Contribution.id))
        .where(
            Contribution.consultation_id == consultation.id, *scope_filter(consultation, options)
        )
        .group_by(Contribution.status)
    )
    return {getattr(status, "value", status): n for status, n in rows}


def _consultation_answers(consultation: Consultation) -> list[OfficialResponse]:
    """Return the answers on the consultation as a whole (not on a theme or an input)."""
    return list(
        db.session.scalars(
            select(OfficialResponse)
            .where(
                OfficialResponse.consultation_id == consultation.id,
                OfficialResponse.theme_key.is_(None),
                OfficialResponse.contribution_id.is_(None),
            )
            .order_by(OfficialResponse.created_at)
        )
    )


def _signals(consultation: Consultation) -> list[Signal]:
    return list(
        db.session.scalars(
            select(Signal)
            .where(Signal.consultation_id == consultation.id)
            .order_by(Signal.period_start)
        )
    )


def build_summary(consultation: Consultation, options: SummaryOptions | None = None) -> Summary:
    """Collect the facts, numbers, themes, quotes, signals and answers of a consultation."""
    from dialogue.themes.dashboard import consultation_dashboard

    options = options or SummaryOptions()
    where = published_filter(consultation, options)
    board = consultation_dashboard(consultation, weeks=12)
    weekly_by_key = {row.theme.key: row.weekly for row in board.themes}
    threshold = int(current_app.config["PRIVACY_THRESHOLD"])
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
        total=_count(*where),
        participants=_participants(where),
        by_channel=_by_channel(where),
        by_kern=_by_kern(where),
        themes=_theme_summaries(consultation, where, weekly_by_key, threshold),
        weeks=board.weeks,
        moderation=_by_status(consultation, options),
        moderation_reasons=removal_reason_counts(consultation, scope_filter(consultation, options)),
        consultation_answers=_consultation_answers(consultation),
        signals=_signals(consultation),
        common_ground=common_ground_view(consultation) if consultation.voting else None,
        options=options,
    )


def _theme_summaries(consultation, where, weekly_by_key, threshold: int) -> list[ThemeSummary]:
    from sqlalchemy import case

    rows = db.session.execute(
        select(
            Contribution.theme_key,
            func.count(Contribution.id),
            func.avg(case((Contribution.negative.is_(True), 1.0), else_=0.0)),
        )
        .where(*where, Contribution.theme_key.is_not(None))
        .group_by(Contribution.theme_key)
    ).all()
    themes = {
        t.key: t
        for t in db.session.scalars(
            select(Theme).filter_by(consultation_id=consultation.id, active=True)
        )
    }
    answers: dict[str, list[OfficialResponse]] = {}
    for response in db.session.scalars(
        select(OfficialResponse)
        .where(
            OfficialResponse.consultation_id == consultation.id,
            OfficialResponse.theme_key.is_not(None),
        )
        .order_by(OfficialResponse.created_at)
    ):
        answers.setdefault(response.theme_key, []).append(response)
    signals: dict[str, list[Signal]] = {}
    for signal in db.session.scalars(select(Signal).filter_by(consultation_id=consultation.id)):
        signals.setdefault(signal.theme_key, []).append(signal)
    result = []
    for key, size, share in sorted(rows, key=lambda r: -r[1]):
        theme = themes.get(key)
        if theme is None:
            continue
        result.append(
            ThemeSummary(
                key=key,
                label=printable(theme.label),
                size=size,
                negative_share=None if share is None else float(share),
                weekly=weekly_by_key.get(key, []),
                # A theme of a few residents is not quoted: in a small kern a quote names them.
                quotes=theme_quotes(theme, where) if size >= threshold else [],
                answers=answers.get(key, []),
                status=theme.status.value,
                signals=signals.get(key, []),
            )
        )
    return result


__all__ = ["SignalStatus", "Summary", "SummaryOptions", "ThemeSummary", "build_summary"]
