"""A theme answer takes the one answer path: its mail, its audit action, its public place."""

from __future__ import annotations

from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.answers.models import OfficialResponse
from dialogue.audit.models import AuditEvent
from dialogue.audit.wording import describe
from dialogue.contributions.models import ContributionStatus
from dialogue.mail import OutboxMessage
from dialogue.themes.models import Theme, ThemeStatus
from tests.conftest import login
from tests.factories import make_consultation, make_contribution, make_user
from tests.helpers import post_form, show_url, text_of

ANSWER = "Wij zetten een drempel neer bij de school, nog voor de zomer."


def test_theme_answer_mails_authors_of_published_input_audits_and_shows(client, db):
    consultation = make_consultation()
    analyst = make_user(Role.ANALYST, municipality=consultation.municipality)
    theme = Theme(
        consultation_id=consultation.id,
        municipality_id=consultation.municipality_id,
        key="t1",
        label="Verkeer bij de school",
    )
    db.session.add(theme)
    published, twice, quiet = make_user(), make_user(), make_user(notify_by_email=False)
    for author in (published, twice, twice, quiet):
        make_contribution(consultation=consultation, author=author, theme_key="t1")
    for status in (ContributionStatus.HIDDEN, ContributionStatus.REJECTED):
        # Input the residents never saw in the theme: its author is not told.
        make_contribution(
            consultation=consultation, author=make_user(), theme_key="t1", status=status
        )
    make_contribution(consultation=consultation, author=make_user(), theme_key="t2")
    db.session.commit()

    login(client, analyst)
    page = f"/werkplek/themas/{theme.id}"
    response = post_form(client, f"{page}/antwoord", {"text": ANSWER, "action": "x"}, page=page)
    assert response.status_code == 302

    answer = db.session.scalars(select(OfficialResponse)).one()
    assert (answer.theme_key, answer.contribution_id) == ("t1", None)
    assert db.session.get(Theme, theme.id).status == ThemeStatus.ANSWERED
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert sorted(m.recipient for m in mails) == sorted([published.email, twice.email])
    assert all('"Verkeer bij de school"' in m.body and ANSWER in m.body for m in mails)
    (event,) = db.session.scalars(select(AuditEvent)).all()
    assert (event.action, event.target_type, event.target_id) == (
        "answer.create",
        "officialresponse",
        str(answer.id),
    )
    assert event.details["theme_key"] == "t1" and event.actor_id == analyst.id
    assert ANSWER in text_of(client.get(f"{show_url(consultation)}/themas"))
    assert ANSWER in text_of(client.get(show_url(consultation)))


def test_audit_rows_of_the_old_theme_action_stay_readable(app, db):
    event = AuditEvent(action="theme.answer", target_type="theme", target_id="7", actor_id=None)
    with app.test_request_context():
        sentence = str(describe(event, {}, {("theme", "7"): "Verkeer"}).sentence)
    assert sentence.startswith("Het systeem heeft geantwoord op") and "Verkeer" in sentence
