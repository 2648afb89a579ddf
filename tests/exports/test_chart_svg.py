"""The report's weekly chart as SVG: its values, its words, and theme names escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # nosec B405 (parses our own output)
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from dialogue.exports.charts import (
    COLOURS,
    REPORT_WEEKS,
    ChartText,
    legend_lines,
    nice_top,
    weekly_volume_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
TEXT = ChartText(
    title="Lijngrafiek van het aantal teksten per week",
    description="Weken met minder dan 5 teksten staan in de grijze band.",
    x_label="Week",
    y_label="Aantal teksten",
)


def _summary(*themes: tuple[str, list[int]], threshold: int = 5) -> SimpleNamespace:
    length = max(len(weekly) for _label, weekly in themes)
    weeks = [date(2026, 9, 7) + timedelta(weeks=n) for n in range(length)]
    rows = [SimpleNamespace(label=label, weekly=list(weekly)) for label, weekly in themes]
    return SimpleNamespace(themes=rows, weeks=weeks, threshold=threshold)


def _xml(text: str) -> ET.Element:
    """Parse the chart as XML: WeasyPrint does the same, so it must be well-formed."""
    return ET.fromstring(text)  # noqa: S314  # nosec B314 (our own output)


def _parse(summary: SimpleNamespace) -> ET.Element:
    svg = weekly_volume_svg(summary, TEXT)
    assert svg is not None
    return _xml(str(svg))  # well-formed XML, as WeasyPrint needs


def _points(root: ET.Element) -> dict[str, tuple[float, float]]:
    """Return each marker's tooltip with its centre."""
    found = {}
    for circle in root.iter(f"{SVG}circle"):
        title = circle.find(f"{SVG}title")
        if title is not None:
            found[title.text] = (float(circle.get("cx")), float(circle.get("cy")))
    return found


def test_the_chart_has_a_title_a_description_and_axis_labels():
    root = _parse(_summary(("Parkeren", [6, 8, 7, 9])))

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "kp-chart-title kp-chart-desc"
    # WeasyPrint takes the first <title> as the PDF figure's alternative text.
    assert root.find(f"{SVG}title").text == TEXT.title
    assert root.find(f"{SVG}title").get("id") == "kp-chart-title"
    assert root.find(f"{SVG}desc").text == TEXT.description
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Week" in texts and "Aantal teksten" in texts
    assert [t for t in texts if t and t[2:3] == "-"] == ["07-09", "14-09", "21-09", "28-09"]


def test_each_week_is_drawn_at_its_count():
    root = _parse(_summary(("Parkeren", [6, 12, 0, 24]), ("Zwembad", [10, 10, 10, 10])))
    points = _points(root)

    assert set(points) == {
        "Parkeren, 07-09: 6",
        "Parkeren, 14-09: 12",
        "Parkeren, 21-09: 0",
        "Parkeren, 28-09: 24",
        *(f"Zwembad, {day}: 10" for day in ("07-09", "14-09", "21-09", "28-09")),
    }
    zero = points["Parkeren, 21-09: 0"][1]
    height = {label: zero - y for label, (_x, y) in points.items()}
    # Heights are proportional to the counts; 10 is the same height in every week.
    assert height["Parkeren, 28-09: 24"] == pytest.approx(2 * height["Parkeren, 14-09: 12"], 0.01)
    assert height["Parkeren, 07-09: 6"] == pytest.approx(height["Parkeren, 14-09: 12"] / 2, 0.02)
    assert len({round(height[f"Zwembad, {d}: 10"], 1) for d in ("07-09", "28-09")}) == 1
    # Weeks go left to right.
    xs = [points[f"Zwembad, {d}: 10"][0] for d in ("07-09", "14-09", "21-09", "28-09")]
    assert xs == sorted(xs)
    # The y axis reaches the largest count, with round ticks.
    ticks = [int(t.text) for t in root.iter(f"{SVG}text") if t.text and t.text.isdigit()]
    assert ticks == [0, 5, 10, 15, 20, 25]


def test_a_small_week_sits_in_the_band_and_its_count_is_nowhere():
    svg = str(weekly_volume_svg(_summary(("Parkeren", [6, 3, 7, 9])), TEXT))
    root = _xml(svg)

    assert "Parkeren, 14-09: 3" not in svg and "Parkeren, 14-09: &lt; 5" in svg
    assert set(_points(root)) == {"Parkeren, 07-09: 6", "Parkeren, 21-09: 7", "Parkeren, 28-09: 9"}
    # The line breaks at the small week: two runs, neither through it.
    runs = [p.get("points") for p in root.iter(f"{SVG}polyline")]
    assert len(runs) == 1 and len(runs[0].split()) == 2  # 21-09 to 28-09; 07-09 stands alone


@pytest.mark.parametrize(
    "label",
    [
        '<script>alert("x")</script>',
        "Fiets & voet </text></svg><img src=x onerror=alert(1)>",
        "kosten $\\frac{ hoog$ 'quote' \"dubbel\"",
        "Bel\x07 \x0bhet\x1f raadhuis",
    ],
)
def test_theme_names_are_text_never_markup(label):
    svg = str(weekly_volume_svg(_summary((label, [6, 8, 7, 9])), TEXT))
    root = _xml(svg)  # still one well-formed element

    assert "<script" not in svg and "<img" not in svg
    assert [e.tag for e in root.iter() if e.tag in (f"{SVG}script", f"{SVG}img")] == []
    legend = [
        "".join(t.itertext()) for t in root.iter(f"{SVG}text") if t.find(f"{SVG}tspan") is not None
    ]
    cleaned = "".join(c for c in label if c >= " ")
    assert len(legend) == 1 and " ".join(cleaned.split()).startswith(legend[0][:28])


def test_the_titles_are_escaped_too():
    text = ChartText(title="A <b> & B", description="<i>", x_label="x & y", y_label="<")
    root = _xml(str(weekly_volume_svg(_summary(("P", [6, 7])), text)))

    assert root.find(f"{SVG}title").text == "A <b> & B"
    assert root.find(f"{SVG}desc").text == "<i>"


def test_only_the_last_weeks_and_the_largest_themes_are_drawn():
    themes = [(f"Thema {n}", [n + 5] * (REPORT_WEEKS + 3)) for n in range(8)]
    root = _parse(_summary(*themes))

    assert len(list(root.iter(f"{SVG}polyline"))) == 6
    assert len(_points(root)) == 6 * REPORT_WEEKS


def test_nothing_to_draw_gives_no_chart():
    assert weekly_volume_svg(_summary(("Leeg", [0, 0, 0])), TEXT) is None


def test_long_names_wrap_on_two_lines():
    lines = legend_lines("Verkeersveiligheid rond de basisschool in het oude centrum van het dorp")

    assert len(lines) == 2 and all(len(line) <= 32 for line in lines)
    assert lines[0] == "Verkeersveiligheid rond de"


@pytest.mark.parametrize(
    ("highest", "top", "step"), [(1, 1, 1), (9, 10, 2), (24, 25, 5), (130, 150, 50)]
)
def test_the_axis_ends_at_a_round_number(highest, top, step):
    assert nice_top(highest) == (top, step)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", COLOURS)
def test_every_line_colour_has_three_to_one_contrast_on_white(colour):
    assert 1.05 / (_luminance(colour) + 0.05) >= 3
