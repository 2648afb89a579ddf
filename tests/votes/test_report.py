"""The council report's section "Wat verbindt, wat verdeelt" (preview and DOCX)."""

from __future__ import annotations

from docx import Document

from dialogue.accounts.models import Role
from dialogue.exports.render import render_docx
from dialogue.exports.summary import build_summary
from dialogue.extensions import db as database
from tests.factories import make_consultation, make_user
from tests.votes.test_pages import _camps


def test_report_shows_what_connects_and_what_divides(client, app, db, as_user, tmp_path):
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality, voting=True)
    _camps(consultation)
    database.session.commit()

    as_user(analyst)
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/samenvatting").get_data(
        as_text=True
    )
    section = page[page.index('id="verbindt"') :]
    section = section[: section.index("</section>")]
    assert "Houd de bibliotheek open." in section.split("Waar de meningen verschillen")[0]
    assert "Meer parkeerplaatsen op het plein." in section.split("Waar de meningen verschillen")[1]
    assert "Stemmer kamp" not in page

    with app.test_request_context():
        render_docx(build_summary(consultation), tmp_path / "report.docx")
    document = Document(str(tmp_path / "report.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Wat verbindt, wat verdeelt" in text and "Houd de bibliotheek open." in text
    (divisive,) = [t for t in document.tables if t.rows[0].cells[0].text == "Inbreng"]
    assert [c.text for c in divisive.rows[0].cells] == ["Inbreng", "Groep A", "Groep B"]
    assert {row.cells[0].text for row in divisive.rows[1:]} == {
        "Meer parkeerplaatsen op het plein.",
        "Een autovrij plein met bomen.",
    }


def test_no_section_without_voting(client, app, db, tmp_path):
    consultation = make_consultation(voting=False)
    with app.test_request_context():
        render_docx(build_summary(consultation), tmp_path / "report.docx")
    text = "\n".join(p.text for p in Document(str(tmp_path / "report.docx")).paragraphs)
    assert "Wat verbindt" not in text


def test_dashboard_shows_what_connects_and_what_divides(client, db, as_user):
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality, voting=True)
    _camps(consultation)
    database.session.commit()
    as_user(analyst)

    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/dashboard").get_data(as_text=True)

    section = page[page.index("Wat verbindt, wat verdeelt") :]
    connects, divides = section.split("Waar de meningen verschillen", 1)
    assert "Houd de bibliotheek open." in connects
    assert "Meer parkeerplaatsen op het plein." in divides and "Groep B 100%" in divides
