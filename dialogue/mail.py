"""Outgoing e-mail: an outbox table in development and tests, SMTP in production."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app, render_template
from flask_mail import Mail, Message
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dialogue.extensions import db
from dialogue.timeutil import utcnow

log = logging.getLogger(__name__)
mail = Mail()


class OutboxMessage(db.Model):
    """An e-mail kept in the database instead of being sent (development and tests)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.subject!r}>"


def send_email(recipient: str, subject: str, template: str, **context: object) -> None:
    """Render templates/email/<template>.txt and send it, or keep it in the outbox."""
    body = render_template(f"email/{template}.txt", **context)
    if current_app.config["MAIL_TRANSPORT"] == "smtp":
        mail.send(Message(subject=subject, recipients=[recipient], body=body))
        return
    db.session.add(OutboxMessage(recipient=recipient, subject=subject, body=body))
    db.session.flush()
    log.info("mail to outbox: %s", subject)
