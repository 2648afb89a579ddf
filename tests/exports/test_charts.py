"""The Word report's chart (matplotlib) draws residents' theme names as plain text, never as TeX."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from matplotlib import pyplot as plt

from dialogue.exports.chart_png import weekly_volume_figure, weekly_volume_png

# matplotlib draws text as glyph paths, each glyph defined once with an id of its own.
GLYPH_ID = re.compile(r'<path id="(DejaVu[^"]+)"')


def _summary(*labels: str) -> SimpleNamespace:
    weeks = [date(2026, 9, 7) + timedelta(weeks=n) for n in range(4)]
    themes = [SimpleNamespace(label=label, weekly=[6, 8, 7, 9]) for label in labels]
    return SimpleNamespace(themes=themes, weeks=weeks, threshold=5)


@pytest.mark.parametrize("label", ["kosten $\\frac{ hoog$", "a$b_$c", "$^$"])
def test_theme_names_that_look_like_tex_do_not_break_the_chart(label):
    png = weekly_volume_png(_summary("Parkeren", label))

    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")


def _glyphs(label: str) -> set[str]:
    figure = weekly_volume_figure(_summary(label))
    assert figure is not None
    svg = io.StringIO()
    figure.savefig(svg, format="svg")
    plt.close(figure)
    return set(GLYPH_ID.findall(svg.getvalue()))


def test_dollar_signs_in_a_theme_name_are_drawn_as_written():
    # A single "$" is never TeX: the glyph it adds is the dollar sign.
    dollar = _glyphs("Parkeren $") - _glyphs("Parkeren")
    assert len(dollar) == 1

    assert dollar <= _glyphs("$500 naar $700")


def test_no_data_no_picture():
    empty = SimpleNamespace(
        themes=[SimpleNamespace(label="x", weekly=[0, 0])], weeks=[], threshold=5
    )
    assert weekly_volume_png(empty) is None
