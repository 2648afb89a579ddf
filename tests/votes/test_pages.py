"""The Stemmen view, the vote form, and the public "Wat verbindt ons" page."""

from __future__ import annotations

from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.extensions import db as database
from dialogue.votes.models import Vote, VoteValue
from dialogue.votes.services import cast_vote
from tests.factories import make_consultation, make_contribution, make_user
from tests.helpers import post_form, show_url, text_of


def _voting_url(consultation) -> str:
    return f"{show_url(consultation)}/stemmen"


def test_a_resident_votes_one_input_at_a_time(client, db, as_user):
    consultation = make_consultation(voting=True)
    older = make_contribution(consultation=consultation, text="Meer bankjes bij de vijver.")
    newer = make_contribution(consultation=consultation, text="Een pinautomaat in de kern.")
    resident = make_user()
    database.session.commit()
    as_user(resident)
    url = _voting_url(consultation)

    page = text_of(client.get(url))
    assert "Een pinautomaat in de kern." in page and "Meer bankjes" not in page
    answer = post_form(client, f"/inbreng/{newer.id}/stem", {"vote": "agree"}, page=url)
    assert answer.status_code == 302 and answer.location.startswith(url)
    page = text_of(client.get(url))
    assert "Uw stem is opgeslagen" in page and "Meer bankjes bij de vijver." in page
    post_form(client, f"/inbreng/{older.id}/stem", {"vote": "pass"}, page=url)
    assert "U heeft op alle inbreng gestemd" in text_of(client.get(url))

    # The link on an input card opens that input, with the vote given, to change it.
    page = text_of(client.get(f"{url}?inbreng={newer.id}"))
    assert "Een pinautomaat in de kern." in page and 'value="agree" class' in page
    post_form(client, f"/inbreng/{newer.id}/stem", {"vote": "disagree"}, page=url)
    votes = database.session.scalars(select(Vote).order_by(Vote.contribution_id)).all()
    assert [(v.contribution_id, v.value) for v in votes] == [
        (older.id, VoteValue.PASS),
        (newer.id, VoteValue.DISAGREE),
    ]


def test_a_wrong_vote_or_a_closed_consultation_stores_nothing(client, db, as_user):
    consultation = make_consultation(voting=True)
    item = make_contribution(consultation=consultation)
    switched_off = make_contribution(consultation=make_consultation(voting=False))
    resident = make_user()
    database.session.commit()
    as_user(resident)
    url = _voting_url(consultation)

    post_form(client, f"/inbreng/{item.id}/stem", {"vote": "misschien"}, page=url)
    assert "Kies eens, oneens of weet ik niet." in text_of(client.get(url))
    post_form(client, f"/inbreng/{switched_off.id}/stem", {"vote": "agree"}, page=url)
    assert database.session.scalars(select(Vote)).all() == []


def _camps(consultation, *, small_camp: int = 6):
    shared = make_contribution(consultation=consultation, text="Houd de bibliotheek open.")
    left = make_contribution(consultation=consultation, text="Meer parkeerplaatsen op het plein.")
    right = make_contribution(consultation=consultation, text="Een autovrij plein met bomen.")
    for camp, size in ((0, 6), (1, small_camp)):
        for _ in range(size):
            resident = make_user(display_name=f"Stemmer kamp {camp}")
            cast_vote(shared, resident, VoteValue.AGREE)
            cast_vote(left, resident, VoteValue.AGREE if camp == 0 else VoteValue.DISAGREE)
            cast_vote(right, resident, VoteValue.DISAGREE if camp == 0 else VoteValue.AGREE)
    database.session.commit()


def test_common_ground_page_shows_what_connects_first_then_what_divides(client, db):
    consultation = make_consultation(voting=True)
    _camps(consultation)

    page = text_of(client.get(f"{show_url(consultation)}/wat-verbindt-ons"))

    assert "Groep A" in page and "Groep B" in page
    assert "vooral eens met" in page  # each group described by the input it agrees on most
    connects = page.index("Waar alle groepen het over eens zijn")
    divides = page.index("Waar de meningen verschillen")
    assert connects < page.index("Houd de bibliotheek open.") < divides
    assert "Houd de bibliotheek open." not in page[divides:]
    assert "Meer parkeerplaatsen op het plein." in page[divides:]
    assert "Een autovrij plein met bomen." in page[divides:]
    assert "Stemmer kamp" not in page  # no individual, no name
    assert 'role="img"' in page and "<table" in page


def test_a_group_below_the_privacy_threshold_is_never_shown(client, app, db):
    consultation = make_consultation(voting=True)
    _camps(consultation, small_camp=app.config["PRIVACY_THRESHOLD"] - 1)

    page = text_of(client.get(f"{show_url(consultation)}/wat-verbindt-ons"))
    api = client.get(f"/api/v1/consultations/{consultation.id}/common-ground").json

    assert "Groep B" not in page and "te weinig stemmen" in page
    assert [g["size"] for g in api["groups"]] == [6]
    assert api["divisive"] == []


def test_admins_switch_voting_on_in_the_consultation_form(client, db, as_user):
    admin = make_user(Role.ADMIN)
    consultation = make_consultation(municipality=admin.municipality)
    database.session.commit()
    as_user(admin)
    url = f"/beheer/raadplegingen/{consultation.id}"
    form = {
        "title": consultation.title,
        "question": consultation.question,
        "moderation_mode": "post",
        "voting": "y",
    }
    assert post_form(client, url, form, page=url).status_code == 302
    database.session.refresh(consultation)
    assert consultation.voting
    assert "Begin met stemmen" in text_of(client.get(show_url(consultation)))


def test_theme_page_of_officials_shows_its_common_ground_input(client, db, as_user):
    from dialogue.themes.models import Theme

    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality, voting=True)
    _camps(consultation)
    theme = Theme(
        consultation_id=consultation.id,
        municipality_id=consultation.municipality_id,
        key="bieb",
        label="Bibliotheek",
        size=3,
    )
    database.session.add(theme)
    for item in consultation.contributions:
        item.theme_key = "bieb"
    database.session.commit()
    as_user(analyst)

    page = text_of(client.get(f"/werkplek/themas/{theme.id}"))
    shared = page[page.index('id="gedeeld"') : page.index('id="bijdragen"')]
    assert "Houd de bibliotheek open." in shared
    assert "Meer parkeerplaatsen op het plein." not in shared
    # The public theme view is kept for every visitor: it links to the live page instead.
    public = text_of(client.get(f"{show_url(consultation)}/themas"))
    assert "/wat-verbindt-ons" in public


def test_common_ground_per_kern_needs_enough_voters_of_that_kern(client, db):
    from dialogue.contributions.models import ContributionStatus
    from dialogue.votes.models import Vote as VoteRow

    consultation = make_consultation(voting=True)
    _camps(consultation)
    big, small = consultation.kernen
    voters = database.session.scalars(select(VoteRow.user_id).distinct()).all()
    for number, voter in enumerate(sorted(voters)):
        make_contribution(
            consultation=consultation,
            author_id=voter,
            kern=small if number == 0 else big,
            text=f"Mijn eigen punt nummer {number} voor de kern.",
            status=ContributionStatus.PENDING,
        )
    database.session.commit()

    page = text_of(client.get(f"{show_url(consultation)}/wat-verbindt-ons"))

    per_kern = page[page.index('id="per-kern"') :]
    assert f"{big.name} <span" in per_kern and "11 inwoners" in per_kern
    assert "Houd de bibliotheek open." in per_kern
    assert small.name not in per_kern  # one voter: below the threshold
