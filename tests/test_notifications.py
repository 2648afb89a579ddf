"""E-mail to residents: published, hidden, not placed, answered; opt-out respected."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.answers.models import OfficialResponse
from dialogue.answers.services import answer
from dialogue.contributions.models import ContributionStatus
from dialogue.contributions.queries import PER_PAGE
from dialogue.contributions.reactions import add_reply
from dialogue.mail import OutboxMessage
from dialogue.notifications import notify_answer, notify_status_change
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_contribution, make_user

pytestmark = pytest.mark.usefixtures("request_context")


def mails(db) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.mark.parametrize(
    ("status", "subject", "fragment"),
    [
        (ContributionStatus.PUBLISHED, "Uw inbreng staat online", "staat nu online"),
        (ContributionStatus.HIDDEN, "Uw inbreng is verborgen", "De reden: Beledigend"),
        (ContributionStatus.REJECTED, "Uw inbreng is niet geplaatst", "De reden: Beledigend"),
    ],
)
def test_status_change_mails_author_with_reason(db, status, subject, fragment):
    author = make_user()
    contribution = make_contribution(author=author, status=status, status_reason="Beledigend")
    assert notify_status_change(contribution) is True
    (mail,) = mails(db)
    assert mail.recipient == author.email and mail.subject == subject
    assert fragment in mail.body
    assert (
        f"/{contribution.consultation.municipality.slug}/" in mail.body
        or "mijn-inbreng" in mail.body
    )


def test_no_mail_for_pending_opted_out_or_anonymous(db):
    assert not notify_status_change(
        make_contribution(author=make_user(), status=ContributionStatus.PENDING)
    )
    assert not notify_status_change(make_contribution(author=make_user(notify_by_email=False)))
    assert not notify_status_change(make_contribution(author=None))
    assert mails(db) == []


def test_answer_on_contribution_mails_its_author(db):
    author = make_user()
    contribution = make_contribution(author=author)
    official = make_user(Role.ANALYST, municipality=contribution.consultation.municipality)
    response = OfficialResponse(
        consultation_id=contribution.consultation_id,
        contribution_id=contribution.id,
        author_id=official.id,
        author_role="analyst",
        text="We pakken dit op.",
    )
    db.session.add(response)
    db.session.flush()
    assert notify_answer(response) == 1
    (mail,) = mails(db)
    assert mail.recipient == author.email and "We pakken dit op." in mail.body


def test_consultation_answer_mails_each_participant_once(db):
    consultation = make_consultation()
    poster, replier, quiet, opted_out = (
        make_user(),
        make_user(),
        make_user(),
        make_user(notify_by_email=False),
    )
    first = make_contribution(consultation=consultation, author=poster)
    make_contribution(consultation=consultation, author=poster)
    make_contribution(consultation=consultation, author=opted_out)
    make_contribution(consultation=consultation, author=quiet, status=ContributionStatus.WITHDRAWN)
    add_reply(first, replier, "Eens met u")
    make_contribution(author=make_user())  # another consultation
    response = OfficialResponse(
        consultation_id=consultation.id, author_role="admin", text="Dank voor alle inbreng."
    )
    db.session.add(response)
    db.session.flush()
    assert notify_answer(response) == 2
    assert sorted(m.recipient for m in mails(db)) == sorted([poster.email, replier.email])


def test_answer_mail_links_to_the_answer_on_its_page(db, client):
    author = make_user()
    consultation = make_consultation()
    answered = make_contribution(
        consultation=consultation, author=author, published_at=utcnow() - timedelta(days=3)
    )
    for _ in range(PER_PAGE):
        make_contribution(consultation=consultation)
    official = make_user(Role.ANALYST, municipality=consultation.municipality)
    response = OfficialResponse(
        consultation_id=consultation.id,
        contribution_id=answered.id,
        author_id=official.id,
        author_role="analyst",
        text="We pakken dit op.",
    )
    db.session.add(response)
    db.session.commit()
    notify_answer(response)
    (mail,) = mails(db)
    link = re.search(r"https?://\S+", mail.body).group(0)
    assert link.endswith(f"?page=2#antwoord-{response.id}")
    page = client.get(link.split("#")[0]).get_data(as_text=True)
    assert f'id="antwoord-{response.id}"' in page and "We pakken dit op." in page


def test_theme_answer_mail_links_to_the_answer(db, client):
    author = make_user()
    consultation = make_consultation()
    make_contribution(consultation=consultation, author=author, theme_key="t1")
    theme = Theme(
        consultation_id=consultation.id,
        municipality_id=consultation.municipality_id,
        key="t1",
        label="Verkeer",
        size=1,
    )
    db.session.add(theme)
    official = make_user(Role.ANALYST, municipality=consultation.municipality)
    response = answer(
        consultation,
        text="Wij zetten een drempel neer bij de school.",
        author=official,
        theme=theme,
    )
    db.session.commit()
    (mail,) = mails(db)
    link = re.search(r"https?://\S+", mail.body).group(0)
    assert link.endswith(f"/{consultation.slug}#antwoord-{response.id}")
    page = client.get(link.split("#")[0]).get_data(as_text=True)
    assert f'id="antwoord-{response.id}"' in page
