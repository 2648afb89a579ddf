"""Outgoing e-mail: the outbox row (`outbox`), its delivery over SMTP after the commit
(`after_commit`, `delivery`, `background`) and the one-time links in mails (`links`).

Importing the package registers the after-commit delivery; its modules import each other in
one direction only: outbox <- delivery <- after_commit.
"""

from dialogue.mail import after_commit as after_commit
from dialogue.mail.outbox import OutboxMessage, mail, send_email

__all__ = ["OutboxMessage", "after_commit", "mail", "send_email"]
