"""submit_contribution: validation, kernen, closed consultations, duplicates, holds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dialogue.consultations.models import ConsultationStatus, ModerationMode
from dialogue.contributions.models import Channel, Contribution, ContributionStatus
from dialogue.contributions.services import (
    ConsultationClosed,
    InvalidInput,
    confirm_anonymous_contribution,
    confirmation_token,
    contribution_for_token,
    submit_contribution,
    validate_text,
)
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_user

pytestmark = pytest.mark.usefixtures("request_context")

GOOD_TEXT = "De stoep bij de school is te smal voor kinderwagens."


def count_contributions() -> int:
    from dialogue.extensions import db

    return db.session.scalar(select(func.count(Contribution.id)))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "leeg"),
        ("   \n\t  ", "leeg"),
        ("te kort", "te kort"),
        ("x" * 2001, "te lang"),
        ("Een tekst met een \x00 nul-teken erin", "stuurtekens"),
        ("Een tekst met een \x1b escape erin", "stuurtekens"),
        ("Tekst met richting \u202e omgedraaid", "stuurtekens"),
        ("Binaire rommel \ufffd\ufffd hier", "stuurtekens"),
    ],
)
def test_validate_text_refuses_bad_input(db, text, fragment):
    with pytest.raises(InvalidInput) as caught:
        validate_text(text)
    assert fragment in str(caught.value.errors["text"])
    assert caught.value.field == "text"


def test_validate_text_cleans_but_keeps_content(db):
    cleaned = validate_text("  Eerste regel\r\n\r\n\r\n\r\nTweede regel <b>vet</b>  ")
    assert cleaned == "Eerste regel\n\nTweede regel <b>vet</b>"
    assert validate_text("x" * 2000) == "x" * 2000
    assert validate_text("precies 10") == "precies 10"


def test_published_at_once_in_post_moderation(db):
    consultation = make_consultation()
    author = make_user()
    contribution = submit_contribution(consultation, text=GOOD_TEXT, author=author)
    assert contribution.id is not None
    assert contribution.status == ContributionStatus.PUBLISHED
    assert contribution.published_at is not None and contribution.hold_reason is None
    assert contribution.language == "nl" and contribution.pii_spans == []
    assert 0.0 <= contribution.discontent <= 1.0


def test_pre_moderation_holds(db):
    consultation = make_consultation(moderation_mode=ModerationMode.PRE)
    contribution = submit_contribution(consultation, text=GOOD_TEXT, author=make_user())
    assert contribution.status == ContributionStatus.PENDING
    assert contribution.hold_reason == "pre_moderation"
    assert contribution.published_at is None


def test_personal_data_holds_with_spans(db):
    consultation = make_consultation()
    text = "Bel mij gerust op 06-12345678 als u vragen heeft over de stoep."
    contribution = submit_contribution(consultation, text=text, author=make_user())
    assert contribution.status == ContributionStatus.PENDING
    assert contribution.hold_reason == "pii"
    (span,) = contribution.pii_spans
    assert span["kind"] == "phone"
    assert text[span["start"] : span["end"]].startswith("06")


def test_kern_resolved_by_name_case_insensitively(db):
    consultation = make_consultation()
    kern = consultation.kernen[0]
    contribution = submit_contribution(
        consultation, text=GOOD_TEXT, author=make_user(), kern=kern.name.upper()
    )
    assert contribution.kern_id == kern.id


def test_unknown_kern_and_other_municipality_kern_refused(db):
    consultation = make_consultation()
    other = make_consultation()
    author = make_user()
    for kern in ("Atlantis", other.kernen[0]):
        with pytest.raises(InvalidInput) as caught:
            submit_contribution(consultation, text=GOOD_TEXT, author=author, kern=kern)
        assert "kern" in caught.value.errors
    assert count_contributions() == 0


def test_all_field_errors_reported_together(db):
    consultation = make_consultation()
    with pytest.raises(InvalidInput) as caught:
        submit_contribution(
            consultation, text="kort", kern="Atlantis", display_name="x", pending_email="geen-mail"
        )
    assert set(caught.value.errors) == {"text", "kern", "display_name", "email"}
    assert count_contributions() == 0


@pytest.mark.parametrize(
    "change",
    [
        {"status": ConsultationStatus.CLOSED},
        {"status": ConsultationStatus.DRAFT},
        {"closes_at": utcnow() - timedelta(minutes=1)},
        {"opens_at": utcnow() + timedelta(days=1)},
    ],
)
def test_closed_consultation_refuses(db, change):
    consultation = make_consultation(**change)
    with pytest.raises(ConsultationClosed) as caught:
        submit_contribution(consultation, text=GOOD_TEXT, author=make_user())
    # Before the first day the message says when it opens, otherwise that it is closed.
    expected = "begint op" if "opens_at" in change else "gesloten"
    assert caught.value.code == "closed" and expected in str(caught.value.message)
    assert count_contributions() == 0


def test_officials_may_record_letters_after_closing_but_not_in_drafts(db):
    closed = make_consultation(status=ConsultationStatus.CLOSED)
    letter = submit_contribution(closed, text=GOOD_TEXT, channel=Channel.LETTER)
    assert letter.channel == Channel.LETTER and letter.status == ContributionStatus.PUBLISHED
    with pytest.raises(ConsultationClosed):
        submit_contribution(
            make_consultation(status=ConsultationStatus.DRAFT),
            text=GOOD_TEXT,
            channel=Channel.MEETING,
        )


def test_double_submit_within_seconds_returns_first(db):
    consultation = make_consultation()
    author = make_user()
    first = submit_contribution(consultation, text=GOOD_TEXT, author=author)
    second = submit_contribution(consultation, text=f"  {GOOD_TEXT}\n", author=author)
    assert second.id == first.id
    assert count_contributions() == 1
    # Another author with the same words is not a duplicate.
    submit_contribution(consultation, text=GOOD_TEXT, author=make_user())
    assert count_contributions() == 2


def test_same_text_after_window_is_new(db):
    consultation = make_consultation()
    author = make_user()
    first = submit_contribution(consultation, text=GOOD_TEXT, author=author)
    first.created_at = utcnow() - timedelta(seconds=11)
    db.session.flush()
    assert submit_contribution(consultation, text=GOOD_TEXT, author=author).id != first.id


def test_client_ref_is_idempotent_per_author(db):
    consultation = make_consultation()
    author, other = make_user(), make_user()
    first = submit_contribution(consultation, text=GOOD_TEXT, author=author, client_ref="r-1")
    first.created_at = utcnow() - timedelta(minutes=5)
    db.session.flush()
    again = submit_contribution(
        consultation, text="Een andere tekst van tien tekens", author=author, client_ref="r-1"
    )
    assert again.id == first.id
    # The same reference of another user is a different contribution.
    theirs = submit_contribution(consultation, text=GOOD_TEXT, author=other, client_ref="r-1")
    assert theirs.id != first.id
    with pytest.raises(InvalidInput):
        submit_contribution(consultation, text=GOOD_TEXT, author=author, client_ref="x" * 101)
    # A retry after closing still returns the acknowledged row instead of 409.
    consultation.status = ConsultationStatus.CLOSED
    assert (
        submit_contribution(consultation, text=GOOD_TEXT, author=author, client_ref="r-1") is first
    )


def test_anonymous_needs_email_and_waits_for_confirmation(db):
    consultation = make_consultation()
    with pytest.raises(InvalidInput) as caught:
        submit_contribution(consultation, text=GOOD_TEXT)
    assert "email" in caught.value.errors
    contribution = submit_contribution(
        consultation, text=GOOD_TEXT, pending_email=" Iemand@Example.ORG "
    )
    assert contribution.pending_email == "iemand@example.org"
    assert (contribution.status, contribution.hold_reason) == (
        ContributionStatus.PENDING,
        "unconfirmed",
    )

    token = confirmation_token(contribution)
    found, state = contribution_for_token(token)
    assert (found, state) == (contribution, "ok")
    confirm_anonymous_contribution(contribution)
    assert contribution.pending_email is None
    assert contribution.status == ContributionStatus.PUBLISHED
    assert contribution_for_token(token) == (contribution, "confirmed")
    assert contribution_for_token(token + "x")[1] == "invalid"


def test_confirmed_anonymous_input_with_pii_still_held(db):
    consultation = make_consultation()
    contribution = submit_contribution(
        consultation,
        text="Mail mij op jan.jansen@example.org over de stoep.",
        pending_email="jan.jansen@example.org",
    )
    assert contribution.hold_reason == "unconfirmed"
    confirm_anonymous_contribution(contribution)
    assert (contribution.status, contribution.hold_reason) == (ContributionStatus.PENDING, "pii")


def test_html_is_stored_as_typed(db):
    consultation = make_consultation()
    text = "<script>alert('x')</script> is geen goed idee voor de bushalte"
    contribution = submit_contribution(consultation, text=text, author=make_user())
    assert contribution.text == text
