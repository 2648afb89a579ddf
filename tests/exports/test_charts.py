"""The report's chart draws residents' theme names as plain text, never as TeX."""

from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from dialogue.exports.charts import weekly_volume_chart

# matplotlib draws text as glyph paths, each glyph defined once with an id of its own.
GLYPH_ID = re.compile(r'<path id="(DejaVu[^"]+)"')


def weekly_volume_svg(summary: SimpleNamespace) -> str | None:
    chart = weekly_volume_chart(summary)
    return None if chart is None else chart.svg


def _summary(*labels: str) -> SimpleNamespace:
    weeks = [date(2026, 9, 7) + timedelta(weeks=n) for n in range(4)]
    themes = [SimpleNamespace(label=label, weekly=[6, 8, 7, 9]) for label in labels]
    return SimpleNamespace(themes=themes, weeks=weeks, threshold=5)


@pytest.mark.parametrize("label", ["kosten $\\frac{ hoog$", "a$b_$c", "$^$"])
def test_theme_names_that_look_like_tex_do_not_break_the_chart(label):
    svg = weekly_volume_svg(_summary("Parkeren", label))

    assert svg is not None and svg.startswith("<svg")


def _glyphs(label: str) -> set[str]:
    svg = weekly_volume_svg(_summary(label))
    assert svg is not None
    return set(GLYPH_ID.findall(svg))


def test_dollar_signs_in_a_theme_name_are_drawn_as_written():
    # A single "$" is never TeX: the glyph it adds is the dollar sign.
    dollar = _glyphs("Parkeren $") - _glyphs("Parkeren")
    assert len(dollar) == 1

    assert dollar <= _glyphs("$500 naar $700")
