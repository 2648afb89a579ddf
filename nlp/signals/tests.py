"""The statistical tests, replayed week by week: each week sees only the weeks before it.

Volume: the week's count against a negative-binomial predictive of its usual level. "Usual"
is the larger of the recent level (the median of the trailing weeks, which one or two surge
weeks among them do not lift) and, once a year of history exists, the seasonal level (the
same weeks of earlier years). A week alarms only when the test is significant *and* the rise
matters in practice: at least `min_ratio` times usual and `min_excess` texts above it (a kern
that carries most of its theme's rise may take the theme's excess, see `_practical`). A week
that is unusual for the last weeks but not for the time of year, because earlier years rose
just as much then, is a *seasonal* alert. With `method="cusum"` a negative-binomial CUSUM (a
log-likelihood ratio sum for a rise to `cusum_shift` times usual) replaces the one-week test.

Discontent: the week's negative texts against a beta-binomial predictive from the trailing
share, with the same practical floor idea (share up by `share_rise` and `share_ratio` times).

An alert that starts stays open while the following weeks remain `continue_ratio` above the
level it started from: one event, one alert.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from nlp.signals.settings import CUSUM, Settings

WEEKS_PER_YEAR = 52
MAX_BASELINE_TEXTS = 60  #: the trailing share of negative texts counts as at most this many
RISING_VOLUME = "rising_volume"
RISING_DISCONTENT = "rising_discontent"


@dataclass
class Event:
    """One rise in one series: the weeks it lasted and the numbers that explain it."""

    row: int
    kind: str
    start: int
    end: int
    p_value: float
    strength: float  #: -log10 of the smallest p-value of the event's weeks
    usual: float  #: the usual weekly count (volume) or share (discontent) at the start
    usual_low: float  #: 20th percentile of the trailing weeks at the start
    usual_high: float  #: 80th percentile of the trailing weeks at the start
    observed: int  #: texts (volume) or negative texts (discontent) over the event's weeks
    total: int  #: texts over the event's weeks
    seasonal: bool = False  #: earlier years rose as much in the same weeks

    @property
    def excess(self) -> float:
        """Texts above the usual level over the event's weeks (volume)."""
        return self.observed - self.usual * (self.end - self.start + 1)


def strength(p_values: np.ndarray) -> np.ndarray:
    """Return -log10 p, capped at 300."""
    return np.minimum(-np.log10(np.maximum(p_values, 1e-300)), 300.0)


def predictive_sf(observed: np.ndarray, usual: np.ndarray, dispersion: np.ndarray, weeks: int):
    """Return P(X >= observed) under a gamma-Poisson predictive of the usual weekly level.

    The rate is known from `weeks` weeks at level `usual` (Jeffreys prior), widened by the
    series' over-dispersion, so a short or noisy baseline asks for more before it alarms.
    """
    shape = 0.5 + usual * weeks / dispersion
    rate = weeks / dispersion
    return stats.nbinom.sf(observed - 1, shape, rate / (rate + 1))


def cusum_increment(observed: np.ndarray, usual: np.ndarray, dispersion: np.ndarray, shift: float):
    """Return the log-likelihood ratio of a rise to `shift` x usual, per series (NB model)."""
    mean = np.maximum(usual, 0.5)
    size = np.where(dispersion > 1.0001, mean / np.maximum(dispersion - 1, 1e-4), 1e6)
    size = np.minimum(size, 1e6)
    raised = shift * mean
    return observed * np.log(raised * (mean + size) / (mean * (raised + size))) + size * np.log(
        (mean + size) / (raised + size)
    )


