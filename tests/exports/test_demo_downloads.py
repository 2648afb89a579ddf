"""Every export format of the demo downloads, as in a real server (no shared app context)."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from flask import request_started
from sqlalchemy import select

from dialogue import create_app
from dialogue.accounts.models import User
from dialogue.config import TestConfig
from dialogue.consultations.models import Consultation
from dialogue.demo.loader import load_demo
from dialogue.extensions import db
from tests.conftest import _forget_request_state, login
from tests.exports.helpers import download_export

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory):
    """An app with the demo loaded; requests run without an outer app context."""
    path = tmp_path_factory.mktemp("demo-exports")
    settings = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path / 'demo.sqlite'}"}
    application = create_app(
        type("DemoConfig", (TestConfig,), settings | {"INSTANCE_PATH": str(path)})
    )
    request_started.connect(_forget_request_state, application)
    with application.app_context():
        db.create_all()
        load_demo()
        analyst = db.session.scalar(select(User).filter_by(email="analist@dijkzicht.example.org"))
        consultation_id = db.session.scalar(select(Consultation.id))
        db.session.remove()
    yield application, analyst, consultation_id
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(
    "fmt", ["csv", "json", "xlsx", pytest.param("pdf", marks=pytest.mark.needs("pango")), "docx"]
)
def test_every_export_format_of_the_demo_downloads(demo_app, fmt):
    application, analyst, consultation_id = demo_app
    client = login(application.test_client(), analyst)
    body = download_export(client, consultation_id, fmt)
    if fmt == "json":
        document = json.loads(body)
        assert document["municipality"] == "dijkzicht"
        assert len(document["contributions"]) > 1000
        assert document["themes"]
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
        assert len(rows) > 1000
    elif fmt == "pdf":
        assert body.startswith(b"%PDF")
    else:
        assert zipfile.ZipFile(io.BytesIO(body)).namelist()
