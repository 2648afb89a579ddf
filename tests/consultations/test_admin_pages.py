"""Admins create, edit, open and close consultations and manage kernen; everything audited."""

from __future__ import annotations

from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.audit.models import AuditEvent
from dialogue.consultations.models import Consultation, ConsultationStatus, ModerationMode
from dialogue.extensions import db as _db
from dialogue.municipalities.models import Kern
from tests.factories import make_consultation, make_municipality, make_user
from tests.helpers import count, post_form, show_url, text_of, without_csrf_values


def audit_actions() -> list[str]:
    _db.session.expire_all()
    return [e.action for e in _db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def consultation_form(municipality, **overrides):
    data = {
        "title": "Nieuwe speeltuin in Dorp",
        "slug": "",
        "question": "Wat wilt u in de nieuwe speeltuin?",
        "description": "De oude speeltuin is versleten.",
        "kernen": [str(municipality.kernen[0].id)],
        "opens_on": "",
        "closes_on": "",
        "moderation_mode": "pre",
    }
    data.update(overrides)
    return data


def test_admin_creates_edits_opens_and_closes(client, as_user):
    admin = make_user(Role.ADMIN)
    municipality = admin.municipality
    _db.session.commit()
    as_user(admin)
    url = "/beheer/raadplegingen/nieuw"
    response = post_form(
        client, url, consultation_form(municipality, closes_on="2099-12-31"), page=url
    )
    assert response.status_code == 302
    consultation = _db.session.scalars(select(Consultation)).one()
    assert consultation.status == ConsultationStatus.DRAFT
    assert consultation.slug == "nieuwe-speeltuin-in-dorp"
    assert consultation.moderation_mode == ModerationMode.PRE
    assert [a.name for a in consultation.kernen] == [municipality.kernen[0].name]
    # The last day counts in full (local time): closing is the next local midnight.
    assert consultation.closes_at.date().isoformat() == "2099-12-31"
    assert consultation.closes_at.hour == 23

    edit = f"/beheer/raadplegingen/{consultation.id}"
    page = text_of(client.get(edit))
    assert 'value="2099-12-31"' in page
    post_form(
        client,
        edit,
        consultation_form(municipality, title="Speeltuin", closes_on="2099-12-31"),
        page=edit,
    )
    post_form(client, f"{edit}/status", {"status": "open"}, page=edit)
    _db.session.expire_all()
    assert consultation.status == ConsultationStatus.OPEN and consultation.is_open
    assert client.get(show_url(consultation)).status_code == 200
    post_form(client, f"{edit}/status", {"status": "closed"}, page=edit)
    _db.session.expire_all()
    assert consultation.status == ConsultationStatus.CLOSED
    assert audit_actions() == [
        "consultation.create",
        "consultation.update",
        "consultation.open",
        "consultation.closed",
    ]
    update = _db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "consultation.update")
    ).one()
    assert update.details["title"] == {"from": "Nieuwe speeltuin in Dorp", "to": "Speeltuin"}
    assert update.actor_id == admin.id and update.municipality_id == municipality.id


def test_saving_without_changes_writes_no_audit_event(client, as_user):
    admin = make_user(Role.ADMIN)
    consultation = make_consultation(municipality=admin.municipality, kernen=[])
    _db.session.commit()
    as_user(admin)
    edit = f"/beheer/raadplegingen/{consultation.id}"
    form = consultation_form(
        admin.municipality,
        title=consultation.title,
        slug=consultation.slug,
        question=consultation.question,
        description=consultation.description,
        kernen=[],
        moderation_mode="post",
    )
    response = post_form(client, edit, form, page=edit)
    assert "niets gewijzigd" in text_of(client.get(response.location))
    assert audit_actions() == []


def test_bad_consultation_input(client, as_user):
    admin = make_user(Role.ADMIN)
    foreign = make_municipality()
    _db.session.commit()
    as_user(admin)
    url = "/beheer/raadplegingen/nieuw"
    cases = [
        ({"title": ""}, "vul een titel in"),
        ({"question": "  "}, "vul dit veld in"),
        ({"opens_on": "2030-05-10", "closes_on": "2030-05-01"}, "op of na de begindatum"),
        ({"kernen": [str(foreign.kernen[0].id)]}, "ongeldige keuze"),
        ({"slug": "Niet Goed!"}, "kleine letters"),
        ({"opens_on": "31-02-2030"}, "datum"),
        ({"title": "Titel met \x00 nul"}, "tekens die niet kunnen"),
        ({"moderation_mode": "geen"}, "ongeldige keuze"),
    ]
    for overrides, message in cases:
        response = post_form(
            client, url, consultation_form(admin.municipality, **overrides), page=url
        )
        assert response.status_code == 200, overrides
        assert message in text_of(response).lower(), overrides
    assert count(Consultation) == 0
    assert audit_actions() == []


