"""The weekly chart as PNG for the Word document (matplotlib), from the data of charts.py.

Word cannot take the report's SVG through python-docx, so the Word report (built by a job,
never in a request) draws the same weeks, themes and "< 5" band with matplotlib.
"""

from __future__ import annotations

import io
import math
import warnings
from typing import TYPE_CHECKING

from dialogue.exports.charts import BAND_COLOUR, COLOURS, chart_data
from dialogue.exports.glyphs import printable
from dialogue.exports.summary import Summary

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def weekly_volume_png(summary: Summary) -> bytes | None:
    """Draw the report's weekly chart as PNG, or return None without data."""
    figure = weekly_volume_figure(summary)
    if figure is None:
        return None
    from matplotlib import pyplot as plt

    png = io.BytesIO()
    with warnings.catch_warnings():
        # Labels in scripts the font lacks would show as boxes; emoji are already dropped.
        warnings.filterwarnings(
            "ignore", message="Glyph .* missing from font", category=UserWarning
        )
        figure.savefig(png, format="png", dpi=150)
    plt.close(figure)
    return png.getvalue()


def weekly_volume_figure(summary: Summary) -> Figure | None:
    """Return the matplotlib figure of the weekly chart (the caller closes it), or None."""
    data = chart_data(summary)
    if data is None:
        return None
    import matplotlib

    matplotlib.use("Agg")
    # Theme names are residents' words: "$500 naar $700" is money, not TeX, and "$x^$" must
    # not make mathtext fail the whole report. All chart text is plain text.
    with matplotlib.rc_context({"text.parse_math": False}):
        return _draw(summary, *data)


def _draw(summary: Summary, weeks: list, themes: list) -> Figure:
    """Draw one line per theme; weeks below the privacy threshold are markers in a band."""
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    threshold = summary.threshold
    figure, axes = plt.subplots(figsize=(7.2, 3.4), dpi=100)
    labels = [w.strftime("%d-%m") for w in weeks]
    axes.axhspan(0, threshold, color=BAND_COLOUR, linewidth=0, label=f"< {threshold}")
    for number, theme in enumerate(themes):
        weekly = theme.weekly[-len(weeks) :]
        colour = COLOURS[number % len(COLOURS)]
        shown = [n if n >= threshold or n == 0 else math.nan for n in weekly]
        small = [threshold / 2 if 0 < n < threshold else math.nan for n in weekly]
        label = printable(theme.label)[:40]
        axes.plot(labels, shown, marker="o", linewidth=1.8, color=colour, label=label)
        axes.plot(
            labels,
            small,
            linestyle="none",
            marker="D",
            markersize=6,
            markerfacecolor="white",
            color=colour,
        )
    axes.set_ylabel("inbreng per week")
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", alpha=0.3)
    axes.tick_params(axis="x", labelrotation=45, labelsize=8)
    # Beside the chart, so that it never covers a line.
    axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    figure.tight_layout()
    return figure
