"""Logged-in residents share one kept page; their own parts are filled in per request."""

from __future__ import annotations

import re

from flask import Flask

from dialogue.contributions.reactions import add_reply, add_support
from dialogue.extensions import cache
from dialogue.extensions import db as _db
from tests.conftest import login
from tests.factories import make_contribution, make_user

SUPPORT_BUTTON = re.compile(r'action="/inbreng/(\d+)/steun".*?aria-pressed="(true|false)"', re.S)


def kept_pages() -> int:
    return len(cache.cache._cache)  # SimpleCache in the tests


def support_buttons(html: str) -> dict[int, str]:
    return {int(item): pressed for item, pressed in SUPPORT_BUTTON.findall(html)}


def test_each_resident_sees_own_support_name_and_actions(app: Flask, scene):
    author = scene.resident  # wrote scene.first
    other = make_user(display_name="Bea van de Dijk")
    second = make_contribution(
        consultation=scene.consultation, author=other, text="Tweede inbreng, van Bea."
    )
    _db.session.commit()
    with app.test_request_context():
        add_support(scene.first, other)
        add_reply(scene.first, text="Een reactie van Bea op de eerste inbreng.", author=other)
        _db.session.commit()

    as_author = login(app.test_client(), author).get(scene.url).get_data(as_text=True)
    as_other = login(app.test_client(), other).get(scene.url).get_data(as_text=True)
    assert kept_pages() == 1, "both residents were served one kept page"
    # Nobody gets buttons on their own input; the support button shows each one's own state.
    assert support_buttons(as_author) == {second.id: "false"}
    assert support_buttons(as_other) == {scene.first.id: "true"}
    assert f'value="{author.display_name}"' in as_author
    assert 'value="Bea van de Dijk"' in as_other
    assert 'value="Bea van de Dijk"' not in as_author
    # Bea's reply can be reported by the author, not by Bea herself.
    reply_report = "/melden"
    assert as_author.count(reply_report) > as_other.count(reply_report)
    assert "kp-slot-" not in as_author + as_other


def test_name_is_escaped_where_it_is_filled_in(app: Flask, scene):
    scene.resident.display_name = 'Jan "de Dijk" <b>'
    _db.session.commit()
    html = login(app.test_client(), scene.resident).get(scene.url).get_data(as_text=True)
    assert "Jan &#34;de Dijk&#34; &lt;b&gt;" in html
    assert "<b>" not in html.split('name="display_name"')[1][:200]


def test_support_changes_the_residents_page_at_once(app: Flask, scene):
    other = make_user()
    _db.session.commit()
    client = login(app.test_client(), other)
    assert support_buttons(client.get(scene.url).get_data(as_text=True)) == {
        scene.first.id: "false"
    }
    with app.test_request_context():
        add_support(scene.first, other)
        _db.session.commit()
    html = client.get(scene.url).get_data(as_text=True)
    assert support_buttons(html) == {scene.first.id: "true"}
    assert "1 inwoner steunt dit" in html


def test_officials_never_share_a_page(app: Flask, scene):
    app.test_client().get(scene.url)
    before = kept_pages()
    html = login(app.test_client(), scene.moderator).get(scene.url).get_data(as_text=True)
    assert kept_pages() == before
    assert "U bent ingelogd als medewerker." in html


def test_resident_page_is_not_kept_for_visitors(app: Flask, scene):
    login(app.test_client(), scene.resident).get(scene.url)
    anonymous = app.test_client().get(scene.url).get_data(as_text=True)
    assert "Uitloggen" not in anonymous
    assert scene.resident.display_name not in anonymous
    assert "Log in om te reageren of te steunen" in anonymous


def test_residents_share_the_public_theme_view(app: Flask, scene):
    other = make_user(display_name="Bea van de Dijk")
    _db.session.commit()
    url = f"{scene.url}/themas"
    before = kept_pages()
    first = login(app.test_client(), scene.resident).get(url).get_data(as_text=True)
    second = login(app.test_client(), other).get(url).get_data(as_text=True)
    assert kept_pages() == before + 1, "both residents were served one kept page"
    assert "Uitloggen" in first and "Uitloggen" in second
    assert "Bea van de Dijk" not in first
