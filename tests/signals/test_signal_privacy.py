"""Signal texts never show a count below the privacy threshold: stored, on pages, in exports."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from dialogue.accounts.models import Role, User
from dialogue.consultations.models import Consultation
from dialogue.mail import OutboxMessage
from dialogue.signals.models import Signal, SignalKind, SignalStatus
from dialogue.signals.privacy import mask_small_counts
from dialogue.signals.services import refresh_signals
from dialogue.themes.models import Theme
from nlp.signals import discontent_explanation, volume_explanation
from tests.exports.helpers import download_export
from tests.factories import make_consultation, make_contribution, make_user

NOW = datetime(2026, 11, 27, 12, 0)  # the Friday of week 48 (23 to 29 November 2026)
LAST_MONDAY = datetime(2026, 11, 23)
WHERE = "Thema 'Opvang'"
PERIOD = "week 48 (23 november 2026 t/m 29 november 2026)"
#: A count of 0 to 4 in a signal text: "3 teksten", "3 van 6", "normaal 0–2 per week".
#: A number where a signal text puts a count: after "normaal", "tot", "<", "–" or "(", or
#: before "bijdragen", "van", "per week" or "–"; shares ("30%") and dates are not counts.
COUNTED = re.compile(
    r"(?P<before>\bnormaal |\btot |< |–|\()?(?P<n>\d+)(?P<after>%| inbreng\b| van\b| per week\b|–)?"
)
#: A signal text as saved before counts were masked.
UNMASKED = f"{WHERE}: 67% negatief in {PERIOD} (4 van 6 teksten), normaal 1%."


def small_counts(text: str, threshold: int = 5) -> list[str]:
    """Return every count below the threshold that text shows ("< 5" itself is no count)."""
    found = []
    for match in COUNTED.finditer(html.unescape(text)):
        before, after = match["before"], match["after"]
        if after == "%" or not (before or after) or (before == "(" and not after):
            continue
        if int(match["n"]) < threshold:
            found.append(match[0])
    return found


def test_texts_masked_under_a_lower_threshold_are_masked_again():
    assert mask_small_counts("12 teksten, normaal tot 3 per week.", 5) == (
        "12 teksten, normaal < 5 per week."
    )
    assert mask_small_counts("12 teksten, normaal tot 8 per week.", 10) == (
        "12 teksten, normaal < 10 per week."
    )
    assert mask_small_counts("< 5 teksten in week 4, normaal < 5 per week.", 10) == (
        "< 10 teksten in week 4, normaal < 10 per week."
    )
    assert mask_small_counts("12 teksten, normaal minder dan 5 per week.", 10) == (
        "12 teksten, normaal < 10 per week."
    )


def test_the_detector_finds_every_kind_of_small_count():
    for leak in (
        "normaal tot 3 per week",
        "normaal 3–7 per week",
        "(4 van 6 teksten)",
        "3 teksten",
    ):
        assert small_counts(leak), leak
    assert small_counts("normaal < 5 per week, < 5 van 6 teksten") == []
    assert small_counts("< 5 teksten", threshold=10) == ["< 5 teksten"]
    assert small_counts("week 3 (1 november 2026 t/m 7 november 2026), normaal 30%.") == []


# --- the guard on stored texts -------------------------------------------------------------


@pytest.mark.parametrize("count", range(5))
def test_small_counts_in_a_stored_text_are_hidden(count):
    text = (
        f"{WHERE}: {count} inbreng in {PERIOD} ({count} van 9 teksten), normaal {count} per week."
    )
    assert mask_small_counts(text, 5) == (
        f"{WHERE}: < 5 teksten in {PERIOD} (< 5 van 9 teksten), normaal < 5 per week."
    )


@pytest.mark.parametrize("count", [5, 6, 23])
def test_counts_from_the_threshold_on_are_kept(count):
    text = (
        f"{WHERE}: {count} inbreng in {PERIOD} ({count} van 30 teksten), normaal {count} per week."
    )
    assert mask_small_counts(text, 5) == text


def test_usual_ranges_and_shares():
    assert mask_small_counts("normaal 0–1 per week.", 5) == "normaal < 5 per week."
    assert mask_small_counts("normaal 2–8 per week.", 5) == "normaal tot 8 per week."
    assert mask_small_counts("normaal 5–12 per week.", 5) == "normaal 5–12 per week."
    assert mask_small_counts("70% negatief, normaal 3%.", 5) == "70% negatief, normaal 3%."
    assert mask_small_counts("week 3 (1 november 2026)", 5) == "week 3 (1 november 2026)"


def test_the_earlier_wording_becomes_the_one_wording():
    text = "18 teksten in week 45, normaal minder dan 5 per week."
    assert mask_small_counts(text, 5) == "18 teksten in week 45, normaal < 5 per week."


def test_masking_twice_changes_nothing():
    once = mask_small_counts(UNMASKED, 10)
    assert mask_small_counts(once, 10) == once
    assert mask_small_counts(once, 5) == once


@given(
    count=st.integers(0, 40),
    low=st.integers(0, 20),
    spread=st.integers(0, 20),
    threshold=st.integers(0, 12),
)
def test_guard_agrees_with_the_pipeline_on_volume(count, low, spread, threshold):
    def text(limit: int) -> str:
        return volume_explanation(
            WHERE, PERIOD, count=count, usual_low=low, usual_high=low + spread, threshold=limit
        )

    assert mask_small_counts(text(0), threshold) == text(threshold)


@given(
    negative=st.integers(0, 40),
    extra=st.integers(0, 40),
    usual=st.integers(0, 100),
    threshold=st.integers(0, 12),
)
def test_guard_agrees_with_the_pipeline_on_discontent(negative, extra, usual, threshold):
    total = negative + extra
    share = round(100 * negative / total) if total else 0

    def text(limit: int) -> str:
        return discontent_explanation(
            WHERE,
            PERIOD,
            negative=negative,
            total=total,
            share=share,
            usual_share=usual,
            threshold=limit,
        )

    assert mask_small_counts(text(0), threshold) == text(threshold)


def test_the_threshold_comes_from_the_configuration(db, app, monkeypatch):
    _, signal = stored_signal(db, UNMASKED)
    assert "(< 5 van 6 teksten)" in signal.explanation
    monkeypatch.setitem(app.config, "PRIVACY_THRESHOLD", 10)
    assert signal.explanation == (
        f"{WHERE}: meer negatieve inbreng in {PERIOD} (< 10 teksten), normaal 1% negatief."
    )


# --- signals made by the pipeline, new and refreshed -----------------------------------------


def seed(db):
    """Six a week, none negative, then four of six negative; one a week, then twelve."""
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    kern = consultation.kernen[0]
    for key, label in (("t1", "Opvang in het hotel"), ("t2", "Parkeren bij de school")):
        db.session.add(
            Theme(
                consultation_id=consultation.id,
                municipality_id=consultation.municipality_id,
                key=key,
                label=label,
            )
        )
    for week in range(16):  # a series alarms after 13 weeks of history
        last = week == 15
        monday = LAST_MONDAY - timedelta(weeks=15 - week)
        for n in range(6):
            make_contribution(
                consultation=consultation,
                theme_key="t1",
                kern=kern,
                negative=last and n < 4,
                created_at=monday + timedelta(hours=2 * n),
            )
        for n in range(12 if last else 1):
            make_contribution(
                consultation=consultation,
                theme_key="t2",
                negative=False,
                created_at=monday + timedelta(hours=2 * n),
            )
    db.session.commit()
    return analyst, consultation


def refresh(app, db, consultation) -> list[Signal]:
    with app.test_request_context():
        new = refresh_signals(consultation, now=NOW, previous_run=None)
        db.session.commit()
    return new


def saved_texts(db) -> list[str]:
    """Return the texts as the database holds them, past the model."""
    return list(db.session.scalars(select(Signal.__table__.c.explanation)))


def assert_masked(texts: list[str]) -> None:
    joined = "\n".join(texts)
    assert "(< 5 van 6 teksten)" in joined  # the four of six negative
    assert "12 teksten" in joined and "normaal < 5 per week" in joined  # usually one
    assert small_counts(joined) == []


def test_new_signals_are_saved_without_small_counts(app, db):
    _, consultation = seed(db)
    new = refresh(app, db, consultation)
    assert {s.kind for s in new} == {SignalKind.RISING_VOLUME, SignalKind.RISING_DISCONTENT}
    assert_masked(saved_texts(db))
    mail = db.session.scalar(select(OutboxMessage.body))
    assert "(< 5 van 6 teksten)" in mail and small_counts(mail) == []


def test_refreshed_signals_are_saved_without_small_counts(app, db):
    _, consultation = seed(db)
    refresh(app, db, consultation)
    # As an earlier version saved it: the refresh must overwrite it with a masked text.
    db.session.execute(Signal.__table__.update().values(explanation=UNMASKED))
    db.session.commit()
    db.session.expire_all()
    assert refresh(app, db, consultation) == []  # the same weeks: no new signals, updates
    assert_masked(saved_texts(db))


def test_signal_pages_show_no_small_counts(app, db, client, as_user):
    analyst, consultation = seed(db)
    refresh(app, db, consultation)
    as_user(analyst)
    pages = [
        f"/werkplek/raadplegingen/{consultation.id}/dashboard",
        f"/werkplek/raadplegingen/{consultation.id}/signalen",
    ] + [f"/werkplek/signalen/{id_}" for id_ in db.session.scalars(select(Signal.id))]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        body = response.get_data(as_text=True)
        assert "&lt; 5 van 6 teksten" in body or "normaal &lt; 5 per week" in body, page
        assert small_counts(body) == [], page


# --- texts saved before the rule: every path reads them masked -------------------------------


def stored_signal(db, explanation: str) -> tuple[User, Signal]:
    """Save a signal as an earlier version did, past the model's masking; return its analyst."""
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    db.session.execute(
        Signal.__table__.insert().values(
            consultation_id=consultation.id,
            municipality_id=consultation.municipality_id,
            theme_key="t1",
            scope="all",
            kind=SignalKind.RISING_DISCONTENT,
            period_start=date(2026, 11, 23),
            period_end=date(2026, 11, 29),
            score=3.0,
            p_value=0.001,
            explanation=explanation,
            status=SignalStatus.NEW,
            created_at=NOW,
        )
    )
    db.session.commit()
    return analyst, db.session.scalar(select(Signal).filter_by(consultation_id=consultation.id))


