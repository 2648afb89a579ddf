"""The "Onzeker" list: input placed with low confidence waits for an analyst."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.audit.models import AuditEvent
from dialogue.contributions.models import Contribution
from dialogue.themes.analysis import assign_to_theme, forget_cached_model, load_contributions
from dialogue.themes.curation import apply_curation
from dialogue.themes.models import Theme, ThemeAnalysis
from nlp.themes import UNCERTAIN_BELOW
from tests.factories import make_consultation, make_contribution, make_user
from tests.helpers import csrf_token
from tests.themes.test_curation_survives import pipeline_result

GROUPS = {"t1": list(range(0, 6)), "t2": list(range(6, 12))}
UNSURE = (2, 8)  # one input of each theme is placed with low confidence


def analyse(db, consultation, ids) -> None:
    model = pipeline_result(GROUPS, ids)
    model.confidence = {str(i): 0.6 for i in ids}
    for row in UNSURE:
        model.confidence[str(ids[row])] = UNCERTAIN_BELOW / 2
    apply_curation(consultation, load_contributions(consultation.id), model)
    db.session.commit()


@pytest.fixture
def unsure(db):
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    ids = [
        make_contribution(consultation=consultation, text=f"Tekst {n} over de brug").id
        for n in range(12)
    ]
    db.session.commit()
    analyse(db, consultation, ids)
    themes = {
        t.key: t
        for t in db.session.scalars(select(Theme).filter_by(consultation_id=consultation.id))
    }
    return analyst, consultation, ids, themes


def test_uncertain_input_waits_outside_its_theme(db, unsure):
    _, _, ids, themes = unsure
    item = db.session.get(Contribution, ids[2])
    assert item.theme_key is None and item.suggested_theme_key == "t1"
    assert item.theme_confidence == pytest.approx(UNCERTAIN_BELOW / 2)
    assert themes["t1"].size == 5 and themes["t2"].size == 5
    sure = db.session.get(Contribution, ids[0])
    assert sure.theme_key == "t1" and sure.suggested_theme_key is None


def test_the_themes_page_links_to_the_list_and_the_list_shows_the_suggestion(
    client, as_user, unsure
):
    analyst, consultation, _, _ = unsure
    as_user(analyst)
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/themas").get_data(as_text=True)
    assert "Onzeker: 2 bijdragen wachten op uw keuze" in page
    listing = client.get(f"/werkplek/raadplegingen/{consultation.id}/onzeker")
    assert listing.status_code == 200
    text = listing.get_data(as_text=True)
    assert "Tekst 2 over de brug" in text and "Tekst 8 over de brug" in text
    assert "Tekst 0 over de brug" not in text
    assert "Voorstel: Thema t1 (zekerheid 5%)" in text


def test_a_near_tie_says_so_instead_of_zero_percent(client, as_user, db, unsure):
    """Confidence rounded to 0% reads as "certainly wrong"; a near tie is what it means."""
    analyst, consultation, ids, _ = unsure
    db.session.get(Contribution, ids[2]).theme_confidence = 0.003
    db.session.commit()
    as_user(analyst)
    text = client.get(f"/werkplek/raadplegingen/{consultation.id}/onzeker").get_data(as_text=True)
    assert "Voorstel: Thema t1 (zekerheid minder dan 1%: een ander thema past bijna even goed)" in (
        text
    )
    assert "zekerheid 0%" not in text


def test_confirm_and_move_lock_the_input_and_are_audited(client, as_user, db, unsure):
    analyst, consultation, ids, themes = unsure
    as_user(analyst)
    url = f"/werkplek/raadplegingen/{consultation.id}/onzeker"
    token = csrf_token(client.get(url).get_data(as_text=True))
    client.post(url, data={"csrf_token": token, "contribution": ids[2], "target": themes["t1"].id})
    client.post(url, data={"csrf_token": token, "contribution": ids[8], "target": themes["t1"].id})
    db.session.expire_all()
    for row in UNSURE:
        item = db.session.get(Contribution, ids[row])
        assert item.theme_key == "t1" and item.theme_locked and item.suggested_theme_key is None
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["theme.confirm_contribution", "theme.move_contribution"]
    assert "Er wacht geen inbreng" in client.get(url).get_data(as_text=True)
    analyse(db, consultation, ids)  # a re-analysis keeps the analyst's choice
    assert db.session.get(Contribution, ids[8]).theme_key == "t1"


def test_bad_input_gets_a_dutch_message_and_changes_nothing(client, as_user, db, unsure):
    analyst, consultation, ids, _ = unsure
    as_user(analyst)
    url = f"/werkplek/raadplegingen/{consultation.id}/onzeker"
    token = csrf_token(client.get(url).get_data(as_text=True))
    for data in ({"contribution": ids[2], "target": "abc"}, {"contribution": ids[2], "target": 99999},
                 {"contribution": ids[0], "target": 0}, {"contribution": "x"}):  # fmt: skip
        response = client.post(url, data={"csrf_token": token, **data}, follow_redirects=True)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "Kies een thema dat nog bestaat" in page or "staat niet (meer) op de lijst" in page
    db.session.expire_all()
    assert db.session.get(Contribution, ids[2]).suggested_theme_key == "t1"
    assert not db.session.get(Contribution, ids[0]).theme_locked


def test_another_municipality_gets_404(client, as_user, unsure, db):
    _, consultation, _, _ = unsure
    outsider = make_user(Role.ANALYST)
    db.session.commit()  # a refused request rolls back before it logs the attempt
    as_user(outsider)
    url = f"/werkplek/raadplegingen/{consultation.id}/onzeker"
    assert client.get(url).status_code == 404


def test_new_input_between_two_themes_gets_only_a_suggestion(db):
    from nlp.themes import Theme as PipelineTheme
    from nlp.themes import ThemeModel
    from nlp.themes.features import LexicalVectoriser

    consultation = make_consultation()
    themes = tuple(
        PipelineTheme(id=key, label=word, keywords=(word,), size=5, examples=(),
                      centroid={f"w:{word}": 1.0}, threshold=0.05)
        for key, word in (("t1", "windmolen"), ("t2", "container"))
    )  # fmt: skip
    model = ThemeModel(
        themes=themes,
        assignment={},
        vectoriser=LexicalVectoriser(word_idf={"windmolen": 1.0, "container": 1.0}),
    )
    db.session.add(
        ThemeAnalysis(consultation_id=consultation.id, model=model.to_dict(), method="lexical",
                      contribution_count=0, theme_count=2)
    )  # fmt: skip
    db.session.commit()
    forget_cached_model(consultation.id)  # ids repeat across rolled-back tests
    clear = make_contribution(consultation=consultation, text="De windmolen")
    both = make_contribution(consultation=consultation, text="De windmolen en de container")
    assert assign_to_theme(clear) == "t1" and clear.theme_confidence == 1.0
    assert assign_to_theme(both) is None
    assert both.suggested_theme_key in {"t1", "t2"} and both.theme_confidence < UNCERTAIN_BELOW


def test_the_list_shows_one_suggested_theme_at_a_time(client, as_user, unsure):
    """An analyst works through the list theme by theme; placing keeps the choice."""
    analyst, consultation, ids, themes = unsure
    as_user(analyst)
    url = f"/werkplek/raadplegingen/{consultation.id}/onzeker"
    text = client.get(url).get_data(as_text=True)
    assert "Thema t1 (1)" in text and "Thema t2 (1)" in text
    chosen = client.get(f"{url}?thema={themes['t1'].id}").get_data(as_text=True)
    assert "Tekst 2 over de brug" in chosen and "Tekst 8 over de brug" not in chosen
    token = csrf_token(chosen)
    placed = client.post(
        url,
        data={
            "csrf_token": token,
            "contribution": ids[2],
            "target": themes["t1"].id,
            "thema": themes["t1"].id,
        },
    )
    assert placed.headers["Location"].endswith(f"/onzeker?thema={themes['t1'].id}")
    after = client.get(placed.headers["Location"]).get_data(as_text=True)
    assert "Er wacht geen inbreng meer met dit voorstel." in after


def test_an_unknown_theme_in_the_filter_shows_everything_and_says_so(client, as_user, unsure):
    analyst, consultation, _, _ = unsure
    as_user(analyst)
    url = f"/werkplek/raadplegingen/{consultation.id}/onzeker?thema=999999"
    response = client.get(url)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dat thema bestaat niet (meer)." in text
    assert "Tekst 2 over de brug" in text and "Tekst 8 over de brug" in text
