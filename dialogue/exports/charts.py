"""The weekly chart of the council report, written as SVG text (no drawing library).

One line per large theme over the report's weeks. As in the app, a week with fewer
contributions than the privacy threshold is not drawn at its height: it is an open diamond in
a grey "< 5" band at the bottom, and its count appears nowhere in the SVG. The preview and the
PDF (WeasyPrint renders inline SVG, and takes the SVG's <title> as the figure's alternative
text) show this chart; the Word document gets the same data drawn as PNG (chart_png.py).

Writing it takes about a millisecond, so it is made on every request and never cached.
Every text in it (theme names are residents' and analysts' words) is escaped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from dialogue.exports.glyphs import printable
from dialogue.exports.summary import Summary, ThemeSummary

#: Weeks in the report's chart and in the table under it.
REPORT_WEEKS = 8
#: Themes drawn in the chart (the largest).
CHART_THEMES = 6
#: Longest theme name in the legend, in characters, on two lines of at most LEGEND_LINE_MAX.
LEGEND_LABEL_MAX = 60
LEGEND_LINE_MAX = 30
LEGEND_ROW = 34
#: Line colours, each at least 3:1 against white (WCAG 1.4.11), with a dash pattern each so
#: that the lines differ without colour too.
COLOURS = ("#0b5394", "#b34700", "#00704a", "#9c2f7c", "#6b5d00", "#4d4d4d")
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 4", "1 2")
BAND_COLOUR = "#d9d9d9"

WIDTH, HEIGHT = 720, 340
#: The plot area; the legend is to its right, so that it never covers a line.
LEFT, RIGHT, TOP, BOTTOM = 60, 468, 16, 284
LEGEND_X = 488
FONT = "DejaVu Sans, Arial, sans-serif"
# Characters XML 1.0 does not allow (WeasyPrint parses the SVG as XML).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class ChartText:
    """The chart's words, in the report's language."""

    title: str
    description: str
    x_label: str
    y_label: str


def chart_data(summary: Summary) -> tuple[list[date], list[ThemeSummary]] | None:
    """Return the weeks and the themes the chart draws, or None when there is nothing to draw."""
    weeks = summary.weeks[-REPORT_WEEKS:]
    themes = [t for t in summary.themes[:CHART_THEMES] if any(t.weekly[-REPORT_WEEKS:])]
    if not themes or not weeks:
        return None
    return weeks, themes


def _text(value: object) -> Markup:
    return escape(_NOT_XML.sub("", str(value)))


def nice_top(highest: int) -> tuple[int, int]:
    """Return (top of the y axis, step between its ticks): 1, 2 or 5 times a power of ten."""
    highest = max(highest, 1)
    rough = highest / 5
    power = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return step * math.ceil(highest / step), step


def weekly_volume_svg(summary: Summary, text: ChartText) -> Markup | None:
    """Return the chart as an inline <svg> element, or None without data."""
    data = chart_data(summary)
    if data is None:
        return None
    weeks, themes = data
    threshold = summary.threshold
    series = [theme.weekly[-REPORT_WEEKS:] for theme in themes]
    top, step = nice_top(max([n for s in series for n in s if n >= threshold] + [threshold]))
    x_step = (RIGHT - LEFT - 32) / max(len(weeks) - 1, 1)

    def x(i: int) -> float:
        return LEFT + 16 + (i * x_step if len(weeks) > 1 else (RIGHT - LEFT - 32) / 2)

    def y(value: float) -> float:
        return BOTTOM - value / top * (BOTTOM - TOP)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kp-chart" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="{WIDTH}" height="{HEIGHT}" role="img"'
        ' aria-labelledby="kp-chart-title kp-chart-desc"'
        f' font-family="{FONT}" font-size="11" fill="#1a1a1a">',
        f'<title id="kp-chart-title">{_text(text.title)}</title>',
        f'<desc id="kp-chart-desc">{_text(text.description)}</desc>',
        _axes(weeks, threshold, top, step, x, y, text),
    ]
    for number, (theme, weekly) in enumerate(zip(themes, series, strict=True)):
        parts.append(_series(number, theme.label, weekly, weeks, threshold, x, y))
    parts.append(_legend([theme.label for theme in themes], threshold))
    parts.append("</svg>")
    # Every text in parts went through _text() (escaped); the rest is our own markup.
    return Markup("".join(parts))  # noqa: S704  # nosec B704


def _axes(weeks, threshold: int, top: int, step: int, x, y, text: ChartText) -> str:
    """The "< 5" band, the grid with the counts, the week labels and both axis titles."""
    band = y(threshold)
    parts = [
        f'<rect x="{LEFT}" y="{band:.1f}" width="{RIGHT - LEFT}" height="{BOTTOM - band:.1f}"'
        f' fill="{BAND_COLOUR}"/>'
    ]
    for value in range(0, top + 1, step):
        parts.append(
            f'<line x1="{LEFT}" x2="{RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}"'
            f' stroke="#c8c8c8" stroke-width="{1.2 if value == 0 else 0.6}"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value}</text>'
        )
    for i, week in enumerate(weeks):
        parts.append(
            f'<text x="{x(i):.1f}" y="{BOTTOM + 16}" text-anchor="middle" font-size="10">'
            f"{week.strftime('%d-%m')}</text>"
        )
    middle = (TOP + BOTTOM) / 2
    parts.append(
        f'<text x="{(LEFT + RIGHT) / 2:.0f}" y="{BOTTOM + 40}" text-anchor="middle">'
        f"{_text(text.x_label)}</text>"
        f'<text x="16" y="{middle:.0f}" text-anchor="middle"'
        f' transform="rotate(-90 16 {middle:.0f})">{_text(text.y_label)}</text>'
    )
    return "".join(parts)


def _series(number: int, label: str, weekly: list[int], weeks, threshold: int, x, y) -> str:
    """One theme: its line through the weeks at their height, open diamonds in the band."""
    colour, dash = COLOURS[number % len(COLOURS)], DASHES[number % len(DASHES)]
    name = _text(printable(label))
    runs: list[list[str]] = [[]]
    marks = []
    for i, count in enumerate(weekly):
        day = weeks[i].strftime("%d-%m")
        if 0 < count < threshold:  # never at its height; the count is not written either
            runs.append([])
            cx, cy = x(i), y(threshold / 2)
            marks.append(
                f'<path d="M{cx:.1f} {cy - 5:.1f}l5 5l-5 5l-5 -5z" fill="#fff" stroke="{colour}"'
                f' stroke-width="1.6"><title>{name}, {day}: &lt; {threshold}</title></path>'
            )
            continue
        runs[-1].append(f"{x(i):.1f},{y(count):.1f}")
        marks.append(
            f'<circle cx="{x(i):.1f}" cy="{y(count):.1f}" r="3.5" fill="{colour}">'
            f"<title>{name}, {day}: {count}</title></circle>"
        )
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    lines = "".join(
        f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2"'
        f"{dashes}/>"
        for run in runs
        if len(run) > 1
    )
    return f'<g class="kp-chart__theme">{lines}{"".join(marks)}</g>'


def legend_lines(label: str) -> list[str]:
    """Return a theme name for the legend: at most two lines, cut at a word where it can be."""
    words, lines = printable(label)[:LEGEND_LABEL_MAX].split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > LEGEND_LINE_MAX:
            if len(lines) == 2:
                lines[-1] += " …"
                break
            lines.append("")
        lines[-1] = f"{lines[-1]} {word}".strip()[: LEGEND_LINE_MAX + 2]
    return lines


def _legend(labels: list[str], threshold: int) -> str:
    """Beside the plot: each theme's line and name, then the grey band."""
    parts = []
    for number, label in enumerate(labels):
        colour, dash = COLOURS[number % len(COLOURS)], DASHES[number % len(DASHES)]
        top = TOP + 8 + number * LEGEND_ROW
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        lines = "".join(
            f'<tspan x="{LEGEND_X + 32}" dy="{0 if n == 0 else 13}">{_text(line)}</tspan>'
            for n, line in enumerate(legend_lines(label))
        )
        parts.append(
            f'<line x1="{LEGEND_X}" x2="{LEGEND_X + 24}" y1="{top}" y2="{top}" stroke="{colour}"'
            f' stroke-width="2"{dashes}/>'
            f'<circle cx="{LEGEND_X + 12}" cy="{top}" r="3.5" fill="{colour}"/>'
            f'<text x="{LEGEND_X + 32}" y="{top + 4}" font-size="10">{lines}</text>'
        )
    top = TOP + 8 + len(labels) * LEGEND_ROW
    parts.append(
        f'<rect x="{LEGEND_X}" y="{top - 6}" width="24" height="12" fill="{BAND_COLOUR}"/>'
        f'<path d="M{LEGEND_X + 12} {top - 5}l5 5l-5 5l-5 -5z" fill="#fff" stroke="#4d4d4d"'
        ' stroke-width="1.6"/>'
        f'<text x="{LEGEND_X + 32}" y="{top + 4}" font-size="10">&lt; {threshold}</text>'
    )
    return "".join(parts)
