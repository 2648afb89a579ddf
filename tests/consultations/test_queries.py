"""The consultation page reads a fixed number of queries, whatever the number of cards."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event

from dialogue.contributions.models import Reply, Support
from dialogue.extensions import db as _db
from tests.factories import make_contribution, make_user


@contextmanager
def counted() -> Iterator[list[str]]:
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(_db.engine, "before_cursor_execute", note)


def add_cards(scene, count: int) -> None:
    supporter = make_user()
    for n in range(count):
        card = make_contribution(
            consultation=scene.consultation, text=f"Inbreng nummer {n} over de dijk."
        )
        _db.session.add(Support(contribution_id=card.id, user_id=supporter.id))
        _db.session.add(Reply(contribution=card, text=f"Reactie op nummer {n}.", author=supporter))
    _db.session.commit()


def selects_for_page(app: Flask, url: str) -> int:
    app.config["PUBLIC_PAGE_CACHE"] = False
    try:
        with counted() as statements:
            assert app.test_client().get(url).status_code == 200
    finally:
        app.config["PUBLIC_PAGE_CACHE"] = True
    return len(statements)


def test_queries_do_not_grow_with_the_cards(app: Flask, scene):
    add_cards(scene, 2)
    few = selects_for_page(app, scene.url)
    add_cards(scene, 17)
    many = selects_for_page(app, scene.url)
    assert many == few
    assert many <= 10


def test_most_supported_first(app: Flask, scene):
    popular = make_contribution(consultation=scene.consultation, text="Veel steun hiervoor.")
    for _ in range(3):
        _db.session.add(Support(contribution_id=popular.id, user_id=make_user().id))
    _db.session.commit()
    html = app.test_client().get(f"{scene.url}?sort=steun").get_data(as_text=True)
    order = [
        int(n) for n in re.findall(r'<li class="kp-card kp-contribution" id="inbreng-(\d+)"', html)
    ]
    assert order == [popular.id, scene.first.id]
    assert "3 inwoners steunen dit" in html
