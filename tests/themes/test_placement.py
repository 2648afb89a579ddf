"""Published input goes into the nearest existing theme at once (no wait for re-analysis)."""

from __future__ import annotations

from collections import Counter

import pytest

from dialogue.accounts.models import Role
from dialogue.consultations.models import ModerationMode
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.contributions.services import submit_contribution
from dialogue.moderation.decisions import decide
from dialogue.moderation.models import Decision
from dialogue.themes.analysis import assign_to_theme, runner_up_keys
from dialogue.themes.models import Theme
from tests.factories import make_consultation, make_contribution, make_user

NEW_WIND_TEXT = "Die nieuwe windturbines bij de dijk maken in de nacht veel geluid"


def topic_theme(db, topics: dict[int, str], topic: str) -> str:
    """Return the theme that holds most of a topic's input after the analysis."""
    keys = Counter(
        db.session.get(Contribution, cid).theme_key for cid, t in topics.items() if t == topic
    )
    return keys.most_common(1)[0][0]


@pytest.mark.slow
def test_new_published_input_joins_the_nearest_theme(analysed, db):
    consultation, _analyst, topics, _job = analysed
    posted = submit_contribution(consultation, text=NEW_WIND_TEXT, author=make_user())
    db.session.commit()
    assert posted.status == ContributionStatus.PUBLISHED
    assert posted.theme_key == topic_theme(db, topics, "wind")


@pytest.mark.slow
def test_input_published_by_a_moderator_joins_a_theme(analysed, db, app):
    consultation, _analyst, topics, _job = analysed
    consultation.moderation_mode = ModerationMode.PRE
    posted = submit_contribution(consultation, text=NEW_WIND_TEXT, author=make_user())
    db.session.commit()
    assert posted.status == ContributionStatus.PENDING and posted.theme_key is None
    moderator = make_user(Role.MODERATOR, municipality=consultation.municipality)
    db.session.commit()
    with app.test_request_context():
        outcome = decide(
            {posted.id: ContributionStatus.PENDING},
            Decision.APPROVE,
            moderator=moderator,
            reason=None,
        )
    db.session.commit()
    assert [c.id for c in outcome.changed] == [posted.id]
    db.session.refresh(posted)
    assert posted.theme_key == topic_theme(db, topics, "wind")


@pytest.mark.slow
def test_merged_theme_is_followed_and_placed_input_is_kept(analysed, db):
    consultation, _analyst, topics, _job = analysed
    wind = topic_theme(db, topics, "wind")
    other = next(
        t
        for t in db.session.query(Theme).filter_by(consultation_id=consultation.id, active=True)
        if t.key != wind
    )
    db.session.query(Theme).filter_by(
        consultation_id=consultation.id, key=wind
    ).one().merged_into_key = other.key
    db.session.commit()
    posted = submit_contribution(consultation, text=NEW_WIND_TEXT, author=make_user())
    assert posted.theme_key == other.key  # the theme it was merged into
    placed = make_contribution(consultation=consultation, theme_key=wind, theme_locked=True)
    assert assign_to_theme(placed) == wind  # an official's placement is never moved


@pytest.mark.slow
def test_an_uncertain_placement_names_the_next_theme(analysed, db, client, as_user):
    """The "Onzeker" list says between which themes Kernpunt doubts: the runner-up is the
    next nearest theme as themes are now, never the suggestion itself."""
    consultation, analyst, topics, _job = analysed
    wind, waste = topic_theme(db, topics, "wind"), topic_theme(db, topics, "afval")
    both = make_contribution(
        consultation=consultation,
        text="Het afval van de windmolens bij de dijk wordt naast de container gezet",
        suggested_theme_key=waste,
        theme_confidence=0.02,
    )
    wind_only = make_contribution(
        consultation=consultation, text=NEW_WIND_TEXT, suggested_theme_key=wind
    )
    runners_up = runner_up_keys([both, wind_only])
    assert runners_up[both.id] == wind
    assert runners_up.get(wind_only.id) != wind
    db.session.commit()
    as_user(analyst)
    page = client.get(f"/werkplek/raadplegingen/{consultation.id}/onzeker").get_data(as_text=True)
    wind_label = db.session.query(Theme).filter_by(consultation_id=consultation.id, key=wind).one()
    assert f"Ook mogelijk: {wind_label.label}." in page


def test_without_an_analysis_input_has_no_theme(db):
    consultation = make_consultation()
    db.session.commit()
    posted = submit_contribution(consultation, text=NEW_WIND_TEXT, author=make_user())
    assert posted.status == ContributionStatus.PUBLISHED and posted.theme_key is None
