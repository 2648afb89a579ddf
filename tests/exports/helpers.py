"""Requesting an export through the pages, as an analyst does."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.helpers import csrf_token


def download_export(client: FlaskClient, consultation_id: int, fmt: str) -> bytes:
    """Ask for an export on the export page and return the file (following the job page)."""
    url = f"/werkplek/raadplegingen/{consultation_id}/export"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "format": fmt})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    location = response.headers["Location"]
    if "/export-taken/" in location:  # built by the (inline) job: follow to the link
        job_page = client.get(location).get_data(as_text=True)
        location = re.search(r'href="(/werkplek/download/[^"]+)"', job_page).group(1)
    with client.get(location) as download:
        assert download.status_code == 200
        return download.get_data()
