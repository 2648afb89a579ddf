"""GET endpoints: who sees which consultations and input, pagination, bad page numbers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dialogue.accounts.models import Role
from dialogue.api.schemas import PAGE_SIZE
from dialogue.consultations.models import ConsultationStatus
from dialogue.contributions.models import ContributionStatus
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow
from tests.api.helpers import bearer, contributions_url, token_for
from tests.factories import make_consultation, make_contribution, make_municipality, make_user


def test_public_list_shows_open_and_closed_not_drafts(client, db):
    opened = make_consultation(status=ConsultationStatus.OPEN)
    closed = make_consultation(status=ConsultationStatus.CLOSED)
    make_consultation(status=ConsultationStatus.DRAFT)
    db.session.commit()

    response = client.get("/api/v1/consultations")

    assert response.status_code == 200
    assert response.is_json
    by_id = {item["id"]: item for item in response.json["items"]}
    assert set(by_id) == {opened.id, closed.id}
    item = by_id[opened.id]
    assert item["slug"] == opened.slug
    assert item["title"] == opened.title
    assert item["status"] == "open"
    assert item["municipality"] == opened.municipality.slug
    assert item["areas"] == sorted(kern.name for kern in opened.municipality.kernen)
    assert "kernen" not in item  # API v1 keeps the field name "areas" for the kernen
    assert by_id[closed.id]["status"] == "closed"


def test_dates_are_iso_utc(client, db):
    opens = utcnow().replace(microsecond=0) - timedelta(days=1)
    consultation = make_consultation(opens_at=opens, closes_at=None)
    db.session.commit()

    item = client.get("/api/v1/consultations").json["items"][0]

    assert item["id"] == consultation.id
    assert item["opens_at"] == opens.isoformat() + "Z"
    assert item["closes_at"] is None


def test_official_sees_own_drafts_only(client, db):
    admin = make_user(Role.ADMIN)
    own_draft = make_consultation(municipality=admin.municipality, status=ConsultationStatus.DRAFT)
    make_consultation(status=ConsultationStatus.DRAFT)  # another municipality's
    token = token_for(admin)

    response = client.get("/api/v1/consultations", headers=bearer(token))

    assert [item["id"] for item in response.json["items"]] == [own_draft.id]
    assert response.json["items"][0]["status"] == "draft"


def test_resident_token_does_not_reveal_drafts(client, db):
    resident = make_user()
    make_consultation(status=ConsultationStatus.DRAFT)
    token = token_for(resident)

    response = client.get("/api/v1/consultations", headers=bearer(token))

    assert response.json == {"items": []}


def _one_of_each_status(consultation):
    return {
        status: make_contribution(
            consultation=consultation, status=status, text=f"Inbreng met status {status.value}."
        )
        for status in ContributionStatus
    }


def test_public_sees_published_input_only(client, db):
    consultation = make_consultation()
    rows = _one_of_each_status(consultation)
    db.session.commit()

    response = client.get(contributions_url(consultation.id))

    assert response.status_code == 200
    assert [item["id"] for item in response.json["items"]] == [
        rows[ContributionStatus.PUBLISHED].id
    ]
    assert response.json["items"][0]["status"] == "published"


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ADMIN])
def test_moderator_and_admin_of_the_municipality_see_every_status(client, db, role):
    official = make_user(role)
    consultation = make_consultation(municipality=official.municipality)
    rows = _one_of_each_status(consultation)
    token = token_for(official)

    response = client.get(contributions_url(consultation.id), headers=bearer(token))

    statuses = {item["status"] for item in response.json["items"]}
    assert statuses == {status.value for status in ContributionStatus}
    assert {item["id"] for item in response.json["items"]} == {row.id for row in rows.values()}


def test_analyst_of_the_municipality_reads_published_input_only(client, db):
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    rows = _one_of_each_status(consultation)
    make_contribution(
        consultation=consultation,
        status=ContributionStatus.PENDING,
        hold_reason="pii",
        text="Mijn BSN is 111222333 en bel 0612345678.",
    )
    token = token_for(analyst)

    response = client.get(contributions_url(consultation.id), headers=bearer(token))

    assert [item["id"] for item in response.json["items"]] == [
        rows[ContributionStatus.PUBLISHED].id
    ]
    assert "111222333" not in response.get_data(as_text=True)


def test_official_of_another_municipality_sees_published_only(client, db):
    other_admin = make_user(Role.ADMIN)
    consultation = make_consultation()  # its own, different municipality
    rows = _one_of_each_status(consultation)
    token = token_for(other_admin)

    response = client.get(contributions_url(consultation.id), headers=bearer(token))

    assert [item["id"] for item in response.json["items"]] == [
        rows[ContributionStatus.PUBLISHED].id
    ]


def test_resident_token_sees_published_only(client, db):
    resident = make_user()
    consultation = make_consultation()
    rows = _one_of_each_status(consultation)
    token = token_for(resident)

    response = client.get(contributions_url(consultation.id), headers=bearer(token))

    assert [item["id"] for item in response.json["items"]] == [
        rows[ContributionStatus.PUBLISHED].id
    ]


def test_item_fields_kern_theme_and_redacted_text(client, db):
    consultation = make_consultation()
    kern = consultation.municipality.kernen[0]
    db.session.add(
        Theme(
            consultation_id=consultation.id,
            municipality_id=consultation.municipality_id,
            key="t-verkeer",
            label="Verkeer en oversteken",
        )
    )
    row = make_contribution(
        consultation=consultation,
        kern=kern,
        theme_key="t-verkeer",
        text="Bel mij op 0612345678 over de oversteek.",
        redacted_text="Bel mij op [telefoonnummer] over de oversteek.",
    )
    db.session.commit()

    item = client.get(contributions_url(consultation.id)).json["items"][0]

    assert item == {
        "id": row.id,
        "text": "Bel mij op [telefoonnummer] over de oversteek.",
        "area": kern.name,
        "status": "published",
        "created_at": row.created_at.isoformat() + "Z",
        "theme": "Verkeer en oversteken",
    }


def test_pagination_newest_first_and_empty_past_the_end(client, db):
    consultation = make_consultation()
    start = utcnow() - timedelta(days=1)
    rows = [
        make_contribution(
            consultation=consultation,
            text=f"Inbreng nummer {n} over de dorpskern.",
            created_at=start + timedelta(minutes=n),
        )
        for n in range(PAGE_SIZE + 3)
    ]
    db.session.commit()
    newest_first = [row.id for row in reversed(rows)]

    first = client.get(contributions_url(consultation.id)).json
    second = client.get(contributions_url(consultation.id) + "?page=2").json
    past = client.get(contributions_url(consultation.id) + "?page=3").json

    assert first["page"] == 1
    assert first["pages"] == second["pages"] == past["pages"] == 2
    assert [item["id"] for item in first["items"]] == newest_first[:PAGE_SIZE]
    assert [item["id"] for item in second["items"]] == newest_first[PAGE_SIZE:]
    assert past["items"] == []
    assert past["page"] == 3


def test_empty_consultation_has_one_empty_page(client, db):
    consultation = make_consultation()
    db.session.commit()

    assert client.get(contributions_url(consultation.id)).json == {
        "items": [],
        "page": 1,
        "pages": 1,
    }


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "٣", "100001", ""])
def test_bad_page_number_is_400(client, db, page):
    consultation = make_consultation()
    db.session.commit()

    response = client.get(contributions_url(consultation.id) + f"?page={page}")

    assert response.status_code == 400
    assert set(response.json["errors"]) == {"page"}


def test_unknown_consultation_is_404(client, db):
    response = client.get(contributions_url(987654))

    assert response.status_code == 404
    assert response.is_json
    assert response.json["message"]


def test_draft_consultation_input_is_404_for_public_and_visible_to_its_officials(client, db):
    moderator = make_user(Role.MODERATOR)
    draft = make_consultation(municipality=moderator.municipality, status=ConsultationStatus.DRAFT)
    make_contribution(consultation=draft, status=ContributionStatus.PENDING)
    token = token_for(moderator)

    assert client.get(contributions_url(draft.id)).status_code == 404
    response = client.get(contributions_url(draft.id), headers=bearer(token))
    assert response.status_code == 200
    assert len(response.json["items"]) == 1


@pytest.mark.parametrize(
    "header", ["Bearer kp_not-a-real-token", "Bearer ", "Basic dXNlcjpwdw==", "Bearer " + "x" * 300]
)
def test_bad_token_on_a_public_route_is_401_not_anonymous(client, db, header):
    make_municipality()
    db.session.commit()

    response = client.get("/api/v1/consultations", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.is_json
