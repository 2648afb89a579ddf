"""Computing, storing and handling early-warning signals."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from dialogue.accounts.models import Role, User
from dialogue.answers.services import theme_answers
from dialogue.audit.services import record
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.municipalities.models import Kern
from dialogue.signals.models import WHOLE_KERN, Signal, SignalKind, SignalStatus
from dialogue.signals.privacy import privacy_threshold
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow

if TYPE_CHECKING:
    from nlp.signals import Signal as Alert

#: Longest reason an analyst may give when dismissing a signal.
REASON_MAX_LENGTH = 500
#: Reasons to dismiss a signal, their words in the council report, and how long a dismissal
#: for that reason keeps the same theme, kern and kind from raising a new signal.
DISMISS_REASONS = {
    "seizoen": (_l("Seizoen"), timedelta(weeks=12)),
    "bekend": (_l("Al bekend"), timedelta(weeks=6)),
    "geen_onvrede": (_l("Geen onvrede"), timedelta(weeks=6)),
    "anders": (_l("Anders"), timedelta(weeks=4)),
}


class SignalError(ValueError):
    """A signal action that cannot be carried out, with a message for the analyst."""


def signal_records(consultation_id: int) -> list[dict]:
    """Return theme, kern, date and polarity of every published contribution.

    Input without a theme or without a kern is there too: the detector counts it in its
    kern's total, or in its theme, and leaves out what has neither.
    """
    rows = db.session.execute(
        select(Contribution.theme_key, Kern.name, Contribution.given_at, Contribution.negative)
        .outerjoin(Kern, Contribution.kern_id == Kern.id)
        .where(
            Contribution.consultation_id == consultation_id,
            Contribution.status == ContributionStatus.PUBLISHED,
            Contribution.theme_key.is_not(None) | Contribution.kern_id.is_not(None),
        )
    ).all()
    return [
        {"theme": key, "area": kern, "created_at": created, "negative": bool(negative)}
        for key, kern, created, negative in rows
    ]


def weeks_to_test(previous_run: datetime | None, now: datetime) -> int | None:
    """Return how many recent weeks a run must test: all of them on the first run.

    Every week is tested at least once, also when analyses ran rarely or never before (a
    consultation loaded or imported at once), so a surge is never missed between runs.
    """
    if previous_run is None:
        return None
    return max(2, math.ceil((now - previous_run).days / 7) + 1)


def refresh_signals(
    consultation: Consultation, *, now: datetime | None = None, previous_run: datetime | None = None
) -> list[Signal]:
    """Detect signals for the weeks not tested before and store the new ones; return those.

    Each untested week is judged as a weekly run at its end would have judged it
    (`nlp.signals.detect_history`), so a consultation analysed for the first time, or after a
    pause, still gets the signals of the weeks in between. Explanations are written with
    counts below the privacy threshold as "< 5", for new and refreshed signals alike.
    """
    from nlp.signals import Settings, detect_history

    now = now or utcnow()
    weeks = weeks_to_test(previous_run, now)
    labels = {
        theme.key: theme.label
        for theme in db.session.scalars(select(Theme).filter_by(consultation_id=consultation.id))
    }
    settings = Settings.from_environment(privacy_threshold=privacy_threshold())
    found = detect_history(
        signal_records(consultation.id), now=now, labels=labels, settings=settings
    )
    if weeks is not None:
        first_week = (now - timedelta(weeks=weeks)).date()
        found = [item for item in found if date.fromisoformat(item.period_end) >= first_week]
    kernen = {kern.name: kern.id for kern in consultation.municipality.kernen}
    existing = {
        (s.theme_key, s.scope, s.kind.value, s.period_start): s
        for s in db.session.scalars(select(Signal).filter_by(consultation_id=consultation.id))
    }
    resave_masked(existing.values())
    quiet = quiet_series(consultation.id)
    keyed = [(item, *signal_key(item, kernen)) for item in found]
    unclaimed = set(existing) - {(i.theme, scope, i.kind, start) for i, _, scope, start in keyed}
    new = []
    for item, kern_id, scope, start in keyed:
        stored = existing.get((item.theme, scope, item.kind, start))
        if stored is None and (earlier := same_event(item, start, kernen, unclaimed)):
            unclaimed.discard(earlier)
            stored = existing[earlier]  # the event grew: a kern's rise its theme now joins
            stored.theme_key, stored.kern_id, stored.scope = item.theme, kern_id, scope
        if stored is not None:
            update_signal(stored, item)
        elif not is_quiet(quiet, item, scope, start):
            new.append(add_signal(consultation, item, kern_id, scope))
        # else: an analyst dismissed this series' last signal, and it is quiet for a while
    db.session.flush()
    notify_analysts(consultation, new)
    return new


def signal_key(item: Alert, kernen: dict[str, int]) -> tuple[int | None, str, date]:
    """Return the kern id, scope and first day under which a detected alert is stored."""
    kern_id = kernen.get(item.area) if item.area else None
    scope = str(kern_id) if kern_id else "all"
    if kern_id and item.whole_kern:
        scope = f"{WHOLE_KERN}{kern_id}"
    return kern_id, scope, date.fromisoformat(item.period_start)


def same_event(item: Alert, start: date, kernen: dict[str, int], unclaimed: set) -> tuple | None:
    """Return the key of a stored signal of the same event under an earlier shape, if any.

    An event starts as a kern's rise, alone or with its theme in that kern, and grows into
    its theme's alert the week after: the same first week and kind, and the stored signal
    was about one of the kernen the alert now names. That stored signal is then
    updated (one alert per event), with the analyst's decision kept.
    """
    kern_ids = {str(kernen[name]) for name in item.areas if name in kernen}
    for key in sorted(unclaimed, key=str):
        _, scope, kind, first = key
        if kind == item.kind and first == start and scope.removeprefix(WHOLE_KERN) in kern_ids:
            return key
    return None


def is_quiet(quiet: dict[tuple[str, str, str], date], item: Alert, scope: str, start: date) -> bool:
    """Whether a dismissal keeps the alert's series quiet: its theme, kern and kind.

    A kern's rise over all its input is quiet after any such alert of that kern was
    dismissed, whichever theme carried it.
    """
    if scope.startswith(WHOLE_KERN):
        until = max(
            (day for (_, s, kind), day in quiet.items() if s == scope and kind == item.kind),
            default=date.min,
        )
    else:
        until = quiet.get((item.theme, scope, item.kind), date.min)
    return start <= until


def update_signal(stored: Signal, item: Alert) -> None:
    """Take fresher numbers (or more weeks) of the same event; keep the analyst's decision.

    Like a new signal, the text is saved through `Signal.explanation`, which masks.
    """
    stored.score, stored.p_value = item.score, item.p_value
    stored.period_end = date.fromisoformat(item.period_end)
    stored.explanation = item.explanation
    stored.main_kernen = main_kernen(item)


def main_kernen(item: Alert) -> list[str]:
    """Return the kernen a rise over the whole consultation came mostly from (at most three)."""
    return [] if item.area else list(item.areas[:3])


def add_signal(consultation: Consultation, item: Alert, kern_id: int | None, scope: str) -> Signal:
    """Store a new signal of the detector (`nlp.signals.Signal`) for the consultation."""
    signal = Signal(
        consultation_id=consultation.id,
        municipality_id=consultation.municipality_id,
        theme_key=item.theme,
        kern_id=kern_id,
        scope=scope,
        kind=SignalKind(item.kind),
        period_start=date.fromisoformat(item.period_start),
        period_end=date.fromisoformat(item.period_end),
        score=item.score,
        p_value=item.p_value,
        explanation=item.explanation,
        main_kernen=main_kernen(item),
    )
    db.session.add(signal)
    return signal


def quiet_series(consultation_id: int) -> dict[tuple[str, str, str], date]:
    """Return, per (theme, scope, kind), the last day dismissals keep it quiet."""
    rows = db.session.execute(
        select(Signal.theme_key, Signal.scope, Signal.kind, func.max(Signal.quiet_until))
        .where(Signal.consultation_id == consultation_id, Signal.quiet_until.is_not(None))
        .group_by(Signal.theme_key, Signal.scope, Signal.kind)
    ).all()
    return {(theme, scope, kind.value): until for theme, scope, kind, until in rows}


def resave_masked(signals: Iterable[Signal]) -> None:
    """Save the texts of older weeks masked too (an earlier version saved small counts)."""
    for signal in signals:
        # The model masks on reading and on saving; only a changed text is written.
        signal.explanation = signal.stored_explanation


def notify_analysts(consultation: Consultation, signals: list[Signal]) -> None:
    """E-mail the municipality's analysts once about signals they were not told about."""
    from dialogue.mail import send_email

    pending = [s for s in signals if s.notified_at is None]
    if not pending:
        return
    analysts = db.session.scalars(
        select(User).where(
            User.municipality_id == consultation.municipality_id,
            User.role.in_([Role.ANALYST, Role.ADMIN]),
            User.active.is_(True),
            User.email.is_not(None),
        )
    ).all()
    for analyst in analysts:
        send_email(
            analyst.email,
            str(_l("Nieuwe signalen in %(title)s", title=consultation.title)),
            "signals_new",
            user=analyst,
            consultation=consultation,
            signals=pending,
        )
    for signal in pending:
        signal.notified_at = utcnow()


