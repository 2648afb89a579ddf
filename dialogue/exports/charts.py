"""The weekly chart of the printed report (matplotlib): SVG for the PDF, PNG for Word.

Both files come from one figure, so the PDF and the Word document show the same chart. As in
the app, a week with fewer contributions than the privacy threshold is not drawn at its height:
it is an open marker in a grey "< 5" band at the bottom.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

from dialogue.exports.glyphs import printable
from dialogue.exports.summary import Summary, ThemeSummary

#: Weeks in the report's chart and in the table under it.
REPORT_WEEKS = 8
#: Themes drawn in the chart (the largest).
CHART_THEMES = 6


@dataclass(frozen=True)
class Chart:
    """The same chart twice: SVG text for the PDF, PNG bytes for the Word document."""

    svg: str
    png: bytes


def weekly_volume_chart(summary: Summary) -> Chart | None:
    """Draw weekly input of the largest themes over the report's weeks, or None without data."""
    weeks = summary.weeks[-REPORT_WEEKS:]
    themes = [t for t in summary.themes[:CHART_THEMES] if any(t.weekly[-REPORT_WEEKS:])]
    if not themes or not weeks:
        return None
    import matplotlib

    matplotlib.use("Agg")
    # Theme names are residents' words: "$500 naar $700" is money, not TeX, and "$x^$" must
    # not make mathtext fail the whole report. All chart text is plain text.
    with matplotlib.rc_context({"text.parse_math": False}):
        return _draw_weekly_volume(summary, themes, weeks)


def _draw_weekly_volume(summary: Summary, themes: list[ThemeSummary], weeks: list) -> Chart:
    """Draw one line per theme; weeks below the privacy threshold are markers in a band."""
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    threshold = summary.threshold
    figure, axes = plt.subplots(figsize=(7.2, 3.4), dpi=100)
    labels = [w.strftime("%d-%m") for w in weeks]
    axes.axhspan(0, threshold, color="#d9d9d9", alpha=0.6, linewidth=0, label=f"< {threshold}")
    for theme in themes:
        weekly = theme.weekly[-REPORT_WEEKS:]
        shown = [n if n >= threshold or n == 0 else math.nan for n in weekly]
        small = [threshold / 2 if 0 < n < threshold else math.nan for n in weekly]
        (line,) = axes.plot(
            labels, shown, marker="o", linewidth=1.8, label=printable(theme.label)[:40]
        )
        axes.plot(
            labels,
            small,
            linestyle="none",
            marker="D",
            markersize=6,
            markerfacecolor="white",
            color=line.get_color(),  # the same colour; also keeps the colour cycle in step
        )
    axes.set_ylabel("inbreng per week")
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", alpha=0.3)
    axes.tick_params(axis="x", labelrotation=45, labelsize=8)
    # Beside the chart, so that it never covers a line.
    axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    figure.tight_layout()
    svg, png = io.StringIO(), io.BytesIO()
    with warnings.catch_warnings():
        # Labels in scripts the font lacks would show as boxes; emoji are already dropped.
        warnings.filterwarnings(
            "ignore", message="Glyph .* missing from font", category=UserWarning
        )
        figure.savefig(svg, format="svg")
        figure.savefig(png, format="png", dpi=150)
    plt.close(figure)
    text = svg.getvalue()
    return Chart(svg=text[text.index("<svg") :], png=png.getvalue())
