"""Outgoing e-mail: the outbox row (`outbox`), its delivery over SMTP (`delivery`, `background`)
and the one-time links in mails (`links`)."""

from dialogue.mail import delivery as delivery
from dialogue.mail.outbox import OutboxMessage, mail, send_email

__all__ = ["OutboxMessage", "delivery", "mail", "send_email"]
