"""The theme page lists every member, 50 a page with counts, and move and split stay on the page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.contributions.models import Contribution
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_contribution, make_user
from tests.helpers import csrf_token

MEMBERS = 67


@pytest.fixture
def big_theme(db):
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    themes = []
    for key, label in (("t1", "Parkeren bij de school"), ("t2", "Verkeer in het dorp")):
        theme = Theme(
            consultation_id=consultation.id,
            municipality_id=consultation.municipality_id,
            key=key,
            label=label,
            size=MEMBERS if key == "t1" else 0,
        )
        db.session.add(theme)
        themes.append(theme)
    start = utcnow() - timedelta(days=100)
    for n in range(MEMBERS):
        make_contribution(
            consultation=consultation,
            theme_key="t1",
            text=f"Inbreng nummer {n:02d} over het parkeren bij de school.",
            created_at=start + timedelta(days=n),
        )
    db.session.commit()
    return analyst, themes


def member_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'name="contributions" value="(\d+)"', page)]


def test_theme_page_counts_and_reaches_every_member(client, as_user, big_theme):
    analyst, (theme, _) = big_theme
    as_user(analyst)
    first = client.get(f"/werkplek/themas/{theme.id}").get_data(as_text=True)
    assert "Teksten 1–50 van 67, nieuwste eerst." in first
    assert "Pagina 1 van 2" in first and f"/werkplek/themas/{theme.id}?page=2#bijdragen" in first
    second = client.get(f"/werkplek/themas/{theme.id}?page=2").get_data(as_text=True)
    assert "Teksten 51–67 van 67, nieuwste eerst." in second
    everyone = member_ids(first) + member_ids(second)
    assert len(everyone) == len(set(everyone)) == MEMBERS
    assert "Inbreng nummer 00 " in second  # the oldest, on the last page
    beyond = client.get(f"/werkplek/themas/{theme.id}?page=9").get_data(as_text=True)
    assert "Teksten 51–67 van 67" in beyond


def test_moving_from_page_two_returns_to_page_two(client, as_user, big_theme, db):
    analyst, (theme, target) = big_theme
    as_user(analyst)
    url = f"/werkplek/themas/{theme.id}?page=2"
    page = client.get(url).get_data(as_text=True)
    oldest = member_ids(page)[-1]
    assert f'<option value="{oldest}">' in page  # the move form offers page two's members
    response = client.post(
        f"/werkplek/themas/{theme.id}/verplaatsen",
        data={
            "csrf_token": csrf_token(page),
            "contribution": oldest,
            "target": target.id,
            "page": 2,
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/werkplek/themas/{theme.id}?page=2")
    assert db.session.get(Contribution, oldest).theme_key == "t2"


def test_splitting_members_of_page_two(client, as_user, big_theme, db):
    analyst, (theme, _) = big_theme
    as_user(analyst)
    page = client.get(f"/werkplek/themas/{theme.id}?page=2").get_data(as_text=True)
    chosen = member_ids(page)[:3]
    response = client.post(
        f"/werkplek/themas/{theme.id}/splitsen",
        data={
            "csrf_token": csrf_token(page),
            "contributions": chosen,
            "label": "Oude meldingen over parkeren",
            "page": 2,
        },
    )
    assert response.status_code == 302
    new = db.session.scalar(select(Theme).filter_by(label="Oude meldingen over parkeren"))
    assert {db.session.get(Contribution, i).theme_key for i in chosen} == {new.key}
