"""Static files are linked under content-hashed names and kept by browsers for a year."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import Flask

STATIC = Path(__file__).resolve().parents[1] / "static"


def test_pages_link_hashed_names_served_for_a_year(app: Flask, db):
    html = app.test_client().get("/").get_data(as_text=True)
    link = re.search(r'href="(/static/css/kernpunt\.([0-9a-f]{12})\.css)"', html)
    assert link, "the stylesheet is not linked under a hashed name"
    content = (STATIC / "css" / "kernpunt.css").read_bytes()
    assert link.group(2) == hashlib.sha256(content).hexdigest()[:12]
    with app.test_client().get(link.group(1)) as response:
        assert response.status_code == 200
        assert response.data == content
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert "immutable" in response.headers["Cache-Control"]


def test_plain_names_still_work_without_the_long_lifetime(app: Flask, db):
    with app.test_client().get("/static/css/kernpunt.css") as response:
        assert response.status_code == 200
        assert "max-age=31536000" not in response.headers.get("Cache-Control", "")


def test_an_old_or_unknown_version_is_not_found(app: Flask, db):
    client = app.test_client()
    assert client.get("/static/css/kernpunt.000000000000.css").status_code == 404
    assert client.get("/static/css/missing.000000000000.css").status_code == 404
    assert client.get("/static/../dialogue/config.py").status_code == 404
