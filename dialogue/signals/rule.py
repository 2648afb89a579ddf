"""The signal rule in numbers, for the texts that explain it (signals page, council report)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignalRule:
    """What a week must reach before it gives a signal, as the detector is set now."""

    min_ratio: float  #: times the usual weekly number of contributions ...
    min_excess: int  #: ... and at least this many contributions above it
    share_points: int  #: rising discontent: the negative share up by this many points
    history_weeks: int  #: weeks a new theme waits before it can give a signal

    def dutch(self) -> dict[str, str]:
        """Return the numbers as a Dutch text writes them ("2,75")."""
        return {
            "ratio": dutch_number(self.min_ratio),
            "excess": str(self.min_excess),
            "points": str(self.share_points),
            "weeks": str(self.history_weeks),
        }


def signal_rule() -> SignalRule:
    """Return the detector's thresholds under KERNPUNT_SIGNAL_BUDGET."""
    from nlp.signals import Settings

    settings = Settings.from_environment()
    return SignalRule(
        min_ratio=settings.min_ratio,
        min_excess=round(settings.min_excess),
        share_points=round(100 * settings.share_rise),
        history_weeks=settings.min_history_weeks,
    )


def dutch_number(value: float) -> str:
    """Return 2.75 as "2,75" and 3.0 as "3"."""
    return f"{value:g}".replace(".", ",")
