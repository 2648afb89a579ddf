"""Analysts' pages: curation through the forms, scoping, privacy threshold, network overview."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dialogue.accounts.models import Role
from dialogue.answers.models import OfficialResponse
from dialogue.audit.models import AuditEvent
from dialogue.contributions.models import Contribution
from dialogue.mail import OutboxMessage
from dialogue.signals.models import Signal, SignalKind, SignalStatus
from dialogue.themes.models import Theme, ThemeStatus
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_contribution, make_signal, make_user
from tests.helpers import csrf_token


@pytest.fixture
def workspace(db):
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    kern = consultation.kernen[0]
    resident = make_user(Role.RESIDENT)
    themes = {}
    for key, label, size in (("t1", "Windpark De Vaart", 12), ("t2", "Verkeer in het dorp", 3)):
        themes[key] = Theme(
            consultation_id=consultation.id,
            municipality_id=consultation.municipality_id,
            key=key,
            label=label,
            size=size,
            negative_share=0.5,
        )
        db.session.add(themes[key])
        for n in range(size):
            make_contribution(
                consultation=consultation,
                text=f"Inbreng {n} over {label.lower()} met genoeg tekst",
                theme_key=key,
                kern=kern,
                author=resident if n == 0 else None,
                negative=n % 2 == 0,
                created_at=utcnow() - timedelta(days=n),
            )
    signal = make_signal(
        consultation,
        kind=SignalKind.RISING_DISCONTENT,
        score=3.2,
        p_value=0.001,
        explanation="12 teksten in week 47, normaal 2–4; 70% negatief, normaal 30%",
    )
    db.session.commit()
    return {
        "analyst": analyst,
        "consultation": consultation,
        "themes": themes,
        "signal": signal,
        "resident": resident,
    }


def test_theme_list_and_dashboard_hide_small_counts(client, as_user, workspace):
    as_user(workspace["analyst"])
    consultation = workspace["consultation"]
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/themas").get_data(as_text=True)
    assert "Windpark De Vaart" in page and "Verkeer in het dorp" in page
    assert "&lt; 5" in page  # the theme of 3 shows no exact count
    dashboard = client.get(f"/werkplek/raadplegingen/{consultation.id}/dashboard")
    assert dashboard.status_code == 200
    body = dashboard.get_data(as_text=True)
    assert 'role="img"' in body and "aria-label" in body and "<table" in body
    # The kern x theme table: 12 is shown, 3 is not.
    assert ">12<" in body.replace(" ", "") and "&lt; 5" in body


def test_rename_merge_status_through_forms(client, as_user, workspace, db):
    as_user(workspace["analyst"])
    wind, traffic = workspace["themes"]["t1"], workspace["themes"]["t2"]
    page = client.get(f"/werkplek/themas/{wind.id}").get_data(as_text=True)
    token = csrf_token(page)
    response = client.post(
        f"/werkplek/themas/{wind.id}/naam", data={"csrf_token": token, "label": "Windmolens"}
    )
    assert response.status_code == 302
    client.post(
        f"/werkplek/themas/{wind.id}/status", data={"csrf_token": token, "status": "in_behandeling"}
    )
    client.post(
        f"/werkplek/themas/{traffic.id}/samenvoegen", data={"csrf_token": token, "target": wind.id}
    )
    db.session.expire_all()
    assert db.session.get(Theme, wind.id).label == "Windmolens"
    assert db.session.get(Theme, wind.id).status == ThemeStatus.IN_PROGRESS
    assert not db.session.get(Theme, traffic.id).active
    assert (
        db.session.scalar(select(func.count()).select_from(Contribution).filter_by(theme_key="t1"))
        == 15
    )
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["theme.rename", "theme.status", "theme.merge"]


def test_merge_into_itself_gives_a_message(client, as_user, workspace, db):
    as_user(workspace["analyst"])
    wind = workspace["themes"]["t1"]
    token = csrf_token(client.get(f"/werkplek/themas/{wind.id}").get_data(as_text=True))
    response = client.post(
        f"/werkplek/themas/{wind.id}/samenvoegen",
        data={"csrf_token": token, "target": wind.id},
        follow_redirects=True,
    )
    assert "met zichzelf" in response.get_data(as_text=True)
    assert db.session.get(Theme, wind.id).active


def test_split_and_move(client, as_user, workspace, db):
    as_user(workspace["analyst"])
    wind, traffic = workspace["themes"]["t1"], workspace["themes"]["t2"]
    token = csrf_token(client.get(f"/werkplek/themas/{wind.id}").get_data(as_text=True))
    ids = db.session.scalars(select(Contribution.id).filter_by(theme_key="t1").limit(3)).all()
    response = client.post(
        f"/werkplek/themas/{wind.id}/splitsen",
        data={"csrf_token": token, "label": "Slagschaduw", "contributions": ids},
    )
    assert response.status_code == 302
    new = db.session.scalar(select(Theme).filter_by(label="Slagschaduw"))
    assert new.pinned and new.size == 3
    moved = ids[0]
    client.post(
        f"/werkplek/themas/{new.id}/verplaatsen",
        data={"csrf_token": token, "contribution": moved, "target": traffic.id},
    )
    db.session.expire_all()
    contribution = db.session.get(Contribution, moved)
    assert contribution.theme_key == "t2" and contribution.theme_locked


def test_theme_answer_is_public_and_notifies(client, as_user, workspace, db):
    as_user(workspace["analyst"])
    wind = workspace["themes"]["t1"]
    token = csrf_token(client.get(f"/werkplek/themas/{wind.id}").get_data(as_text=True))
    text = "Wij gaan in gesprek met de bewoners van De Vaart over de plek van de molens."
    check = client.post(
        f"/werkplek/themas/{wind.id}/antwoord",
        data={"csrf_token": token, "text": text, "action": "check"},
    )
    assert check.status_code == 200 and "Flesch-Douma" in check.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(OfficialResponse)) == 0
    client.post(
        f"/werkplek/themas/{wind.id}/antwoord",
        data={"csrf_token": token, "text": text, "action": "publish"},
    )
    response = db.session.scalar(select(OfficialResponse))
    assert response.theme_key == "t1" and response.author_role == "analyst"
    assert db.session.get(Theme, wind.id).status == ThemeStatus.ANSWERED
    mail = db.session.scalars(select(OutboxMessage)).all()
    assert [m.recipient for m in mail] == [workspace["resident"].email]


def test_too_short_answer_is_refused_with_message(client, as_user, workspace, db):
    as_user(workspace["analyst"])
    wind = workspace["themes"]["t1"]
    token = csrf_token(client.get(f"/werkplek/themas/{wind.id}").get_data(as_text=True))
    response = client.post(
        f"/werkplek/themas/{wind.id}/antwoord",
        data={"csrf_token": token, "text": "Kort", "action": "publish"},
    )
    assert response.status_code == 400 and "tussen 20 en 5.000" in response.get_data(as_text=True)


def test_signal_acknowledge_and_dismiss(client, as_user, workspace, db):
    as_user(workspace["analyst"])
    signal = workspace["signal"]
    page = client.get(f"/werkplek/signalen/{signal.id}").get_data(as_text=True)
    assert "normaal 30%" in page and "Wat inwoners schrijven" in page
    # The reason for dismissing goes into the council report: the form says so.
    assert "staat in het verslag voor de gemeenteraad" in page
    token = csrf_token(page)
    empty = client.post(
        f"/werkplek/signalen/{signal.id}/afwijzen",
        data={"csrf_token": token, "reason": "anders", "note": " "},
        follow_redirects=True,
    )
    assert "Geef een reden op" in empty.get_data(as_text=True)
    none = client.post(
        f"/werkplek/signalen/{signal.id}/afwijzen",
        data={"csrf_token": token, "note": "iets"},
        follow_redirects=True,
    )
    assert "Kies een reden" in none.get_data(as_text=True)
    client.post(
        f"/werkplek/signalen/{signal.id}/afwijzen",
        data={"csrf_token": token, "reason": "anders", "note": "Eenmalige actie van de dorpsraad"},
    )
    db.session.expire_all()
    stored = db.session.get(Signal, signal.id)
    assert stored.status == SignalStatus.DISMISSED
    assert stored.status_reason == "Anders: Eenmalige actie van de dorpsraad"
    assert stored.quiet_until == stored.period_end + timedelta(weeks=4)
    assert db.session.scalar(select(AuditEvent.action)) == "signal.dismiss"


def test_other_municipality_sees_nothing(client, as_user, workspace, db):
    outsider = make_user(Role.ADMIN)
    db.session.commit()  # a refused request rolls back before it logs the attempt
    as_user(outsider)
    consultation, wind, signal = (
        workspace["consultation"],
        workspace["themes"]["t1"],
        workspace["signal"],
    )
    for path in (
        f"/werkplek/raadplegingen/{consultation.id}/themas",
        f"/werkplek/raadplegingen/{consultation.id}/dashboard",
        f"/werkplek/themas/{wind.id}",
        f"/werkplek/signalen/{signal.id}",
        f"/werkplek/raadplegingen/{consultation.id}/signalen",
    ):
        assert client.get(path).status_code == 404, path


def test_network_overview_has_no_input_text_and_hides_small_counts(client, as_user, workspace):
    workspace["consultation"].municipality.in_network = True
    partner = make_user(Role.NETWORK)
    as_user(partner)
    page = client.get("/netwerk/").get_data(as_text=True)
    assert "Windpark De Vaart" in page and "&lt; 5" in page
    assert "Inbreng 0" not in page and "met genoeg tekst" not in page
    assert workspace["resident"].display_name not in page


def test_residents_cannot_reach_the_workspace(client, as_user, workspace):
    as_user(workspace["resident"])
    assert client.get(f"/werkplek/themas/{workspace['themes']['t1'].id}").status_code == 403
    assert client.get("/netwerk/").status_code == 403


def test_editing_a_theme_that_was_merged_away_gives_a_message(client, as_user, workspace, db):
    as_user(workspace["analyst"])
    wind, traffic = workspace["themes"]["t1"], workspace["themes"]["t2"]
    token = csrf_token(client.get(f"/werkplek/themas/{traffic.id}").get_data(as_text=True))
    client.post(
        f"/werkplek/themas/{traffic.id}/samenvoegen", data={"csrf_token": token, "target": wind.id}
    )
    for action, data in (
        ("naam", {"label": "Nieuwe naam"}),
        ("status", {"status": "open"}),
        ("vastzetten", {}),
    ):
        response = client.post(
            f"/werkplek/themas/{traffic.id}/{action}",
            data={"csrf_token": token, **data},
            follow_redirects=True,
        )
        assert "bestaat niet meer" in response.get_data(as_text=True), action
    assert db.session.get(Theme, traffic.id).label == "Verkeer in het dorp"


def test_officials_home_shows_unanswered_discontent_and_links(client, as_user, workspace, db):
    as_user(workspace["analyst"])
    page = client.get("/werkplek").get_data(as_text=True)
    assert "Signalen zonder antwoord" in page and "Windpark De Vaart" in page
    assert "dagen zonder antwoord" in page or "dag zonder antwoord" in page
    consultation = workspace["consultation"]
    assert f"/werkplek/raadplegingen/{consultation.id}/dashboard" in page
    db.session.add(
        OfficialResponse(
            consultation_id=consultation.id,
            theme_key="t1",
            author_role="analyst",
            text="We komen met een plan voor de molens.",
        )
    )
    db.session.commit()
    page = client.get("/werkplek").get_data(as_text=True)
    assert "Op elk thema met een signaal heeft de gemeente geantwoord" in page


def test_negative_shares_of_small_groups_are_hidden(client, as_user, db):
    """20% of 5 is one person: a share shows only where part and whole reach the threshold."""
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    # Midday last Wednesday: the input of a theme falls in one week whatever time the suite
    # runs (just after midnight on a Monday it would otherwise straddle two weeks).
    today = utcnow()
    wednesday = today - timedelta(days=today.weekday() + 5)
    midday = wednesday.replace(hour=12, minute=0, second=0, microsecond=0)
    for key, negatives in (("few", 1), ("many", 5)):
        db.session.add(
            Theme(
                consultation_id=consultation.id,
                municipality_id=consultation.municipality_id,
                key=key,
                label=f"Thema {key}",
                size=10 if key == "many" else 5,
                negative_share=negatives / (10 if key == "many" else 5),
            )
        )
        for n in range(10 if key == "many" else 5):
            make_contribution(
                consultation=consultation,
                theme_key=key,
                text=f"Inbreng {n} over {key} met genoeg tekst",
                negative=n < negatives,
                created_at=midday - timedelta(minutes=n),
            )
    db.session.commit()
    as_user(analyst)
    base = f"/werkplek/raadplegingen/{consultation.id}"
    for path in (f"{base}/dashboard", f"{base}/themas"):
        page = client.get(path).get_data(as_text=True)
        assert "20%" not in page, path
        assert "50%" in page, path
    # The list says what its "–" means; a theme's own page says it in words.
    assert "„–” bij Negatief: minder dan 5 negatieve teksten" in page
    few = db.session.scalar(select(Theme).filter_by(consultation_id=consultation.id, key="few"))
    detail = client.get(f"/werkplek/themas/{few.id}").get_data(as_text=True)
    assert "negatief: minder dan 5 teksten" in " ".join(detail.split())
