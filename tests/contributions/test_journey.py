"""The resident's whole journey through the pages, in one go, as a browser would do it."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.contributions.models import Contribution, ContributionStatus, Support
from dialogue.extensions import db as _db
from tests.factories import PASSWORD, make_consultation, make_contribution, make_user
from tests.helpers import count, csrf_token, text_of


def follow(client, response):
    assert response.status_code == 302, response.status_code
    return client.get(response.location)


def test_find_post_react_edit_withdraw_download_delete(client, as_user):
    consultation = make_consultation(title="Nieuwe fietsbrug")
    neighbour_input = make_contribution(
        consultation=consultation, author=make_user(), text="Graag verlichting op de brug."
    )
    resident = make_user(display_name="Fenna")
    _db.session.commit()
    as_user(resident)
    token = csrf_token(client)

    # Find the consultation from the home page and the municipality page.
    home = text_of(client.get("/"))
    show = f"/{consultation.municipality.slug}/{consultation.slug}"
    assert show in home
    assert show in text_of(client.get(f"/{consultation.municipality.slug}"))

    # Post input.
    page = text_of(client.get(show))
    ref = re.search(r'name="form_ref"[^>]*value="([^"]+)"', page).group(1)
    posted = client.post(
        f"{show}/inbreng",
        data={
            "text": "Een brug voor fietsers scheelt veel omrijden.",
            "kern": "",
            "display_name": "Fenna",
            "consent": "y",
            "form_ref": ref,
            "csrf_token": token,
        },
    )
    assert "staat online" in text_of(follow(client, posted))
    mine = _db.session.scalars(
        select(Contribution).where(Contribution.author_id == resident.id)
    ).one()

    # React on the neighbour's input: reply, support, report.
    item = f"/inbreng/{neighbour_input.id}"
    follow(
        client, client.post(f"{item}/reageren", data={"text": "Goed idee!", "csrf_token": token})
    )
    follow(client, client.post(f"{item}/steun", data={"action": "add", "csrf_token": token}))
    reported = client.post(f"{item}/melden", data={"reason": "onderwerp", "csrf_token": token})
    assert "Dank u wel voor uw melding" in text_of(follow(client, reported))
    page = text_of(client.get(show))
    assert "Goed idee!" in page and "1 inwoner steunt dit" in page

    # Edit, then withdraw own input.
    edited = client.post(
        f"/mijn-inbreng/{mine.id}/wijzigen",
        data={
            "text": "Een fietsbrug scheelt veel omrijden voor scholieren.",
            "kern": "",
            "csrf_token": token,
        },
    )
    assert "gewijzigd" in text_of(follow(client, edited))
    follow(client, client.post(f"/mijn-inbreng/{mine.id}/intrekken", data={"csrf_token": token}))
    _db.session.expire_all()
    assert mine.status == ContributionStatus.WITHDRAWN
    assert "scholieren" not in text_of(client.get(show))

    # Download own data, then delete the account (content anonymised by default).
    data = json.loads(client.get("/account/gegevens/download").get_data(as_text=True))
    assert data["contributions"][0]["status"] == "withdrawn"
    assert data["replies"][0]["text"] == "Goed idee!"
    deleted = client.post(
        "/account/gegevens/verwijderen",
        data={"content": "anonymise", "password": PASSWORD, "csrf_token": token},
    )
    assert "verwijderd" in text_of(follow(client, deleted))
    assert _db.session.scalars(select(User).where(User.display_name == "Fenna")).first() is None
    assert count(Support) == 0
    assert "Goed idee!" in text_of(client.get(show))
