"""The council report: one chart in PDF and Word, what was done with each signal, no emoji boxes."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from docx import Document

from dialogue.accounts.models import Role
from dialogue.answers.models import OfficialResponse
from dialogue.exports.charts import REPORT_WEEKS
from dialogue.exports.glyphs import printable
from dialogue.exports.outcomes import signal_rows
from dialogue.exports.render import CHART_ALT, render_docx, render_pdf
from dialogue.exports.summary import build_summary
from dialogue.signals.models import SignalKind, SignalStatus
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_contribution, make_signal, make_user

EMOJI_QUOTE = "Top idee 👍🏽 de molens 🌬️ mogen er komen 👨‍👩‍👧 zeggen wij"


@pytest.fixture
def reported(db):
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    theme = Theme(
        consultation_id=consultation.id,
        municipality_id=consultation.municipality_id,
        key="t1",
        label="Windpark 🌬️ De Vaart",
        size=12,
    )
    db.session.add(theme)
    for n in range(12):
        make_contribution(
            consultation=consultation,
            theme_key="t1",
            text=EMOJI_QUOTE if n == 0 else f"De molens staan te dicht bij het dorp ({n}).",
            created_at=utcnow() - timedelta(days=n * 5),
        )
    answer = OfficialResponse(
        consultation_id=consultation.id,
        theme_key="t1",
        author_role="analyst",
        text="We houden in maart een avond over de plek van de molens.",
    )
    db.session.add(answer)
    db.session.flush()
    taken_up = make_signal(consultation, status=SignalStatus.ACKNOWLEDGED, response_id=answer.id)
    taken_up.decided_at = utcnow().replace(year=2026, month=11, day=12, hour=10)
    make_signal(
        consultation,
        kind=SignalKind.RISING_DISCONTENT,
        status=SignalStatus.DISMISSED,
        status_reason="Eenmalige actie van één straat 🙄",
    )
    make_signal(consultation, period_start=utcnow().date() - timedelta(days=30))
    db.session.commit()
    return consultation


def test_each_signal_says_what_the_municipality_did(reported, app):
    with app.test_request_context():
        rows = signal_rows(build_summary(reported))
    outcomes = sorted(outcome for _explanation, outcome in rows)
    assert outcomes == [
        "afgewezen: Eenmalige actie van één straat",
        "nog niet opgepakt",
        "opgepakt op 12 november 2026, antwoord: “We houden in maart een avond over de plek van de molens.”",
    ]


def test_quotes_and_labels_lose_only_the_emoji(reported, app):
    with app.test_request_context():
        summary = build_summary(reported)
    assert summary.themes[0].label == "Windpark De Vaart"
    assert "Top idee de molens mogen er komen zeggen wij" in summary.themes[0].quotes
    assert printable("Zon ☀ en ✓, لا أوافق") == "Zon ☀ en ✓, لا أوافق"  # the font has these


@pytest.mark.slow
def test_word_report_has_the_chart_the_weeks_and_the_outcomes(reported, app, tmp_path):
    with app.test_request_context():
        summary = build_summary(reported)
        render_docx(summary, tmp_path / "report.docx")
    document = Document(str(tmp_path / "report.docx"))
    pictures = document.inline_shapes
    assert len(pictures) == 1
    assert pictures[0]._inline.docPr.get("descr") == CHART_ALT
    image = document.part.related_parts[
        pictures[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    ]
    assert image.blob.startswith(b"\x89PNG\r\n\x1a\n") and image.content_type == "image/png"
    (weekly,) = [t for t in document.tables if t.rows[0].cells[0].text == "Thema"]
    header = [cell.text for cell in weekly.rows[0].cells]
    assert header == ["Thema", *(w.strftime("%d-%m") for w in summary.weeks[-REPORT_WEEKS:])]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "opgepakt op 12 november 2026, antwoord: “We houden" in text
    assert "afgewezen: Eenmalige actie van één straat" in text
    assert "— nieuw" not in text and "👍" not in text


@pytest.mark.slow
@pytest.mark.needs("pango", "pdftotext")
def test_pdf_has_the_outcomes_and_no_emoji(reported, app, tmp_path):
    with app.test_request_context():
        render_pdf(build_summary(reported), tmp_path / "report.pdf")
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "opgepakt op 12 november 2026, antwoord:" in flat and "nog niet opgepakt" in flat
    assert "afgewezen: Eenmalige actie van één straat" in flat
    assert "Top idee de molens mogen er komen zeggen wij" in flat
    assert not any(ord(c) >= 0x1F000 for c in text)
    assert "— nieuw" not in flat