def test_a_text_saved_before_the_rule_shows_no_small_count(db, client, as_user):
    analyst, signal = stored_signal(db, UNMASKED)
    as_user(analyst)
    for page in (
        f"/werkplek/raadplegingen/{signal.consultation_id}/dashboard",
        f"/werkplek/raadplegingen/{signal.consultation_id}/signalen",
        f"/werkplek/signalen/{signal.id}",
        f"/werkplek/raadplegingen/{signal.consultation_id}/samenvatting",  # the council report
    ):
        response = client.get(page)
        assert response.status_code == 200, page
        body = response.get_data(as_text=True)
        assert "(&lt; 5 van 6 teksten)" in body, page
        assert small_counts(body) == [], page


def test_a_refresh_saves_older_texts_masked_too(app, db):
    _, signal = stored_signal(db, UNMASKED)
    consultation = db.session.get(Consultation, signal.consultation_id)
    refresh(app, db, consultation)
    assert saved_texts(db) == [
        f"{WHERE}: meer negatieve inbreng in {PERIOD} (< 5 van 6 teksten), normaal 1% negatief."
    ]


# --- exports read the same text ---------------------------------------------------------------


def xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return "\n".join(
            book.read(name).decode() for name in book.namelist() if name.endswith(".xml")
        )


def test_json_and_xlsx_exports_show_no_small_counts(app, db, client, as_user):
    analyst, consultation = seed(db)
    refresh(app, db, consultation)
    db.session.execute(  # one text as an earlier version saved it
        Signal.__table__.update()
        .where(
            Signal.__table__.c.id
            == db.session.scalar(
                select(Signal.id).filter_by(kind=SignalKind.RISING_DISCONTENT, scope="all")
            )
        )
        .values(explanation=UNMASKED)
    )
    db.session.commit()
    as_user(analyst)
    document = json.loads(download_export(client, consultation.id, "json"))
    texts = [row["explanation"] for row in document["signals"]]
    assert len(texts) == db.session.scalar(select(func.count()).select_from(Signal))
    assert_masked(texts)
    sheet = xlsx_text(download_export(client, consultation.id, "xlsx"))
    assert "(&lt; 5 van 6 teksten)" in sheet
    assert small_counts(sheet) == []


def test_texts_saved_with_the_old_word_for_input_say_bijdragen() -> None:
    old = f"{WHERE}: meer negatieve reacties in {PERIOD} (3 van 12 reacties), normaal 20% negatief."
    assert mask_small_counts(old, 5) == (
        f"{WHERE}: meer negatieve inbreng in {PERIOD} (< 5 van 12 teksten), normaal 20% negatief."
    )
