"""Early warning: rising volume and rising discontent per theme and per kern.

- `series`: records to weekly counts per theme, per theme x kern and per kern (all its input);
- `tests`: the week-by-week tests (negative-binomial predictive with a practical floor,
  seasonal usual level, optional NB CUSUM; beta-binomial for the share of negative input);
- `detection`: events to alerts (one per event, kern rises under their theme), strongest first;
- `kerns`: a kern's rise over all its input, joined to its theme's alert or an alert of its own;
- `explanations`: the plain-Dutch texts, counts below the privacy threshold as "< 5";
- `settings`: the thresholds and the false-alarm budget (KERNPUNT_SIGNAL_BUDGET);
- `replay`: `python -m nlp evaluate-signals WEEKLY.csv` on real weekly counts.
"""

from nlp.signals.detection import Signal, detect, detect_history
from nlp.signals.explanations import (
    discontent_explanation,
    shown_count,
    usual_range,
    volume_explanation,
)
from nlp.signals.series import as_date
from nlp.signals.settings import BUDGET_VARIABLE, Settings
from nlp.signals.tests import RISING_DISCONTENT, RISING_VOLUME

__all__ = [
    "BUDGET_VARIABLE",
    "RISING_DISCONTENT",
    "RISING_VOLUME",
    "Settings",
    "Signal",
    "as_date",
    "detect",
    "detect_history",
    "discontent_explanation",
    "shown_count",
    "usual_range",
    "volume_explanation",
]
