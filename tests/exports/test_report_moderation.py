"""Council report: moderation reasons without moderators' notes, Dutch labels, tagged PDF."""

from __future__ import annotations

import re
import subprocess
import zipfile
from datetime import date, timedelta
from html import unescape

import pytest
from docx import Document

from dialogue.accounts.models import Role
from dialogue.contributions.models import Channel, ContributionStatus
from dialogue.exports.render import render_docx, render_pdf
from dialogue.exports.summary import SummaryOptions, build_summary
from dialogue.moderation.decisions import TRANSITIONS
from dialogue.moderation.models import Decision, ModerationDecision, ModerationReason
from dialogue.moderation.reasons import compose_status_reason
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_contribution, make_user

#: A moderator's note meant for one resident: it must never reach a council document.
PRIVATE_NOTE = "Beste Piet Jansen, bel mij terug op 06-98765432."
PRIVATE_MARKERS = ("Piet Jansen", "06-98765432", "bel mij terug", "Let op uw woorden", "Oude reden")
REASON_LABELS = ("Beledigend of kwetsend", "Niet over dit onderwerp", "Reclame of spam")
DUTCH_CHANNELS = ("Website", "Bijeenkomst", "Brief", "Telefoon")
DUTCH_STATUSES = ("wacht op controle", "gepubliceerd", "verborgen", "afgewezen")
#: Machine values that must not be printed in a document for the council.
RAW_VALUES = re.compile(r"\b(web|meeting|letter|phone|pending|published|hidden|rejected)\b")
ALL_REASONS = {
    "Beledigend of kwetsend": 6,
    "Niet over dit onderwerp": 2,
    "Reclame of spam": 1,
    "Andere reden": 2,
}

requires_poppler = pytest.mark.needs("pango", "pdftotext", "pdfinfo")


@pytest.fixture
def moderated(db):
    """A consultation with input on four channels and a moderation history with notes."""
    analyst = make_user(Role.ANALYST)
    moderator = make_user(Role.MODERATOR, municipality=analyst.municipality)
    consultation = make_consultation(municipality=analyst.municipality)
    big, small = consultation.kernen
    reasons = {
        label: ModerationReason(
            municipality_id=consultation.municipality_id, label=label, position=position
        )
        for position, label in enumerate(REASON_LABELS)
    }
    db.session.add_all(reasons.values())
    db.session.flush()

    def moderate(*steps: tuple[Decision, str | None, str | None], kern=big, age_days=1) -> None:
        contribution = make_contribution(
            consultation=consultation,
            kern=kern,
            text="Inbreng die een moderator heeft bekeken.",
            created_at=utcnow() - timedelta(days=age_days),
        )
        for decision, label, note in steps:
            reason = compose_status_reason(reasons.get(label), note) if label or note else None
            db.session.add(
                ModerationDecision(
                    contribution_id=contribution.id,
                    moderator_id=moderator.id,
                    decision=decision,
                    reason=reason,
                )
            )
            db.session.flush()  # the latest decision is the one with the highest id
            contribution.status = TRANSITIONS[decision][1]
            contribution.status_reason = reason

    for channel, count in ((Channel.WEB, 6), (Channel.MEETING, 1), (Channel.LETTER, 1)):
        for _ in range(count):
            make_contribution(consultation=consultation, kern=big, channel=channel)
    make_contribution(consultation=consultation, kern=big, channel=Channel.PHONE)
    make_contribution(consultation=consultation, kern=big, status=ContributionStatus.PENDING)
    moderate((Decision.HIDE, "Beledigend of kwetsend", PRIVATE_NOTE))
    for n in range(4):
        moderate((Decision.HIDE, "Beledigend of kwetsend", f"Toelichting nummer {n}."))
    # Hidden, put back, then rejected for another reason: only the last reason counts.
    moderate(
        (Decision.HIDE, "Niet over dit onderwerp", None),
        (Decision.RESTORE, None, None),
        (Decision.REJECT, "Beledigend of kwetsend", "Let op uw woorden."),
    )
    for _ in range(2):
        moderate((Decision.REJECT, "Niet over dit onderwerp", "Zie de andere raadpleging."))
    # A note without a standard reason, and a wording no longer in the list.
    moderate((Decision.HIDE, None, "Uw bericht noemt het adres van Piet Jansen."))
    moderate((Decision.REJECT, None, "Oude reden. Met een toelichting."))
    # Reversed: hidden, then put back online. Not counted.
    moderate((Decision.HIDE, "Reclame of spam", None), (Decision.RESTORE, None, None))
    # In the small kern, two months ago: left out by the kern and date filters.
    moderate((Decision.HIDE, "Reclame of spam", None), kern=small, age_days=60)
    db.session.commit()
    return analyst, consultation


