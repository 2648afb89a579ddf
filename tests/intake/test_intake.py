"""Input from other channels: one by one, and CSV upload with preview and bad files."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from dialogue.contributions.models import Channel, Contribution, ContributionStatus
from dialogue.extensions import db
from tests.helpers import as_, csrf_token

HEADER = "text;kern;channel;date\n"


def upload(client, world, data: bytes, name: str = "inbreng.csv", consultation=None):
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart(
        {
            "csrf_token": csrf_token(client, "/"),
            "consultation": str((consultation or world.consultation).id),
            "file": FileStorage(io.BytesIO(data), filename=name, content_type="text/csv"),
        }
    )
    return client.post(
        "/werkplek/invoer/upload",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def confirm(client, page: str):
    token = page.split('name="token" value="')[1].split('"')[0]
    return client.post(
        "/werkplek/invoer/upload/bevestigen",
        data={"csrf_token": csrf_token(client, "/"), "token": token},
    )


def count() -> int:
    return db.session.scalar(select(func.count(Contribution.id)))


def test_record_one_from_a_meeting(client, world):
    kern = world.a.kernen[0]
    as_(client, world.moderator)
    response = client.post(
        "/werkplek/invoer",
        data={
            "csrf_token": csrf_token(client, "/"),
            "consultation": str(world.consultation.id),
            "channel": "meeting",
            "received_on": "2026-01-10",
            "kern": str(kern.id),
            "text": "Op de dorpsavond vroegen veel mensen om een bankje bij de kerk.",
        },
    )
    assert response.status_code == 302
    item = db.session.scalar(select(Contribution))
    assert item.channel == Channel.MEETING and item.author_id is None
    assert item.received_at.date().isoformat() == "2026-01-10"
    assert item.kern_id == kern.id and item.status == ContributionStatus.PUBLISHED


def test_recorded_input_with_personal_data_is_held(client, world):
    as_(client, world.moderator)
    client.post(
        "/werkplek/invoer",
        data={
            "csrf_token": csrf_token(client, "/"),
            "consultation": str(world.consultation.id),
            "channel": "phone",
            "received_on": "2026-01-10",
            "text": "Mevrouw belde vanaf 06-12345678 over de losse tegels.",
        },
    )
    item = db.session.scalar(select(Contribution))
    assert item.status == ContributionStatus.PENDING and item.hold_reason == "pii"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("separator", [";", ","])
def test_good_file_previews_then_imports(client, world, bom, separator):
    kern = world.a.kernen[0].name
    rows = [
        ["De brug is glad in de winter, graag strooien.", kern, "brief", "2026-01-05"],
        ["Meer bankjes langs het water, zei iemand.", "", "bijeenkomst", "12-01-2026"],
        [
            '=HYPERLINK("http://evil.example","klik") is wat iemand schreef.',
            "",
            "e-mail",
            "2026-01-07",
        ],
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator)
    writer.writerow(["text", "kern", "channel", "date"])
    writer.writerows(rows)
    as_(client, world.moderator)
    preview = upload(client, world, bom + buffer.getvalue().encode())
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Inbreng invoeren (3)" in page
    assert count() == 0  # nothing before confirmation
    assert confirm(client, page).status_code == 302
    stored = db.session.scalars(select(Contribution).order_by(Contribution.id)).all()
    assert [c.channel for c in stored] == [Channel.LETTER, Channel.MEETING, Channel.EMAIL]
    assert stored[0].kern.name == kern
    # Formulas are kept as the text people wrote.
    assert stored[2].text.startswith("=HYPERLINK(")


def test_confirming_twice_imports_once(client, world):
    as_(client, world.moderator)
    page = upload(
        client, world, (HEADER + "Een brief over het dorpshuis hier.;;brief;2026-01-05\n").encode()
    )
    text = page.get_data(as_text=True)
    confirm(client, text)
    second = confirm(client, text)
    assert second.status_code == 302
    assert count() == 1
    assert "al ingevoerd" in client.get("/werkplek/invoer/upload").get_data(as_text=True)


def test_one_bad_row_blocks_the_whole_file_with_per_row_errors(client, world):
    data = (
        HEADER
        + "Een goede regel met genoeg tekst.;;brief;2026-01-05\n"
        + "kort;;brief;2026-01-05\n"
        + "Onbekende kern in deze regel hier.;Atlantis;brief;2026-01-05\n"
        + "Onbekend kanaal in deze regel hier.;;postduif;2026-01-05\n"
        + "Onzin als datum in deze regel hier.;;brief;gisteren\n"
        + "Datum in de toekomst in deze regel.;;brief;2999-01-01\n"
    )
    as_(client, world.moderator)
    response = upload(client, world, data.encode())
    page = response.get_data(as_text=True)
    assert "5 regels hebben een fout" in page and "Er is niets ingevoerd" in page
    assert 'name="token"' not in page  # no import button
    for message in ("te kort", "Atlantis", "postduif", "gisteren", "toekomst"):
        assert message in page
    assert count() == 0


def test_error_report_neutralises_formulas(client, world):
    data = HEADER + '=HYPERLINK("http://evil.example","x");;brief;gisteren\n'
    as_(client, world.moderator)
    page = upload(client, world, data.encode()).get_data(as_text=True)
    link = page.split('href="/werkplek/invoer/upload/')[1].split('"')[0]
    report = client.get(f"/werkplek/invoer/upload/{link}")
    assert report.status_code == 200 and report.mimetype == "text/csv"
    rows = list(
        csv.reader(io.StringIO(report.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","x")'


def test_error_report_of_another_official_is_not_found(client, world, app):
    as_(client, world.moderator)
    page = upload(client, world, (HEADER + "x;;brief;2026-01-05\n").encode()).get_data(as_text=True)
    link = page.split('href="/werkplek/invoer/upload/')[1].split('"')[0]
    other = app.test_client()
    as_(other, world.analyst)
    assert other.get(f"/werkplek/invoer/upload/{link}").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "tekst;kern;kanaal;datum\nDe brug is glad.;;brief;2026-01-05\n".encode("cp1252")
            + "Café ëën;;brief;2026-01-05\n".encode("cp1252"),
            "geen UTF-8",
        ),
        (
            "text;kern;channel;date\nDe brug is glad in de winter.;;brief;2026-01-05\n".encode(
                "utf-16"
            ),
            "UTF-16",
        ),
        (b"text;channel\nDe brug is glad in de winter.;brief\n", "kern, date"),
        (b"", "leeg"),
        (b"text;kern;channel;date\n", "geen regels"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "geen CSV"),
    ],
    ids=["cp1252", "utf16", "missing-columns", "empty", "header-only", "binary"],
)
def test_bad_files_get_a_clear_message_and_import_nothing(client, world, data, message):
    as_(client, world.moderator)
    response = upload(client, world, data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count() == 0


def test_file_above_the_intake_limit_is_refused_clearly(client, world):
    line = "De brug is glad in de winter, graag strooien.;;brief;2026-01-05\n"
    data = (HEADER + line * (3 * 1024 * 1024 // len(line))).encode()
    as_(client, world.moderator)
    response = upload(client, world, data)
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True) and "2.0 MB" in response.get_data(
        as_text=True
    )
    assert count() == 0


def test_file_above_the_request_limit_gets_the_same_message(client, world):
    data = b"x" * (11 * 1024 * 1024)
    as_(client, world.moderator)
    response = upload(client, world, data)
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True)
    assert count() == 0


def test_alternative_column_names_and_order(client, world):
    data = "datum,kanaal,tekst,kern\n2026-01-05,telefoon,Iemand belde over de lantaarnpaal.,\n"
    as_(client, world.moderator)
    page = upload(client, world, data.encode()).get_data(as_text=True)
    assert "Inbreng invoeren (1)" in page


def test_record_one_refuses_a_future_date(client, world):
    as_(client, world.moderator)
    response = client.post(
        "/werkplek/invoer",
        data={
            "csrf_token": csrf_token(client, "/"),
            "consultation": str(world.consultation.id),
            "channel": "letter",
            "received_on": "2999-01-01",
            "text": "Een brief uit de toekomst over de brug.",
        },
    )
    assert response.status_code == 400 and "in de toekomst" in response.get_data(as_text=True)
    assert count() == 0