def signal_quotes(signal: Signal, limit: int = 3) -> list[Contribution]:
    """Return recent published input of the signal's theme (and kern) in its period."""
    start = datetime.combine(signal.period_start, time.min)
    end = datetime.combine(signal.period_end, time.min) + timedelta(days=1)
    query = select(Contribution).where(
        Contribution.consultation_id == signal.consultation_id,
        Contribution.theme_key == signal.theme_key,
        Contribution.status == ContributionStatus.PUBLISHED,
        Contribution.given_at >= start,
        Contribution.given_at < end,
    )
    if signal.whole_kern:  # a kern's rise over all its input: quotes from all its themes
        query = select(Contribution).where(
            Contribution.consultation_id == signal.consultation_id,
            Contribution.kern_id == signal.kern_id,
            Contribution.status == ContributionStatus.PUBLISHED,
            Contribution.given_at >= start,
            Contribution.given_at < end,
        )
    elif signal.kern_id:
        query = query.where(Contribution.kern_id == signal.kern_id)
    if signal.kind == SignalKind.RISING_DISCONTENT:
        query = query.order_by(Contribution.discontent.desc().nulls_last(), Contribution.id)
    else:
        query = query.order_by(Contribution.given_at.desc())
    return list(db.session.scalars(query.limit(limit)))


