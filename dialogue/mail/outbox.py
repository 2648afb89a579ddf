"""Outgoing e-mail: always a row in the outbox table, sent over SMTP after the commit.

With MAIL_TRANSPORT "outbox" (development, tests) the row is all there is. With "smtp" the row
is marked for delivery and `dialogue.mail.after_commit` hands it to `dialogue.mail.delivery`
once the transaction that wrote it has committed: a mail server that is down or slow never fails or undoes the action.
"""

from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa
from flask import current_app, render_template
from flask_mail import Mail
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dialogue.extensions import db
from dialogue.timeutil import utcnow

log = logging.getLogger(__name__)
mail = Mail()

#: Key in Session.info: ids of SMTP messages written in the current transaction.
WRITTEN = "kernpunt_mail_written"


class OutboxMessage(db.Model):
    """An e-mail: kept in the database (development, tests) or queued for SMTP delivery."""

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    #: Emptied once delivered: the delivery record needs no copy of the text.
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: True for messages written with MAIL_TRANSPORT "smtp"; outbox rows are never sent.
    deliver_by_smtp: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: When the mail server accepted the message; None while undelivered.
    sent_at: Mapped[datetime | None]
    #: Set while a deliverer is sending the message, so that no other one sends it too.
    claimed_at: Mapped[datetime | None]
    #: Delivery attempts so far; `flask mail deliver` gives up at its --max-attempts.
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    #: The last delivery error, one short line (no traceback).
    last_error: Mapped[str | None] = mapped_column(String(200))

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.subject!r}>"


def send_email(recipient: str, subject: str, template: str, **context: object) -> None:
    """Render templates/email/<template>.txt and store it; with SMTP it is sent after commit."""
    body = render_template(f"email/{template}.txt", **context)
    by_smtp = current_app.config["MAIL_TRANSPORT"] == "smtp"
    message = OutboxMessage(recipient=recipient, subject=subject, body=body)
    if by_smtp:
        message.deliver_by_smtp = True
    db.session.add(message)
    db.session.flush()
    if by_smtp:
        db.session.info.setdefault(WRITTEN, []).append(message.id)
        log.info("mail %s queued for delivery after commit: %s", message.id, subject)
        return
    log.info("mail to outbox: %s", subject)
