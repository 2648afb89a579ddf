"""Every link the app mails carries an opaque token: never an address, an id or anything readable."""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote, urlsplit

from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.mail import OutboxMessage
from dialogue.mail.links import MailLink, _token_hash
from dialogue.officials.services import invite_official
from tests.accounts.helpers import submit
from tests.factories import make_consultation, make_municipality, make_user
from tests.helpers import post_form

LINK = re.compile(r"https?://\S+")
#: secrets.token_urlsafe(32): 32 random bytes, 43 URL-safe characters, nothing to decode.
OPAQUE = re.compile(r"[A-Za-z0-9_-]{43}")
TOKEN_PATHS = ("/account/bevestigen/", "/account/wachtwoord-herstellen/", "/inbreng/bevestigen/")


def _decodings(segment: str) -> list[bytes]:
    """Return what a link segment, or each dot-separated part of it, decodes to (base64)."""
    found = []
    for part in [segment, *segment.split(".")]:
        try:
            found.append(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        except (binascii.Error, ValueError):
            continue
    return found


def _mail_every_kind_of_link(client, db, app) -> None:
    consultation = make_consultation()
    make_user(email="bestaat.al@example.org", display_name="Bestaand Account")
    db.session.commit()
    register = {
        "display_name": "Nieuwe Inwoner",
        "password": "een-lang-wachtwoord-42",
        "password_repeat": "een-lang-wachtwoord-42",
        "consent": "y",
    }
    submit(client, "/account/registreren", {**register, "email": "nieuw.inwoner@example.org"})
    submit(client, "/account/registreren", {**register, "email": "bestaat.al@example.org"})
    submit(client, "/account/wachtwoord-vergeten", {"email": "bestaat.al@example.org"})
    post_form(
        client,
        f"/{consultation.municipality.slug}/{consultation.slug}/inbreng",
        {
            "text": "De stoep bij de school is te smal voor kinderwagens.",
            "email": "anoniem.inwoner@example.org",
            "consent": "y",
        },
    )
    with app.test_request_context():
        invite_official(
            make_municipality(),
            email="nieuwe.ambtenaar@example.org",
            display_name="Nieuwe Ambtenaar",
            role=Role.MODERATOR,
        )
        db.session.commit()


def test_mailed_links_hold_no_personal_data(client, db, app):
    _mail_every_kind_of_link(client, db, app)
    messages = db.session.scalars(select(OutboxMessage)).all()
    tokens_seen = 0
    for message in messages:
        personal = {message.recipient.lower(), message.recipient.split("@")[0].lower()}
        for url in LINK.findall(message.body):
            parts = urlsplit(url)
            readable = unquote(parts.path + "?" + parts.query).lower()
            assert not any(value in readable for value in personal), url
            for segment in re.split(r"[/?&=]", parts.path + "?" + parts.query):
                for decoded in _decodings(segment):
                    lowered = decoded.lower()
                    assert not any(value.encode() in lowered for value in personal), url
            for prefix in TOKEN_PATHS:
                if parts.path.startswith(prefix):
                    token = parts.path[len(prefix) :]
                    assert OPAQUE.fullmatch(token), url
                    stored = db.session.scalar(
                        select(MailLink).where(MailLink.token_hash == _token_hash(token))
                    )
                    assert stored is not None, "the token itself is never stored"
                    tokens_seen += 1
    # A confirmation, a reset, a contribution confirmation and an invitation.
    assert tokens_seen == 4
    assert not any(
        OPAQUE.fullmatch(link.token_hash) for link in db.session.scalars(select(MailLink))
    )
