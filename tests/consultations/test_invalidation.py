"""A cached consultation page changes at once for the next visitor when its content changes."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import text, update

from dialogue.answers.services import answer
from dialogue.consultations.models import ConsultationStatus
from dialogue.consultations.services import rename_kern, set_consultation_status
from dialogue.contributions.authoring import withdraw_contribution
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.contributions.reactions import add_reply, add_support
from dialogue.extensions import cache, db
from dialogue.moderation.decisions import decide
from dialogue.moderation.models import Decision
from dialogue.themes.models import Theme
from tests.factories import make_contribution, make_user


def page(app: Flask, url: str) -> str:
    """Fetch url as a new logged-out visitor."""
    response = app.test_client().get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_logged_out_visitors_share_one_render(app, scene):
    assert "Eerste inbreng over de dijk." in page(app, scene.url)
    # Changed behind the application's back (raw SQL): the cached page does not notice.
    db.session.execute(
        text("UPDATE contribution SET text = 'Stil veranderd.' WHERE id = :id"),
        {"id": scene.first.id},
    )
    db.session.commit()
    assert "Eerste inbreng over de dijk." in page(app, scene.url)


def test_published_input_appears_at_once(app, scene):
    page(app, scene.url)
    make_contribution(consultation=scene.consultation, text="Nieuwe inbreng over het gemaal.")
    db.session.commit()
    assert "Nieuwe inbreng over het gemaal." in page(app, scene.url)


def test_withdrawn_input_disappears_at_once(app, scene):
    assert "Eerste inbreng over de dijk." in page(app, scene.url)
    with app.test_request_context():
        withdraw_contribution(scene.first, scene.resident)
        db.session.commit()
    assert "Eerste inbreng over de dijk." not in page(app, scene.url)


def test_hidden_by_a_moderator_disappears_at_once(app, scene):
    assert "Eerste inbreng over de dijk." in page(app, scene.url)
    with app.test_request_context():
        outcome = decide(
            {scene.first.id: ContributionStatus.PUBLISHED},
            Decision.HIDE,
            moderator=scene.moderator,
            reason="Niet over de raadpleging.",
        )
        db.session.commit()
    assert outcome.changed
    assert "Eerste inbreng over de dijk." not in page(app, scene.url)


def test_new_answer_appears_at_once(app, scene):
    page(app, scene.url)
    with app.test_request_context():
        answer(
            scene.consultation, text="De gemeente gaat de dijk versterken.", author=scene.analyst
        )
        answer(
            scene.consultation,
            text="Wij kijken naar uw punt.",
            author=scene.analyst,
            contribution=scene.first,
        )
        db.session.commit()
    html = page(app, scene.url)
    assert "De gemeente gaat de dijk versterken." in html
    assert "Wij kijken naar uw punt." in html


def test_phase_change_appears_at_once(app, scene):
    assert 'name="form_ref"' in page(app, scene.url)
    with app.test_request_context():
        set_consultation_status(scene.consultation, ConsultationStatus.CLOSED)
        db.session.commit()
    html = page(app, scene.url)
    assert "Deze raadpleging is gesloten." in html
    assert 'name="form_ref"' not in html


def test_support_and_reply_appear_at_once(app, scene):
    other = make_user()
    db.session.commit()
    assert "0 inwoners steunen dit" in page(app, scene.url)
    with app.test_request_context():
        add_support(scene.first, other)
        add_reply(scene.first, text="Daar ben ik het mee eens, de dijk is te laag.", author=other)
        db.session.commit()
    html = page(app, scene.url)
    assert "1 inwoner steunt dit" in html
    assert "Daar ben ik het mee eens, de dijk is te laag." in html


def test_renamed_kern_appears_at_once(app, scene):
    kern = scene.consultation.kernen[0]
    page(app, scene.url)
    with app.test_request_context():
        rename_kern(kern, "Nieuwdorp")
        db.session.commit()
    assert "Nieuwdorp" in page(app, scene.url)


def test_bulk_statement_raises_every_version(app, scene):
    before = scene.consultation.public_version
    db.session.execute(text("SELECT 1"))  # an unrelated statement changes nothing
    db.session.commit()
    db.session.refresh(scene.consultation)
    assert scene.consultation.public_version == before
    db.session.execute(
        update(Contribution).where(Contribution.id == scene.first.id).values(display_name="Piet")
    )
    db.session.commit()
    db.session.refresh(scene.consultation)
    assert scene.consultation.public_version == before + 1


def test_public_theme_view_is_kept_and_follows_its_themes(app, scene):
    theme = Theme(
        consultation_id=scene.consultation.id,
        municipality_id=scene.consultation.municipality_id,
        key="dijk",
        label="Dijkversterking",
        size=1,
    )
    db.session.add(theme)
    scene.first.theme_key = "dijk"
    db.session.commit()
    url = f"{scene.url}/themas"
    before = len(cache.cache._cache)  # SimpleCache in the tests
    assert "Dijkversterking" in page(app, url)
    assert len(cache.cache._cache) == before + 1, "the theme view is kept"
    assert "Dijkversterking" in page(app, url)
    assert len(cache.cache._cache) == before + 1, "the second visitor got the kept page"
    # An analyst's rename goes through the session: the next visitor sees it.
    db.session.expire_all()
    db.session.get(Theme, theme.id).label = "Versterking van de dijk"
    db.session.commit()
    assert "Versterking van de dijk" in page(app, url)
