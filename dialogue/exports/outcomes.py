"""What the municipality did with each signal, in words for the council report."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from dialogue.answers.models import OfficialResponse
from dialogue.exports.glyphs import printable
from dialogue.exports.summary import Summary
from dialogue.extensions import db
from dialogue.i18n import day
from dialogue.signals.models import Signal, SignalStatus

#: Longest part of an answer quoted after a signal (the whole answer is under its theme).
ANSWER_CHARS = 240


def _shortened(text: str) -> str:
    text = " ".join(printable(text).split())
    return text if len(text) <= ANSWER_CHARS else text[: ANSWER_CHARS - 1].rsplit(" ", 1)[0] + "…"


def signal_outcome(signal: Signal, answer: OfficialResponse | None) -> str:
    """Return "opgepakt op …, antwoord: …", "afgewezen: reden" or "nog niet opgepakt"."""
    if signal.status == SignalStatus.ACKNOWLEDGED:
        taken_up = (
            _("opgepakt op %(date)s", date=day(signal.decided_at))
            if signal.decided_at
            else _("opgepakt")
        )
        if answer is None:
            return _("%(taken_up)s, nog geen openbaar antwoord", taken_up=taken_up)
        return _(
            "%(taken_up)s, antwoord: “%(answer)s”",
            taken_up=taken_up,
            answer=_shortened(answer.text),
        )
    if signal.status == SignalStatus.DISMISSED:
        return _(
            "afgewezen: %(reason)s",
            reason=printable(signal.status_reason or "") or _("geen reden opgegeven"),
        )
    return _("nog niet opgepakt")


def signal_rows(summary: Summary) -> list[tuple[str, str]]:
    """Return (explanation, what the municipality did) for every signal in the report.

    The answer is the one linked when the signal was taken up, else the newest answer on its
    theme.
    """
    linked_ids = {s.response_id for s in summary.signals if s.response_id}
    linked = {}
    if linked_ids:
        linked = {
            r.id: r
            for r in db.session.scalars(
                select(OfficialResponse).where(OfficialResponse.id.in_(linked_ids))
            )
        }
    newest_on_theme = {t.key: t.answers[-1] for t in summary.themes if t.answers}
    return [
        (
            printable(signal.explanation),
            signal_outcome(
                signal, linked.get(signal.response_id) or newest_on_theme.get(signal.theme_key)
            ),
        )
        for signal in summary.signals
    ]
