"""Replies, support and reports as services; edit and withdraw of own input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dialogue.consultations.models import ConsultationStatus, ModerationMode
from dialogue.contributions.authoring import can_edit, edit_contribution, withdraw_contribution
from dialogue.contributions.models import ContributionStatus, Reply, Report, Support
from dialogue.contributions.reactions import (
    NotAllowed,
    add_reply,
    add_support,
    remove_support,
    report_contribution,
)
from dialogue.contributions.services import ConsultationClosed, InvalidInput, submit_contribution
from dialogue.mail import OutboxMessage
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_contribution, make_user

pytestmark = pytest.mark.usefixtures("request_context")


def rows(db, model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_reply_on_published_input(db):
    contribution = make_contribution()
    reply = add_reply(contribution, make_user(), "  Helemaal mee eens!  ")
    assert reply.text == "Helemaal mee eens!"
    assert reply.status == ContributionStatus.PUBLISHED
    assert contribution.replies == [reply]


def test_reply_double_submit_and_bad_input(db):
    contribution = make_contribution()
    author = make_user()
    first = add_reply(contribution, author, "Goed idee van u")
    assert add_reply(contribution, author, "Goed idee van u").id == first.id
    for text in ("", " ", "x", "a" * 1001, "ctrl \x07 teken"):
        with pytest.raises(InvalidInput):
            add_reply(contribution, author, text)
    held = add_reply(contribution, author, "Bel me op 0612345678 hoor")
    assert (held.status, held.hold_reason) == (ContributionStatus.PENDING, "pii")
    assert rows(db, Reply) == 2


def test_no_reply_on_hidden_input_or_closed_consultation(db):
    hidden = make_contribution(status=ContributionStatus.HIDDEN)
    with pytest.raises(NotAllowed):
        add_reply(hidden, make_user(), "Mag dit nog?")
    closed = make_contribution(consultation=make_consultation(status=ConsultationStatus.CLOSED))
    with pytest.raises(ConsultationClosed):
        add_reply(closed, make_user(), "Mag dit nog?")


def test_replies_wait_in_pre_moderated_consultations(db):
    contribution = make_contribution(
        consultation=make_consultation(moderation_mode=ModerationMode.PRE)
    )
    assert add_reply(contribution, make_user(), "Wacht op moderator").status == (
        ContributionStatus.PENDING
    )


def test_support_once_and_withdraw(db):
    contribution = make_contribution(author=make_user())
    user = make_user()
    assert add_support(contribution, user) is True
    assert add_support(contribution, user) is False
    assert rows(db, Support) == 1
    assert remove_support(contribution, user) is True
    assert remove_support(contribution, user) is False
    assert rows(db, Support) == 0
    with pytest.raises(NotAllowed):
        add_support(contribution, contribution.author)


def test_reports_from_different_residents_hide_at_threshold(db, app):
    author = make_user()
    contribution = make_contribution(author=author)
    threshold = app.config["REPORT_HIDE_THRESHOLD"]
    reporters = [make_user() for _ in range(threshold)]
    for reporter in reporters[:-1]:
        report_contribution(contribution, reporter, "Beledigend")
        assert contribution.status == ContributionStatus.PUBLISHED
    with pytest.raises(InvalidInput):
        report_contribution(contribution, reporters[0], "Nog een keer")
    assert contribution.status == ContributionStatus.PUBLISHED
    report_contribution(contribution, reporters[-1], "Beledigend")
    assert (contribution.status, contribution.hold_reason) == (ContributionStatus.HIDDEN, "reports")
    assert rows(db, Report) == threshold
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.recipient == author.email and "gemeld" in mail.body


def test_report_needs_reason_and_not_own(db):
    author = make_user()
    contribution = make_contribution(author=author)
    with pytest.raises(InvalidInput):
        report_contribution(contribution, make_user(), "  ")
    with pytest.raises(NotAllowed):
        report_contribution(contribution, author, "Mijn eigen")


def test_edit_within_window_rescreens(db):
    author = make_user()
    consultation = make_consultation()
    contribution = submit_contribution(
        consultation, text="Eerste versie van de tekst", author=author
    )
    published_at = contribution.published_at
    assert can_edit(contribution, author)
    edit_contribution(contribution, author, text="Tweede versie van de tekst")
    assert contribution.status == ContributionStatus.PUBLISHED
    assert contribution.published_at == published_at
    edit_contribution(contribution, author, text="Derde versie, bel 06-12345678", kern=None)
    assert (contribution.status, contribution.hold_reason) == (ContributionStatus.PENDING, "pii")
    edit_contribution(
        contribution, author, text="Vierde versie zonder nummer", kern=consultation.kernen[0].name
    )
    assert contribution.status == ContributionStatus.PUBLISHED
    assert contribution.published_at is not None
    assert contribution.kern_id == consultation.kernen[0].id
    assert not can_edit(contribution, make_user())


def test_no_edit_after_window_or_reply(db):
    author = make_user()
    late = make_contribution(author=author, created_at=utcnow() - timedelta(minutes=16))
    assert not can_edit(late, author)
    with pytest.raises(NotAllowed):
        edit_contribution(late, author, text="Te laat gewijzigd")
    replied = make_contribution(author=author)
    add_reply(replied, make_user(), "Al gereageerd")
    assert not can_edit(replied, author)


def test_withdraw(db):
    author = make_user()
    contribution = make_contribution(author=author)
    with pytest.raises(NotAllowed):
        withdraw_contribution(contribution, make_user())
    withdraw_contribution(contribution, author)
    assert contribution.status == ContributionStatus.WITHDRAWN
    assert not can_edit(contribution, author)