def dispersion_of(window: np.ndarray) -> np.ndarray:
    """Return variance over mean of the weeks, less two standard errors under Poisson (>= 1).

    The highest tenth of the weeks is left out: one earlier surge would otherwise make the
    series look so noisy that the next surge passes unnoticed.
    """
    weeks = window.shape[1]
    if weeks < 2:
        return np.ones(len(window))
    keep = max(2, weeks - max(1, weeks // 10))
    window = np.sort(window, axis=1)[:, :keep]
    weeks = keep
    mean = window.mean(axis=1)
    noise = 2 * np.sqrt(2 / (weeks - 1))
    return np.maximum(1.0, window.var(axis=1) / np.maximum(mean, 0.5) - noise)


def trailing(values: np.ndarray, window: int, reduce=np.median) -> np.ndarray:
    """Return series x weeks: `reduce` over the `window` weeks before each week (fewer early on).

    Computed for all weeks at once (a sliding window view); week 0 has no weeks before it and
    gets 0. With the median, a spike among the trailing weeks (an earlier incident) does not
    lift the usual level; a lasting change of level counts after half the window.
    """
    result = np.zeros(values.shape)
    weeks = values.shape[1]
    for week in range(1, min(window, weeks)):
        result[:, week] = reduce(values[:, :week], axis=1)
    if weeks > window:
        windows = np.lib.stride_tricks.sliding_window_view(values, window, axis=1)
        result[:, window:] = reduce(windows[:, : weeks - window], axis=2)
    return result


class Season:
    """The usual level at each time of year, and whether earlier years surged then."""

    def __init__(self, values: np.ndarray, settings: Settings) -> None:
        self.settings = settings
        span = 2 * settings.season_window + 1
        #: column c + window + 1: median / max of the weeks c - window .. c + window
        self.around = trailing(values, span)
        self.around_max = trailing(values, span, np.max)
        self.before = trailing(values, settings.baseline_weeks)

    def at(self, week: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the seasonal level of the week and whether earlier years surged then.

        The level is the median of the same weeks (± `season_window`) of each earlier year,
        averaged over the years (NaN without a year of history). A surge comes back every year
        when, in each earlier year with data, the highest of those weeks was a practical rise
        over the median of the weeks before them.
        """
        settings = self.settings
        count = len(self.around)
        levels, recurring = [], np.ones(count, dtype=bool)
        for year in range(1, settings.season_years + 1):
            low = week - year * WEEKS_PER_YEAR - settings.season_window
            if low - settings.baseline_weeks < 0:
                break
            end = low + 2 * settings.season_window + 1
            levels.append(self.around[:, end])
            recurring &= _practical(self.around_max[:, end], self.before[:, low], settings)
        if not levels:
            return np.full(count, np.nan), np.zeros(count, dtype=bool)
        return np.mean(levels, axis=0), recurring


def sf_where(mask: np.ndarray, observed, usual, dispersion, weeks: int) -> np.ndarray:
    """Return `predictive_sf` where the mask holds and 1 elsewhere (scipy is the slow part)."""
    p_values = np.ones(len(observed))
    if mask.any():
        p_values[mask] = predictive_sf(observed[mask], usual[mask], dispersion[mask], weeks)
    return p_values


class Tracker:
    """Open, extend and close the events of every series, week by week."""

    def __init__(self, series: int, kind: str) -> None:
        self.kind = kind
        self.events: list[Event] = []
        self.open = np.full(series, -1)  # index into events, -1 when no event is open
        self.level = np.zeros(series)  # the usual level an open event started from

    def is_open(self) -> np.ndarray:
        """Return which series have an open event."""
        return self.open >= 0

    def young(self, week: int, longest: int) -> np.ndarray:
        """Return which open events have lasted fewer than `longest` weeks."""
        starts = np.array([self.events[i].start if i >= 0 else week for i in self.open])
        return week - starts < longest

    def step(self, week: int, going_on: np.ndarray, p_values: np.ndarray, counts) -> None:
        """Extend the open events that go on and close the others."""
        observed, total = counts
        for row in np.flatnonzero(self.is_open()):
            event = self.events[self.open[row]]
            if not going_on[row]:
                self.open[row], self.level[row] = -1, 0.0
                continue
            event.end = week
            event.observed += int(observed[row])
            event.total += int(total[row])
            if p_values[row] < event.p_value:
                event.p_value = float(p_values[row])
                event.strength = float(strength(np.array([p_values[row]]))[0])

    def start(self, week: int, rows: np.ndarray, p_values, usual, ranges, counts, seasonal):
        """Open an event for each of the rows."""
        observed, total = counts
        for row in rows:
            self.open[row] = len(self.events)
            self.level[row] = usual[row]
            self.events.append(
                Event(
                    row=int(row),
                    kind=self.kind,
                    start=week,
                    end=week,
                    p_value=float(p_values[row]),
                    strength=float(strength(np.array([p_values[row]]))[0]),
                    usual=float(usual[row]),
                    usual_low=float(ranges[0][row]),
                    usual_high=float(ranges[1][row]),
                    observed=int(observed[row]),
                    total=int(total[row]),
                    seasonal=bool(seasonal[row]),
                )
            )


def history_ready(counts: np.ndarray, settings: Settings, parents: np.ndarray | None = None):
    """Return series x weeks: may this series alarm in this week (enough history before it)?

    A theme needs `min_history_weeks` since its first text and `min_active_weeks` weeks with
    input. A kern series is judged on its parent theme's history (`parents[row]` is the row
    of the theme): a kern where nothing happened before may well be where the surge starts.
    """
    active = np.cumsum(counts > 0, axis=1) - (counts > 0)  # active weeks before each week
    weeks = np.arange(counts.shape[1])
    has_input = counts.sum(axis=1) > 0
    first = np.where(has_input, np.argmax(counts > 0, axis=1), counts.shape[1])
    ready = (weeks[None, :] - first[:, None] >= settings.min_history_weeks) & (
        active >= settings.min_active_weeks
    )
    return ready if parents is None else ready[parents]


def volume_events(
    counts: np.ndarray, settings: Settings, parents: np.ndarray | None = None
) -> list[Event]:
    """Replay the volume test over every week; return the events (see `history_ready`)."""
    values = counts.astype(np.float64)
    ready = history_ready(counts, settings, parents)
    tracker = Tracker(len(values), RISING_VOLUME)
    cusum = np.zeros(len(values))
    recent_levels = trailing(values, settings.baseline_weeks)
    season_of = Season(values, settings)
    for week in range(1, values.shape[1]):
        window = values[:, max(0, week - settings.baseline_weeks) : week]
        recent = recent_levels[:, week]
        dispersion = dispersion_of(values[:, max(0, week - settings.dispersion_weeks) : week])
        season, recurring = season_of.at(week)
        usual = np.fmax(recent, season)
        observed = values[:, week]
        # Only open events and weeks over the practical floor need a p-value (usual >= recent).
        tested = tracker.is_open() | (
            ready[:, week] & _practical(observed, recent, settings, parents)
        )
        p_usual = sf_where(tested, observed, usual, dispersion, window.shape[1])
        p_recent = sf_where(tested, observed, recent, dispersion, window.shape[1])
        if settings.method == CUSUM:
            step = cusum_increment(observed, usual, dispersion, settings.cusum_shift)
            cusum = np.maximum(0.0, cusum + step)
            alarming = cusum >= settings.cusum_limit
        else:
            alarming = p_usual <= settings.alpha
        going_on = tracker.young(week, settings.max_event_weeks) & (
            (observed >= settings.continue_ratio * tracker.level)
            & (observed - tracker.level >= settings.min_excess / 2)
        )
        was_open = tracker.is_open()
        tracker.step(week, going_on, p_usual, (counts[:, week], counts[:, week]))
        free = ready[:, week] & ~was_open
        new = free & alarming & _practical(observed, usual, settings, parents)
        # Unusual for the last weeks, not for the time of year: reported as seasonal.
        seasonal = (
            free
            & ~new
            & (p_recent <= settings.alpha)
            & _practical(observed, recent, settings, parents)
            & (
                recurring
                | (
                    (season >= settings.continue_ratio * recent)
                    & (season - recent >= settings.min_excess / 2)
                )
            )
        )
        ranges = np.percentile(window, [20, 80], axis=1) if window.shape[1] else (usual, usual)
        counted = (counts[:, week], counts[:, week])
        started = np.flatnonzero(new | seasonal)
        p_start = np.where(new, p_usual, p_recent)
        level = np.where(new, usual, recent)
        tracker.start(week, started, p_start, level, ranges, counted, recurring | seasonal)
        cusum[started] = 0.0
    return tracker.events


def _practical(
    observed: np.ndarray, usual: np.ndarray, settings: Settings, parents: np.ndarray | None = None
) -> np.ndarray:
    """Return which series rise enough to matter: `min_count`, `min_ratio` and `min_excess`.

    With `parents`, a kern series may also take its excess from its theme: the kern rose
    `min_ratio` times and carries `kern_share` of a theme rise of `min_excess` texts or more.
    That is one event, as large as the theme's rise and as sharp as the kern's (a kern from
    0 to 7 texts while its theme went from 5.5 to 14).
    """
    excess = observed - usual
    enough = excess >= settings.min_excess
    if parents is not None:
        theme_excess = excess[parents]
        is_kern = parents != np.arange(len(parents))
        enough |= (
            is_kern
            & (theme_excess >= settings.min_excess)
            & (excess >= settings.kern_share * theme_excess)
        )
    return (observed >= settings.min_count) & (observed >= settings.min_ratio * usual) & enough


def discontent_events(
    counts: np.ndarray, negatives: np.ndarray, settings: Settings, parents: np.ndarray | None = None
) -> list[Event]:
    """Replay the rising-discontent test over every week; return the events.

    A week is judged only with enough texts in it and in its trailing weeks (at least
    `min_count` and the privacy threshold each), and with enough negative texts to give a
    share (half of `min_count`, rounded up).
    """
    floor = max(settings.min_count, settings.privacy_threshold)
    ready = history_ready(counts, settings, parents)
    tracker = Tracker(len(counts), RISING_DISCONTENT)
    base_negative = _trailing_sums(negatives, settings.baseline_weeks)
    base_total = _trailing_sums(counts, settings.baseline_weeks)
    for week in range(1, counts.shape[1]):
        observed, total = negatives[:, week], counts[:, week]
        alpha = 0.5 + base_negative[:, week]
        beta = 0.5 + base_total[:, week] - base_negative[:, week]
        shrink = np.minimum(1.0, MAX_BASELINE_TEXTS / (alpha + beta))
        alpha, beta = alpha * shrink, beta * shrink
        usual = alpha / (alpha + beta)
        share = np.divide(observed, total, out=np.zeros(len(total)), where=total > 0)
        candidates = tracker.is_open() | (
            ready[:, week]
            & (total >= floor)
            & (share >= usual + settings.share_rise)
            & (share >= settings.share_ratio * usual)
        )
        p_values = np.ones(len(total))
        if candidates.any():
            p_values[candidates] = stats.betabinom.sf(
                observed[candidates] - 1, total[candidates], alpha[candidates], beta[candidates]
            )
        going_on = (
            tracker.young(week, settings.max_event_weeks)
            & (total >= floor)
            & (share >= usual_or(tracker.level, usual) + 0.5 * settings.share_rise)
        )
        was_open = tracker.is_open()
        tracker.step(week, going_on, p_values, (observed, total))
        judged = (total >= floor) & (base_total[:, week] >= floor) & (observed >= floor // 2 + 1)
        new = (
            ready[:, week]
            & ~was_open
            & judged
            & (p_values <= settings.alpha)
            & (share >= usual + settings.share_rise)
            & (share >= settings.share_ratio * usual)
        )
        no_season = np.zeros(len(counts), dtype=bool)
        tracker.start(
            week, np.flatnonzero(new), p_values, usual, (usual, usual), (observed, total), no_season
        )
    return tracker.events


def usual_or(level: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Return the level an open event started from, or the fallback where none is open."""
    return np.where(level > 0, level, fallback)


def _trailing_sums(matrix: np.ndarray, window: int) -> np.ndarray:
    """Return series x weeks: the sum of the `window` weeks before each week."""
    padded = np.concatenate([np.zeros((len(matrix), 1)), np.cumsum(matrix, axis=1)], axis=1)
    weeks = np.arange(matrix.shape[1])
    start = np.maximum(weeks - window, 0)
    return padded[:, weeks] - padded[:, start]