def test_reasons_grouped_by_standard_label_latest_decision_only(moderated, app):
    _, consultation = moderated
    with app.test_request_context():
        summary = build_summary(consultation)
    assert summary.moderation_reasons == ALL_REASONS
    assert list(summary.moderation_reasons) == list(ALL_REASONS)  # list order, other last


def test_reasons_respect_the_report_filters(moderated, app):
    _, consultation = moderated
    big = consultation.kernen[0].name
    month_ago = date.today() - timedelta(days=30)
    without_old_spam = {k: v for k, v in ALL_REASONS.items() if k != "Reclame of spam"}
    with app.test_request_context():
        by_kern = build_summary(consultation, SummaryOptions(kernen=(big,)))
        recent = build_summary(consultation, SummaryOptions(date_from=month_ago))
        old = build_summary(consultation, SummaryOptions(date_to=month_ago))
    assert by_kern.moderation_reasons == without_old_spam
    assert recent.moderation_reasons == without_old_spam
    assert old.moderation_reasons == {"Reclame of spam": 1}


def _section(page: str, section_id: str) -> str:
    return re.search(rf'<section id="{section_id}">(.*?)</section>', page, re.S).group(1)


def _cells(html: str) -> list[str]:
    return [unescape(cell).strip() for cell in re.findall(r"<td[^>]*>([^<]*)</td>", html)]


def test_preview_shows_standard_reasons_in_dutch_without_notes(moderated, client, as_user):
    analyst, consultation = moderated
    as_user(analyst)
    response = client.get(f"/werkplek/raadplegingen/{consultation.id}/samenvatting")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for marker in PRIVATE_MARKERS:
        assert marker not in page
    moderation = _cells(_section(page, "moderatie"))
    assert moderation[-8:] == [
        *("Beledigend of kwetsend", "6"),
        *("Niet over dit onderwerp", "< 5"),
        *("Reclame of spam", "< 5"),
        *("Andere reden", "< 5"),
    ]
    channels = _cells(_section(page, "deelname"))
    assert set(DUTCH_CHANNELS) <= set(channels)
    assert set(DUTCH_STATUSES) <= set(moderation)
    assert not RAW_VALUES.search(" ".join(channels + moderation))


def _docx_xml(path) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(
            package.read(name).decode() for name in package.namelist() if name.endswith(".xml")
        )


def _docx_text(path) -> tuple[str, list[str]]:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(p.text for p in document.paragraphs), cells


def test_docx_has_dutch_labels_and_no_moderator_notes(moderated, app, tmp_path):
    _, consultation = moderated
    path = tmp_path / "report.docx"
    with app.test_request_context():
        render_docx(build_summary(consultation), path)
    xml = _docx_xml(path)
    for marker in PRIVATE_MARKERS:
        assert marker not in xml
    paragraphs, cells = _docx_text(path)
    assert set(DUTCH_CHANNELS) <= set(cells)
    assert set(DUTCH_STATUSES) <= set(cells)
    assert {"Beledigend of kwetsend", "Andere reden"} <= set(cells)
    assert not RAW_VALUES.search(" ".join(cells))
    assert "laatste beslissing" in paragraphs


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _pdf(consultation, app, tmp_path):
    path = tmp_path / "report.pdf"
    with app.test_request_context():
        render_pdf(build_summary(consultation), path)
    return path


@pytest.mark.slow
@requires_poppler
def test_pdf_has_dutch_labels_and_no_moderator_notes(moderated, app, tmp_path):
    _, consultation = moderated
    text = " ".join(_run("pdftotext", str(_pdf(consultation, app, tmp_path)), "-").split())
    for marker in PRIVATE_MARKERS:
        assert marker not in text
    for label in (*DUTCH_CHANNELS, *DUTCH_STATUSES, "Beledigend of kwetsend 6", "Andere reden"):
        assert label in text
    assert not RAW_VALUES.search(text)


@pytest.mark.slow
@requires_poppler
def test_pdf_is_tagged_with_title(moderated, app, tmp_path):
    _, consultation = moderated
    info = _run("pdfinfo", str(_pdf(consultation, app, tmp_path)))
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+" + re.escape(consultation.title), info, re.M)
