"""Small weekly charts: counts below the privacy threshold sit in a marked "< 5" band.

A week with 1 to 4 contributions is neither drawn as zero (which would hide that something
happened) nor at its height (which the privacy rule does not allow): it sits in the middle of a
grey band at the bottom of the chart, and gets a marker. Weeks without input are on the base line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH, HEIGHT = 96, 24
#: Base line of zero weeks, and the band of small counts just above it.
BASE = HEIGHT - 2
BAND = 6


@dataclass(frozen=True)
class Sparkline:
    """The pieces of one sparkline in SVG user units (viewBox 0 0 96 24)."""

    points: str
    band_top: float = BASE - BAND
    band_height: float = BAND
    #: (x, y) of each week with a count below the threshold.
    small: list[tuple[float, float]] = field(default_factory=list)


def sparkline(weekly: list[int], threshold: int) -> Sparkline:
    """Return the line, the "< 5" band and the markers of small weeks for weekly counts."""
    if not weekly:
        return Sparkline("")
    top = max([n for n in weekly if n >= threshold], default=threshold)
    step = WIDTH / max(len(weekly) - 1, 1)
    band_middle = BASE - BAND / 2
    coordinates = []
    small = []
    for i, n in enumerate(weekly):
        x = round(i * step, 1)
        if n == 0:
            y = float(BASE)
        elif n < threshold:
            y = band_middle
            small.append((x, y))
        else:  # from the top of the band (the threshold) up to the top of the chart
            y = BASE - BAND - (n - threshold) / max(top - threshold, 1) * (BASE - BAND - 2)
        coordinates.append(f"{x:.1f},{y:.1f}")
    return Sparkline(" ".join(coordinates), small=small)
