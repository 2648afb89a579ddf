"""Thresholds of the detector, and the one setting that moves them: the false-alarm budget."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace

#: Alerts per 50 series-months that do not fall on a surge week, if nobody says otherwise.
DEFAULT_BUDGET = 1.0
BUDGET_VARIABLE = "KERNPUNT_SIGNAL_BUDGET"
SHEWHART = "shewhart"
CUSUM = "cusum"


@dataclass(frozen=True)
class Settings:
    """Tuning of the detector; the defaults are those of budget 1 (see `for_budget`)."""

    baseline_weeks: int = 8  #: trailing weeks that make the recent usual level
    dispersion_weeks: int = 26  #: trailing weeks that measure how much a series varies
    min_history_weeks: int = 13  #: weeks since a series' first text before it may alarm
    min_active_weeks: int = 8  #: weeks with input before a series may alarm
    season_window: int = 2  #: the same week of earlier years, give or take this many weeks
    season_years: int = 3  #: earlier years that make the seasonal usual level
    min_count: int = 5  #: fewest texts in a week for any alert
    min_ratio: float = 2.75  #: a week must be at least this many times its usual level ...
    min_excess: float = 8.0  #: ... and this many texts above it
    kern_share: float = 0.75  #: a kern carrying this share of its theme's rise takes its excess
    alpha: float = 0.001  #: largest one-sided p-value of a week against its usual level
    method: str = SHEWHART  #: "shewhart" (each week on its own) or "cusum" (NB CUSUM)
    cusum_shift: float = 2.0  #: the CUSUM looks for a rise to this many times usual
    cusum_limit: float = 5.0  #: the CUSUM alarms when its log-likelihood sum passes this
    continue_ratio: float = 1.5  #: an open alert goes on while weeks stay this far above usual
    max_event_weeks: int = 8  #: ... for at most this many weeks (then it is the new usual)
    share_rise: float = 0.15  #: rising discontent: the negative share up by this much ...
    share_ratio: float = 1.5  #: ... and this many times the usual share
    lookback_weeks: int | None = 2  #: `detect` reports alerts open in these recent weeks
    privacy_threshold: int = 5  #: counts below this read "< 5" in explanations (0: show all)

    @classmethod
    def for_budget(cls, budget: float | None = None, **overrides: object) -> Settings:
        """Return the settings for a false-alarm budget (alerts per 50 series-months).

        Budget 1 is the tuned default (docs/nlp.md). A larger budget lowers the ratio floor
        and raises the p-value limit, a smaller one does the opposite: both move by the
        budget's logarithm, so budget 2 or 4 finds more rises, budget 0.5 fewer.
        """
        budget = DEFAULT_BUDGET if budget is None else budget
        if not math.isfinite(budget) or budget <= 0:
            raise ValueError(f"{BUDGET_VARIABLE} moet een positief getal zijn, niet {budget}")
        step = math.log2(budget)
        base = cls()
        tuned = replace(
            base,
            min_ratio=max(1.2, base.min_ratio - 0.25 * step),
            alpha=min(0.05, base.alpha * 2.0**step),
            cusum_limit=max(1.0, base.cusum_limit - step),
        )
        return replace(tuned, **overrides)  # type: ignore[arg-type]

    @classmethod
    def from_environment(cls, **overrides: object) -> Settings:
        """Return the settings for the budget in KERNPUNT_SIGNAL_BUDGET (default 1)."""
        raw = os.environ.get(BUDGET_VARIABLE, "").strip()
        try:
            budget = float(raw.replace(",", ".")) if raw else None
        except ValueError:
            raise ValueError(f"{BUDGET_VARIABLE} moet een getal zijn, niet {raw!r}") from None
        return cls.for_budget(budget, **overrides)
