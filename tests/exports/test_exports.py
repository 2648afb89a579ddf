"""Council report and data exports: content, privacy, formula safety, expiring links, audit."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import timedelta

import pytest
from docx import Document
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.answers.models import OfficialResponse
from dialogue.audit.models import AuditEvent
from dialogue.consultations.models import ConsultationStatus
from dialogue.contributions.models import ContributionStatus
from dialogue.exports import services
from dialogue.exports.models import ExportFile
from dialogue.exports.summary import build_summary
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow
from tests.exports.helpers import download_export
from tests.factories import make_consultation, make_contribution, make_signal, make_user
from tests.helpers import csrf_token

SECRET_NAME = "Henk Bakker-Quispel"


@pytest.fixture
def report_data(db):
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    big, small = consultation.kernen
    resident = make_user(Role.RESIDENT, display_name=SECRET_NAME, email="henk.secret@example.org")
    theme_specs = [("t1", "Windpark De Vaart", 8, big), ("t2", "Bibliotheek Holtum", 3, small)]
    for key, label, size, kern in theme_specs:
        db.session.add(
            Theme(
                consultation_id=consultation.id,
                municipality_id=consultation.municipality_id,
                key=key,
                label=label,
                size=size,
                negative_share=0.5,
            )
        )
        for n in range(size):
            make_contribution(
                consultation=consultation,
                theme_key=key,
                kern=kern,
                author=resident,
                display_name=SECRET_NAME,
                negative=n % 2 == 0,
                text=f"{label}: inbreng nummer {n} over het dorp en de toekomst",
                created_at=utcnow() - timedelta(days=n * 3),
            )
    make_contribution(
        consultation=consultation,
        text='=HYPERLINK("http://evil.example","klik")',
        theme_key="t1",
        kern=big,
    )
    make_contribution(
        consultation=consultation,
        text="Verborgen wegens belediging, niet exporteren",
        status=ContributionStatus.HIDDEN,
        theme_key="t1",
    )
    make_contribution(
        consultation=consultation,
        text="Bel mij op 06-12345678 voor overleg",
        theme_key="t1",
        pii_spans=[{"kind": "phone", "start": 12, "end": 23}],
    )
    db.session.add(
        OfficialResponse(
            consultation_id=consultation.id,
            theme_key="t1",
            author_role="analyst",
            text="We organiseren een avond over de molens.",
            edited_at=utcnow(),  # corrected after publishing: the report says so
        )
    )
    db.session.commit()
    return analyst, consultation


def test_summary_hides_small_counts(report_data, app):
    _, consultation = report_data
    with app.test_request_context():
        summary = build_summary(consultation)
    assert summary.total == 13  # the hidden one is not counted
    labels = [t.label for t in summary.themes]
    assert labels == ["Windpark De Vaart", "Bibliotheek Holtum"]
    small = summary.themes[1]
    assert summary.show(small.size) == "< 5"
    assert summary.share(small.negative_share, small.size) == "–"
    assert summary.show(summary.by_kern[consultation.kernen[1].name]) == "< 5"
    assert summary.themes[0].answers[0].text.startswith("We organiseren")
    assert all(len(t.quotes) <= 3 for t in summary.themes)
    assert not any("06-12345678" in q for t in summary.themes for q in t.quotes)


def test_csv_export_is_safe_and_private(report_data, client, as_user, db):
    analyst, consultation = report_data
    as_user(analyst)
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/export").get_data(as_text=True)
    response = client.post(
        f"/werkplek/raadplegingen/{consultation.id}/export",
        data={"csrf_token": csrf_token(page), "format": "csv"},
    )
    assert response.status_code == 302
    download = client.get(response.headers["Location"])
    body = download.get_data(as_text=True)
    assert download.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    texts = [row["text"] for row in rows]
    assert any(t.startswith("'=HYPERLINK") for t in texts)
    assert not any(t.startswith("=") for t in texts)
    assert "Verborgen wegens belediging" not in body
    assert "06-12345678" not in body and "[telefoonnummer]" in body
    assert SECRET_NAME not in body and "henk.secret@example.org" not in body
    assert len({row["author"] for row in rows if row["author"]}) == 1
    assert db.session.scalar(select(AuditEvent.action)) == "export.request"


def test_excluded_input_only_when_asked_and_marked(report_data, client, as_user):
    analyst, consultation = report_data
    as_user(analyst)
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/export").get_data(as_text=True)
    response = client.post(
        f"/werkplek/raadplegingen/{consultation.id}/export",
        data={"csrf_token": csrf_token(page), "format": "json", "include_excluded": "y"},
    )
    document = json.loads(client.get(response.headers["Location"]).get_data(as_text=True))
    hidden = [c for c in document["contributions"] if c["status"] == "hidden"]
    assert len(hidden) == 1 and hidden[0]["excluded"] is True
    assert "data_dictionary" in document


def test_links_are_personal_and_expire(report_data, client, as_user, app, monkeypatch):
    analyst, consultation = report_data
    colleague = make_user(Role.ANALYST, municipality=consultation.municipality)
    with app.test_request_context():
        token = services.download_token(
            analyst, consultation=consultation.id, format="csv", options={}
        )
    as_user(colleague)
    assert client.get(f"/werkplek/download/{token}").status_code == 302  # not theirs: refused
    as_user(analyst)
    assert client.get(f"/werkplek/download/{token}").status_code == 200
    monkeypatch.setattr(services, "LINK_MAX_AGE", -1)
    expired = client.get(f"/werkplek/download/{token}", follow_redirects=True)
    assert "verlopen" in expired.get_data(as_text=True)


def test_other_municipality_cannot_export(report_data, client, as_user, db):
    _, consultation = report_data
    outsider = make_user(Role.ADMIN)
    db.session.commit()  # a refused request rolls back before it logs the attempt
    as_user(outsider)
    assert client.get(f"/werkplek/raadplegingen/{consultation.id}/export").status_code == 404
    assert client.get(f"/werkplek/raadplegingen/{consultation.id}/samenvatting").status_code == 404


@pytest.mark.slow
@pytest.mark.needs("pango", "pdftoppm", "pdftotext")
def test_pdf_and_docx_reports(report_data, client, as_user, db, tmp_path):
    analyst, consultation = report_data
    as_user(analyst)
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/export").get_data(as_text=True)
    files = {fmt: download_export(client, consultation.id, fmt) for fmt in ("pdf", "docx")}
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(files["pdf"])
    assert files["pdf"].startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page*.png"))) >= 2
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Windpark De Vaart" in text and "< 5" in text
    assert "gewijzigd op" in text
    assert SECRET_NAME not in text and "henk.secret" not in text and "06-12345678" not in text
    docx_path = tmp_path / "report.docx"
    docx_path.write_bytes(files["docx"])
    text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert "Windpark De Vaart" in text and "Zo is dit gemaakt" in text
    assert ", gewijzigd " in text
    assert SECRET_NAME not in text and "06-12345678" not in text
    # Unchanged data: the second request is served from the cache, still audited.
    before = db.session.scalar(select(ExportFile.id).order_by(ExportFile.id.desc()).limit(1))
    response = client.post(
        f"/werkplek/raadplegingen/{consultation.id}/export",
        data={"csrf_token": csrf_token(page), "format": "pdf"},
    )
    assert "/werkplek/download/" in response.headers["Location"]
    assert (
        db.session.scalar(select(ExportFile.id).order_by(ExportFile.id.desc()).limit(1)) == before
    )
    events = db.session.scalars(select(AuditEvent.action)).all()
    assert events.count("export.request") == 3


@pytest.mark.slow
@pytest.mark.needs("pango")
def test_awkward_reports_stay_readable(db, app, tmp_path):
    from dialogue.exports.render import render_docx, render_pdf

    consultation = make_consultation(title="Leeg")
    for key in range(100):
        db.session.add(
            Theme(
                consultation_id=consultation.id,
                municipality_id=consultation.municipality_id,
                key=f"k{key}",
                label=f"Thema {key} 🌍 مرحبا",
                size=1,
            )
        )
    for n in range(5):  # a theme is quoted from the privacy threshold (5) on
        make_contribution(
            consultation=consultation, theme_key="k1", text=f"{n} " + "لا أوافق " * 300 + " 🌍" * 50
        )
    db.session.commit()
    with app.test_request_context():
        empty = build_summary(make_consultation(title="Zonder inbreng"))
        render_pdf(empty, tmp_path / "empty.pdf")
        crowded = build_summary(consultation)
        render_pdf(crowded, tmp_path / "crowded.pdf")
        render_docx(crowded, tmp_path / "crowded.docx")
    assert (tmp_path / "empty.pdf").read_bytes().startswith(b"%PDF")
    assert len(crowded.themes[0].quotes[0]) <= 402


def test_open_data_only_for_closed_and_anonymised(report_data, client, as_user, db):
    _, consultation = report_data
    admin = make_user(Role.ADMIN, municipality=consultation.municipality)
    as_user(admin)
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/export").get_data(as_text=True)
    client.post(
        f"/werkplek/raadplegingen/{consultation.id}/open-data",
        data={"csrf_token": csrf_token(page)},
    )
    assert client.get(f"/open-data/{consultation.id}").status_code == 404  # still open
    consultation.status = ConsultationStatus.CLOSED
    db.session.commit()
    client.post(
        f"/werkplek/raadplegingen/{consultation.id}/open-data",
        data={"csrf_token": csrf_token(page)},
    )
    anonymous = client.application.test_client()
    assert anonymous.get(f"/open-data/{consultation.id}").status_code == 200
    body = anonymous.get(f"/open-data/{consultation.id}.csv").get_data(as_text=True)
    assert SECRET_NAME not in body and "henk.secret" not in body and "author" not in body
    small_kern = consultation.kernen[1].name
    assert small_kern not in body  # 3 contributions: below the threshold, kern left out
    assert "export.open_data" in db.session.scalars(select(AuditEvent.action)).all()


def test_cached_reports_are_made_again_when_what_they_show_changes(
    report_data, app, db, monkeypatch
):
    """A cached file is reused only while threshold, signal texts and report code are the same."""
    _, consultation = report_data
    signal = make_signal(
        consultation, explanation="Thema 'Verkeer': 12 teksten in week 47, normaal 5–7 per week."
    )
    db.session.commit()
    options = services.SummaryOptions()

    def fingerprint() -> str:
        return services.data_fingerprint(consultation, "pdf", options)

    first = fingerprint()
    assert fingerprint() == first
    signal.explanation = "Thema 'Verkeer': 12 teksten in week 47, normaal 5–10 per week."
    db.session.commit()
    refreshed = fingerprint()
    assert refreshed != first
    monkeypatch.setitem(app.config, "PRIVACY_THRESHOLD", 10)
    assert fingerprint() != refreshed


def test_rows_name_uncertain_input_onzeker_and_input_without_theme_overig(report_data, db):
    from dialogue.exports.data import contribution_rows
    from dialogue.exports.summary import SummaryOptions

    _analyst, consultation = report_data
    waiting = make_contribution(consultation=consultation, suggested_theme_key="t1")
    loose = make_contribution(consultation=consultation)
    db.session.commit()
    themes = {row["id"]: row["theme"] for row in contribution_rows(consultation, SummaryOptions())}
    assert themes[waiting.id] == "Onzeker"
    assert themes[loose.id] == "Overig"
    assert "Onzeker" not in {themes[i] for i in themes if i not in (waiting.id, loose.id)}
