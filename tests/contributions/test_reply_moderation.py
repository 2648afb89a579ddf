"""Replies go through the automatic flags and pre-moderation; residents report replies."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dialogue.consultations.models import ModerationMode
from dialogue.contributions.models import ContributionStatus, Reply, Report
from dialogue.contributions.reactions import (
    NotAllowed,
    add_reply,
    open_reporters,
    report_contribution,
    report_reply,
)
from dialogue.contributions.validation import InvalidInput
from dialogue.extensions import db as _db
from dialogue.mail import OutboxMessage
from tests.factories import make_consultation, make_contribution, make_user
from tests.helpers import post_form, show_url, text_of

S = ContributionStatus


def _post_moderated_input():
    consultation = make_consultation(moderation_mode=ModerationMode.POST)
    return make_contribution(consultation=consultation, author=make_user())


@pytest.mark.usefixtures("request_context")
class TestReplyScreening:
    def test_clean_reply_in_post_moderated_consultation_is_published(self):
        reply = add_reply(_post_moderated_input(), make_user(), "Mee eens, dat moet beter.")
        assert (reply.status, reply.hold_reason, reply.flags) == (S.PUBLISHED, None, None)

    def test_reply_in_pre_moderated_consultation_waits_with_its_reason(self):
        consultation = make_consultation(moderation_mode=ModerationMode.PRE)
        contribution = make_contribution(consultation=consultation)
        reply = add_reply(contribution, make_user(), "Mee eens, dat moet beter.")
        assert (reply.status, reply.hold_reason) == (S.PENDING, "pre_moderation")

    @pytest.mark.parametrize(
        ("text", "flag"),
        [
            ("Wat een klootzak ben jij zeg.", "abusive"),
            ("DIT IS ECHT WAANZINNIG SLECHT GEREGELD HOOR", "shouting"),
        ],
    )
    def test_flagged_reply_waits_even_in_post_moderation(self, text, flag):
        reply = add_reply(_post_moderated_input(), make_user(), text)
        assert (reply.status, reply.hold_reason) == (S.PENDING, "flagged")
        assert reply.flags == [flag]

    def test_same_reply_again_from_the_same_author_is_flagged_as_repeated(self):
        author = make_user()
        first = add_reply(_post_moderated_input(), author, "Dit vind ik ook, helemaal eens.")
        again = add_reply(_post_moderated_input(), author, "dit vind ik ook,  helemaal EENS.")
        other = add_reply(_post_moderated_input(), make_user(), "Dit vind ik ook, helemaal eens.")
        assert first.status == S.PUBLISHED and other.status == S.PUBLISHED
        assert (again.status, again.flags) == (S.PENDING, ["repeated"])

    def test_personal_data_is_held_with_its_spans_even_in_post_moderation(self):
        text = "Bel me op 06-12345678 gerust."
        reply = add_reply(_post_moderated_input(), make_user(), text)
        assert (reply.status, reply.hold_reason) == (S.PENDING, "pii")
        assert [(s["kind"], text[s["start"] : s["end"]]) for s in reply.pii_spans] == [
            ("phone", "06-12345678")
        ]
        assert reply.redacted_text is None and reply.public_text == text

    def test_personal_data_outranks_flags_as_the_hold_reason(self):
        reply = add_reply(_post_moderated_input(), make_user(), "KLOOTZAK, BEL 06-12345678 NU")
        assert (reply.status, reply.hold_reason) == (S.PENDING, "pii")
        assert reply.flags  # the flags are kept for the moderator


@pytest.mark.usefixtures("request_context")
class TestReportingReplies:
    def _reply(self, **overrides):
        contribution = _post_moderated_input()
        values = {"contribution": contribution, "author": make_user(), "text": "Onzin."}
        reply = Reply(**values | overrides)
        _db.session.add(reply)
        _db.session.flush()
        return reply

    def test_three_reports_hide_the_reply_and_tell_its_author(self):
        reply = self._reply()
        for _ in range(2):
            report_reply(reply, make_user(), "Beledigend")
        assert reply.status == S.PUBLISHED
        report_reply(reply, make_user(), "Beledigend")
        assert (reply.status, reply.hold_reason) == (S.HIDDEN, "reports")
        mails = _db.session.scalars(select(OutboxMessage)).all()
        assert [m.recipient for m in mails] == [reply.author.email]
        assert "reactie is verborgen" in mails[0].subject
        assert "gemeld" in mails[0].body

    def test_an_explicit_threshold_overrides_the_setting(self):
        reply = self._reply()
        report_reply(reply, make_user(), "Beledigend", threshold=1)
        assert reply.status == S.HIDDEN

    def test_reply_reports_do_not_count_for_the_contribution(self):
        reply = self._reply()
        for _ in range(3):
            report_reply(reply, make_user(), "Beledigend")
        assert open_reporters(reply.contribution) == 0
        assert reply.contribution.status == S.PUBLISHED

    def test_one_resident_reports_a_reply_and_its_contribution_separately(self):
        reply = self._reply()
        reporter = make_user()
        report_reply(reply, reporter, "Beledigend")
        report_contribution(reply.contribution, reporter, "Beledigend")
        with pytest.raises(InvalidInput):
            report_reply(reply, reporter, "Nog een keer")
        rows = _db.session.scalars(select(Report).order_by(Report.id)).all()
        assert [(r.contribution_id, r.reply_id) for r in rows] == [
            (None, reply.id),
            (reply.contribution_id, None),
        ]

    def test_own_or_unpublished_reply_cannot_be_reported(self):
        reply = self._reply()
        with pytest.raises(NotAllowed):
            report_reply(reply, reply.author, "Beledigend")
        waiting = self._reply(status=S.PENDING)
        with pytest.raises(NotAllowed):
            report_reply(waiting, make_user(), "Beledigend")


def test_pending_reply_is_not_public_and_author_hears_it_waits(client, as_user):
    consultation = make_consultation(moderation_mode=ModerationMode.PRE)
    contribution = make_contribution(consultation=consultation, author=make_user())
    replier = make_user()
    _db.session.commit()
    as_user(replier)
    url = f"/inbreng/{contribution.id}/reageren"
    response = post_form(client, url, {"text": "Wat een klootzak is dat."}, page=url)
    assert response.status_code == 302
    page = text_of(client.get(show_url(consultation)))
    assert "klootzak" not in page and "moderator bekijkt uw reactie" in page
    reply = _db.session.scalars(select(Reply)).one()
    assert (reply.status, reply.hold_reason, reply.flags) == (S.PENDING, "flagged", ["abusive"])


def test_resident_reports_a_reply_through_the_page(client, as_user):
    contribution = make_contribution(author=make_user())
    replier = make_user()
    reporter = make_user()
    reply = Reply(contribution=contribution, author=replier, text="Wat een onzin zeg.")
    _db.session.add(reply)
    _db.session.commit()
    as_user(reporter)
    page = text_of(client.get(show_url(contribution.consultation)))
    report_url = f"/reactie/{reply.id}/melden"
    assert f'href="{report_url}"' in page
    form = text_of(client.get(report_url))
    assert "Wat een onzin zeg." in form and contribution.text in form
    response = post_form(client, report_url, {"reason": "beledigend"}, page=report_url)
    assert response.status_code == 302
    assert "Dank u wel voor uw melding" in text_of(client.get(response.headers["Location"]))
    row = _db.session.scalars(select(Report)).one()
    assert (row.reply_id, row.contribution_id, row.reporter_id) == (reply.id, None, reporter.id)


def test_report_page_of_a_hidden_reply_is_404(client, as_user):
    contribution = make_contribution()
    replier = make_user()
    resident = make_user()
    reply = Reply(contribution=contribution, author=replier, text="Weg.", status=S.HIDDEN)
    _db.session.add(reply)
    _db.session.commit()
    as_user(resident)
    assert client.get(f"/reactie/{reply.id}/melden").status_code == 404
    assert client.get("/reactie/999999/melden").status_code == 404


def test_own_reply_shows_no_report_link(client, as_user):
    contribution = make_contribution(author=make_user())
    author = make_user()
    reply = Reply(contribution=contribution, author=author, text="Mijn eigen reactie.")
    _db.session.add(reply)
    _db.session.commit()
    as_user(author)
    page = text_of(client.get(show_url(contribution.consultation)))
    assert "Mijn eigen reactie." in page and f"/reactie/{reply.id}/melden" not in page


def test_author_sees_the_status_and_reason_of_their_replies(client, as_user):
    contribution = make_contribution(author=make_user())
    author = make_user()
    waiting = Reply(contribution=contribution, author=author, text="Nog niet online.")
    hidden = Reply(
        contribution=contribution,
        author=author,
        text="Verborgen reactie.",
        status=S.HIDDEN,
        hold_reason="moderator",
        status_reason="Niet over dit onderwerp",
    )
    waiting.status, waiting.hold_reason = S.PENDING, "pre_moderation"
    _db.session.add_all([waiting, hidden])
    _db.session.commit()
    as_user(author)
    page = text_of(client.get("/mijn-inbreng"))
    mine = page.split("Mijn reacties")[1]
    assert "Nog niet online." in mine and "wacht op controle" in mine
    assert "Verborgen reactie." in mine and "Niet over dit onderwerp" in mine


def test_reply_report_is_in_the_reporters_data_download(request_context):
    from dialogue.owndata.services import export_user_data

    contribution = make_contribution(author=make_user())
    replier, reporter = make_user(), make_user()
    reply = Reply(contribution=contribution, author=replier, text="Weg ermee.")
    _db.session.add(reply)
    _db.session.flush()
    report_reply(reply, reporter, "Beledigend")
    [row] = export_user_data(reporter)["reports"]
    assert (row["reply_id"], row["contribution_id"]) == (reply.id, None)