def test_admin_of_other_municipality_gets_404_and_is_logged(client, as_user):
    consultation = make_consultation()
    other_admin = make_user(Role.ADMIN)
    _db.session.commit()
    as_user(other_admin)
    edit = f"/beheer/raadplegingen/{consultation.id}"
    missing = client.get("/beheer/raadplegingen/999999")
    foreign = client.get(edit)
    # The same answer as for an id that does not exist: nothing tells that it does.
    assert foreign.status_code == missing.status_code == 404
    # (The pages differ only in the path they link back to, such as the language switch.)
    assert without_csrf_values(foreign.get_data(as_text=True)).replace(
        edit, "PATH"
    ) == without_csrf_values(missing.get_data(as_text=True)).replace(
        "/beheer/raadplegingen/999999", "PATH"
    )
    assert post_form(client, f"{edit}/status", {"status": "closed"}).status_code == 404
    kern = consultation.municipality.kernen[0]
    assert (
        post_form(
            client, f"/beheer/kernen/{kern.id}", {f"kern{kern.id}-name": "Gekaapt"}
        ).status_code
        == 404
    )
    assert audit_actions().count("access.denied") == 3
    _db.session.expire_all()
    assert consultation.status == ConsultationStatus.OPEN and kern.name != "Gekaapt"
    assert consultation.title not in text_of(client.get("/beheer/raadplegingen"))


def test_kernen_add_and_rename(client, as_user):
    admin = make_user(Role.ADMIN)
    municipality = admin.municipality
    _db.session.commit()
    as_user(admin)
    url = "/beheer/kernen"
    assert post_form(client, url, {"name": "  Nieuwdorp  "}, page=url).status_code == 302
    assert "bestaat al" in text_of(post_form(client, url, {"name": "nieuwdorp"}, page=url))
    assert "Vul een naam in" in text_of(post_form(client, url, {"name": ""}, page=url))
    kern = _db.session.scalars(select(Kern).where(Kern.name == "Nieuwdorp")).one()
    response = post_form(
        client, f"/beheer/kernen/{kern.id}", {f"kern{kern.id}-name": "Oudedorp"}, page=url
    )
    assert "heet nu Oudedorp" in text_of(client.get(response.location))
    taken = municipality.kernen[0].name
    response = post_form(
        client, f"/beheer/kernen/{kern.id}", {f"kern{kern.id}-name": taken}, page=url
    )
    assert "bestaat al" in text_of(client.get(response.location))
    _db.session.expire_all()
    assert kern.name == "Oudedorp" and kern.municipality_id == municipality.id
    assert audit_actions() == ["area.create", "area.rename"]


def test_residents_and_moderators_cannot_manage(client, as_user):
    consultation = make_consultation()
    for role in (Role.RESIDENT, Role.MODERATOR, Role.ANALYST):
        user = (
            make_user(role, municipality=consultation.municipality)
            if role != Role.RESIDENT
            else make_user()
        )
        _db.session.commit()
        as_user(user)
        assert client.get("/beheer/raadplegingen").status_code == 403
        assert client.get(f"/beheer/raadplegingen/{consultation.id}").status_code == 403


def test_markup_in_consultation_fields_is_shown_escaped(client, as_user):
    admin = make_user(Role.ADMIN)
    _db.session.commit()
    as_user(admin)
    url = "/beheer/raadplegingen/nieuw"
    form = consultation_form(
        admin.municipality,
        title="<script>alert(1)</script> Brug",
        question='Wat vindt u van <img src=x onerror="alert(2)">?',
    )
    response = post_form(client, url, form, page=url)
    consultation = _db.session.scalars(select(Consultation)).one()
    post_form(client, f"{response.location}/status", {"status": "open"}, page=response.location)
    page = text_of(client.get(show_url(consultation)))
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Brug" in page
    assert consultation.slug == "script-alert-1-script-brug"
