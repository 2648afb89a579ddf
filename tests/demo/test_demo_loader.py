"""The demo as a tester meets it: screened input, what the municipality did, demo logins."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from sqlalchemy import func, select

from dialogue import create_app
from dialogue.accounts.models import OFFICIAL_ROLES, User
from dialogue.answers.models import OfficialResponse
from dialogue.config import TestConfig
from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.contributions.models import Channel, Contribution, ContributionStatus, Reply, Support
from dialogue.demo.events import week_start
from dialogue.demo.loader import DEMO_PASSWORD, _corpus_lines, _date_shift, _parse_time, load_demo
from dialogue.demo.youth_club import YOUTH_CLUB_WEEKS_AGO
from dialogue.exports.models import ExportFile
from dialogue.extensions import db
from dialogue.signals.models import Signal, SignalStatus
from dialogue.themes.dashboard import network_overview

pytestmark = pytest.mark.slow
#: The corpus' asylum-centre surge lasts its last four weeks (tests/demo/test_demo_corpus.py).
SURGE_WEEKS = 4


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """Return an app on its own SQLite file with the demo loaded once."""
    folder = tmp_path_factory.mktemp("demo")
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite'}",
        "INSTANCE_PATH": str(folder),
    }
    app = create_app(type("DemoConfig", (TestConfig,), settings))
    with app.app_context():
        db.create_all()
        load_demo()
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _asylum_surge_start() -> date:
    """The Monday of the first of the corpus' four asylum-surge weeks, as loaded."""
    lines = _corpus_lines()
    shift = _date_shift(lines)
    moments = [
        _parse_time(line["created_at"]) + shift for line in lines if line["category"] == "azc"
    ]
    last_week = max(moment.date() - timedelta(days=moment.weekday()) for moment in moments)
    return last_week - timedelta(weeks=SURGE_WEEKS - 1)


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def test_held_demo_input_has_its_personal_data_marked(demo_app: Flask) -> None:
    with demo_app.app_context():
        held = db.session.scalars(select(Contribution).filter_by(hold_reason="pii")).all()
        # The corpus marks 16 texts with personal data; the screening finds all but one
        # (a phone number written in pairs, "06 98 76 54 32").
        assert len(held) >= 15
        for contribution in held:
            assert contribution.pii_spans, contribution.text
            assert contribution.status == ContributionStatus.PENDING


def test_demo_shows_answers_supports_replies_and_decided_signals(demo_app: Flask) -> None:
    with demo_app.app_context():
        answers = db.session.scalars(select(OfficialResponse)).all()
        assert any(a.theme_key for a in answers)
        assert any(a.contribution_id for a in answers)
        assert any(not a.theme_key and not a.contribution_id for a in answers)
        assert _count(select(Support)) >= 50
        assert _count(select(Reply).filter_by(status=ContributionStatus.PUBLISHED)) >= 5
        signals = db.session.scalars(select(Signal)).all()
        # The detector raises the asylum-centre surge (taken up with the theme's answer), the
        # detour week of the road works in one kern (dismissed as already known) and last
        # week's reactions to the closing youth club in Holtum, left open for the analyst.
        by_status = {status: [s for s in signals if s.status == status] for status in SignalStatus}
        assert len(by_status[SignalStatus.ACKNOWLEDGED]) == 1
        surge = by_status[SignalStatus.ACKNOWLEDGED][0]
        assert surge.response_id is not None
        assert "Thema 'Opvang'" in surge.explanation
        assert len(by_status[SignalStatus.DISMISSED]) == 1
        dismissed = by_status[SignalStatus.DISMISSED][0]
        assert dismissed.status_reason.startswith("Al bekend: De omleiding")
        assert dismissed.quiet_until is not None
        # Last week's reactions are more input than usual and more negative: two alerts on
        # the youth theme in that week, the volume one naming Holtum.
        youth_week = week_start(YOUTH_CLUB_WEEKS_AGO).date()
        open_signals = {s.kind.value: s for s in by_status[SignalStatus.NEW]}
        assert set(open_signals) == {"rising_volume", "rising_discontent"}
        for open_signal in open_signals.values():
            assert open_signal.explanation.startswith("Thema 'Jongeren'")
            assert open_signal.period_start == youth_week
        assert "vooral in Holtum" in open_signals["rising_volume"].explanation
        assert open_signals["rising_volume"].main_kernen[0] == "Holtum"  # the Kern column
        assert _count(select(Contribution).filter_by(channel=Channel.MEETING)) == 1


def test_demo_asylum_alert_starts_in_the_surge_first_week_and_names_the_kern(
    demo_app: Flask,
) -> None:
    """Issue 13: the surge's first-week texts spread over several themes, so the asylum
    theme alone stays under the floor that week; the kern's rise over all its input finds
    it, and the theme's alert of the next week joins it as one alert (docs/nlp.md)."""
    with demo_app.app_context():
        surge = db.session.scalar(select(Signal).filter_by(status=SignalStatus.ACKNOWLEDGED))
        assert surge.period_start == _asylum_surge_start()
        assert "vooral in Oosterwolde-Vaart" in surge.explanation


def test_demo_has_a_closed_consultation_with_its_council_report(demo_app: Flask) -> None:
    with demo_app.app_context():
        closed = db.session.scalar(select(Consultation).filter_by(status=ConsultationStatus.CLOSED))
        assert closed is not None and closed.open_data_published_at is not None
        report = db.session.scalar(select(ExportFile).filter_by(consultation_id=closed.id))
        assert report.format == "pdf" and Path(report.path).read_bytes().startswith(b"%PDF")


def test_network_overview_shows_a_second_municipality(demo_app: Flask) -> None:
    with demo_app.app_context():
        assert {row.municipality for row in network_overview()} == {"Dijkzicht", "Veenmarke"}


def test_home_page_says_what_the_municipality_did(demo_app: Flask) -> None:
    page = demo_app.test_client().get("/").get_data(as_text=True)
    assert "antwoord" in page.split("Onlangs gesloten")[0].lower()


def test_demo_load_prints_a_working_code_for_each_official(demo_app: Flask) -> None:
    output = demo_app.test_cli_runner().invoke(args=["demo", "load"]).output
    assert "demo already loaded" in output and DEMO_PASSWORD in output
    with demo_app.app_context():
        officials = db.session.scalars(select(User).where(User.role.in_(OFFICIAL_ROLES))).all()
        demo_officials = [u for u in officials if u.email.endswith("dijkzicht.example.org")]
        assert len(demo_officials) == 3
        for user in demo_officials:
            found = re.search(
                rf"{re.escape(user.email)} .*secret (\w+), current code (\d{{6}})", output
            )
            assert found, user.email
            assert found.group(1) == user.totp_secret and user.totp_enabled
            assert pyotp.TOTP(found.group(1)).verify(found.group(2), valid_window=1)
