"""Residents' screens: support in view, list position kept, deadlines, forms, dates, themes."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from dialogue.contributions.models import Support
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_contribution, make_user
from tests.helpers import post_form, show_url, text_of

OWN_DATA = "/account/gegevens"


def card_holding(page: str, text: str) -> str:
    """Return the id of the input card in which text appears."""
    before = page[: page.index(text)]
    return re.findall(r'id="inbreng-(\d+)"', before)[-1]


def _many(consultation, count: int) -> list:
    start = utcnow() - timedelta(days=2)
    return [
        make_contribution(
            consultation=consultation,
            text=f"Inbreng nummer {n} over de speeltuin.",
            created_at=start + timedelta(minutes=n),
            published_at=start + timedelta(minutes=n),
        )
        for n in range(count)
    ]


def test_after_support_the_message_is_beside_the_input_on_the_same_page(client, db, as_user):
    consultation = make_consultation()
    items = _many(consultation, 25)
    resident = make_user()
    db.session.commit()
    as_user(resident)
    page_two = f"{show_url(consultation)}?page=2&sort=nieuw"
    target = items[0]  # the oldest: on page 2 when newest come first

    response = post_form(
        client, f"/inbreng/{target.id}/steun", {"action": "add", "next": page_two}, page=page_two
    )
    assert response.location == f"{page_two}#inbreng-{target.id}"
    page = text_of(client.get(response.location))
    assert card_holding(page, "U steunt deze inbreng.") == str(target.id)
    assert page.count("U steunt deze inbreng.") == 1  # not also at the top of the page


def test_support_redirect_stays_on_this_site(client, db, as_user):
    consultation = make_consultation()
    target = _many(consultation, 1)[0]
    as_user(make_user())
    response = post_form(
        client, f"/inbreng/{target.id}/steun", {"action": "add", "next": "https://evil.example/"}
    )
    assert response.location == f"{show_url(consultation)}#inbreng-{target.id}"


def test_next_page_link_keeps_the_list_in_view(client, db):
    consultation = make_consultation()
    _many(consultation, 25)
    db.session.commit()
    page = text_of(client.get(f"{show_url(consultation)}?sort=steun"))
    link = re.search(r'rel="next" href="([^"]+)"', page).group(1)
    assert link.endswith("#inbreng") and "sort=steun" in link and "page=2" in link


def test_most_supported_first(client, db):
    consultation = make_consultation()
    items = _many(consultation, 4)
    for _ in range(3):
        db.session.add(Support(contribution_id=items[1].id, user_id=make_user().id))
    db.session.add(Support(contribution_id=items[2].id, user_id=make_user().id))
    db.session.commit()
    page = text_of(client.get(f"{show_url(consultation)}?sort=steun"))
    order = [
        int(n) for n in re.findall(r'<li class="kp-card kp-contribution" id="inbreng-(\d+)"', page)
    ]
    assert order[:2] == [items[1].id, items[2].id]
    assert re.search(r'<option value="steun" selected>', page)


def test_edit_deadline_is_visible_text(client, db, as_user):
    resident = make_user()
    make_contribution(author=resident, created_at=utcnow())
    db.session.commit()
    as_user(resident)
    page = text_of(client.get("/mijn-inbreng"))
    shown = re.search(r'<span class="kp-meta">\(kan tot ([^)]+)\)</span>', page)
    assert shown and re.fullmatch(r"\d{1,2} \w+ \d{4}, \d{2}:\d{2}", shown.group(1))


def test_forms_name_their_autofill_purpose(client, db):
    register = text_of(client.get("/account/registreren"))
    assert re.search(
        r'autocomplete="nickname"[^>]*id="display_name"|id="display_name"[^>]*autocomplete="nickname"',
        register,
    )
    assert register.count('autocomplete="new-password"') == 2
    assert 'autocomplete="email"' in register
    login = text_of(client.get("/account/inloggen"))
    assert 'autocomplete="current-password"' in login and 'autocomplete="email"' in login


def test_failed_submit_focuses_the_error_summary_with_its_list_below_the_title(client, db):
    page = text_of(post_form(client, "/account/registreren", {}, page="/account/registreren"))
    summary = re.search(r'<div class="[^"]*kp-error-summary-box[^"]*"[^>]*>(.*?)</div>', page, re.S)
    assert summary and "autofocus" in summary.group(0) and 'tabindex="-1"' in summary.group(0)
    assert summary.group(1).index("Controleer de velden") < summary.group(1).index("<ul")


def test_dates_are_written_one_way(client, db):
    consultation = make_consultation()
    moment = datetime(2026, 12, 4, 20, 13)  # UTC: 21:13 in Dijkzicht
    make_contribution(consultation=consultation, published_at=moment, created_at=moment)
    db.session.commit()
    assert "4 december 2026, 21:13" in text_of(client.get(show_url(consultation)))


def test_home_links_the_municipality_and_has_a_favicon(client, db):
    consultation = make_consultation()
    db.session.commit()
    home = text_of(client.get("/"))
    place = consultation.municipality
    assert f'href="/{place.slug}">{place.name}</a>' in home
    # The icon has a content-hashed name (kept for a year); /favicon.ico leads to it.
    linked = re.search(r'rel="icon" href="(/static/favicon\.[0-9a-f]{12}\.svg)"', home)
    assert linked, "the page links its favicon"
    assert client.get("/favicon.ico").location == linked.group(1)
    icon = client.get(linked.group(1))
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    icon.close()


def test_own_data_names_themes_and_keeps_dates_in_order(client, db, as_user):
    consultation = make_consultation()
    resident = make_user()
    earlier = utcnow() - timedelta(days=3)
    late = make_contribution(consultation=consultation, author=resident, theme_key="t1")
    early = make_contribution(
        consultation=consultation, author=resident, created_at=earlier, published_at=earlier
    )
    db.session.add(
        Theme(
            consultation_id=consultation.id,
            municipality_id=consultation.municipality_id,
            key="t1",
            label="Speeltuin en veiligheid",
        )
    )
    db.session.commit()
    as_user(resident)
    data = json.loads(client.get(f"{OWN_DATA}/download").get_data(as_text=True))
    contributions = data["contributions"]
    assert [c["id"] for c in contributions] == [early.id, late.id]
    assert contributions[1]["theme"] == "Speeltuin en veiligheid"
    keys = list(contributions[0])
    assert keys.index("created_at") < keys.index("published_at") < keys.index("updated_at")