def acknowledge(signal: Signal, user: User, response_id: int | None = None) -> None:
    """Mark a signal as seen and handled, optionally linked to a public answer."""
    _decide(signal, user, SignalStatus.ACKNOWLEDGED, None)
    signal.response_id = response_id
    record("signal.acknowledge", signal, details={"response": response_id})


def take_up(signal: Signal, user: User) -> None:
    """Acknowledge a signal, linked to the newest public answer on its theme (if any)."""
    answers = theme_answers(signal.consultation_id, signal.theme_key)
    acknowledge(signal, user, answers[0].id if answers else None)


def dismiss(signal: Signal, user: User, reason: str, note: str = "") -> None:
    """Dismiss a signal with a reason; it quiets the same theme, kern and kind for a while.

    `reason` is a key of DISMISS_REASONS; "anders" needs a note in the analyst's own words.
    The quiet time runs from the end of the signal's period (DISMISS_REASONS).
    """
    if reason not in DISMISS_REASONS:
        raise SignalError(_l("Kies een reden."))
    note = " ".join((note or "").split())
    if reason == "anders" and not note:
        raise SignalError(_l("Geef een reden op."))
    label, quiet = DISMISS_REASONS[reason]
    text = f"{label}: {note}" if note else str(label)
    if len(text) > REASON_MAX_LENGTH:
        raise SignalError(_l("De reden is te lang (maximaal 500 tekens)."))
    _decide(signal, user, SignalStatus.DISMISSED, text)
    signal.quiet_until = signal.period_end + quiet
    record("signal.dismiss", signal, reason=text, details={"quiet_until": str(signal.quiet_until)})


def decision_counts(consultation_id: int) -> dict[str, int]:
    """Return how many signals of a consultation are new, taken up and dismissed (by status)."""
    rows = db.session.execute(
        select(Signal.status, func.count(Signal.id))
        .where(Signal.consultation_id == consultation_id)
        .group_by(Signal.status)
    ).all()
    counts = dict.fromkeys((status.value for status in SignalStatus), 0)
    counts.update({SignalStatus(status).value: count for status, count in rows})
    return counts


def strongest_open_signals(municipality_id: int, limit: int = 3) -> list[Signal]:
    """Return the strongest new signals of a municipality (the officials' home page)."""
    return list(
        db.session.scalars(
            select(Signal)
            .where(Signal.municipality_id == municipality_id, Signal.status == SignalStatus.NEW)
            .order_by(Signal.score.desc(), Signal.period_start.desc(), Signal.id)
            .limit(limit)
        )
    )


def _decide(signal: Signal, user: User, status: SignalStatus, reason: str | None) -> None:
    signal.status, signal.status_reason = status, reason
    signal.decided_by_id, signal.decided_at = user.id, utcnow()
