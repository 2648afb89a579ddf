"""Charts for the printed report (matplotlib, SVG), with small counts left out."""

from __future__ import annotations

import io
import math
import warnings
from typing import TYPE_CHECKING

from dialogue.exports.summary import Summary, ThemeSummary

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def weekly_volume_svg(summary: Summary, limit: int = 6) -> str | None:
    """Return an SVG line chart of weekly input of the largest themes, or None without data."""
    themes = [t for t in summary.themes[:limit] if t.weekly and any(t.weekly)]
    if not themes or not summary.weeks:
        return None
    import matplotlib

    matplotlib.use("Agg")
    # Theme names are residents' words: "$500 naar $700" is money, not TeX, and "$x^$" must
    # not make mathtext fail the whole report. All chart text is plain text.
    with matplotlib.rc_context({"text.parse_math": False}):
        figure = _draw_weekly_volume(summary, themes)
        out = io.StringIO()
        with warnings.catch_warnings():
            # Labels may hold emoji or scripts the font lacks: they render as boxes, fine.
            warnings.filterwarnings(
                "ignore", message="Glyph .* missing from font", category=UserWarning
            )
            figure.tight_layout()
            figure.savefig(out, format="svg")
    from matplotlib import pyplot as plt

    plt.close(figure)
    svg = out.getvalue()
    return svg[svg.index("<svg") :]


def _draw_weekly_volume(summary: Summary, themes: list[ThemeSummary]) -> Figure:
    """Draw one line per theme; weeks below the privacy threshold are left out."""
    from matplotlib import pyplot as plt

    figure, axes = plt.subplots(figsize=(7.2, 3.4), dpi=100)
    labels = [w.strftime("%d-%m") for w in summary.weeks]
    for theme in themes:
        # A week below the threshold is not drawn: the line has a gap there.
        values = [n if n >= summary.threshold else math.nan for n in theme.weekly]
        axes.plot(labels, values, marker="o", linewidth=1.8, label=theme.label[:40])
    axes.set_ylabel("bijdragen per week")
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    axes.tick_params(axis="x", labelrotation=45, labelsize=8)
    axes.legend(fontsize=7, frameon=False, loc="upper left")
    return figure
