"""Demo-like data for the browser tests, built fast: the demo municipality and part of the
demo corpus (no theme analysis), plus one account per role with known secrets."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources

from flask import Flask

from dialogue.accounts.models import Role
from dialogue.consultations.models import ConsultationStatus, ModerationMode
from dialogue.contributions.models import ContributionStatus, Reply
from dialogue.extensions import db
from dialogue.municipalities.models import Kern
from dialogue.timeutil import utcnow
from dialogue.votes.models import VoteValue
from dialogue.votes.services import cast_vote
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    make_consultation,
    make_contribution,
    make_municipality,
    make_user,
)

KERNEN = ("Dijkzicht", "Oosterwolde-Vaart", "Nijeveen-Zuid", "Holtum", "Ter Laan", "Bovenhuizen")
#: Published input on the open consultation (several pages) and input waiting for a moderator.
PUBLISHED = 45
PENDING = 24
#: Input held because it holds a phone number; the moderator publishes it redacted.
PHONE = "06-12345678"
PII_TEXTS = (
    f"De stoep bij de bakker in Holtum ligt vol gaten. Bel mij gerust op {PHONE} voor details.",
)
#: A reply held for the same reason; the moderator publishes it redacted from its own page.
REPLY_PII_TEXT = f"Klopt, ik woon ernaast. Bel {PHONE} als u hulp zoekt."
#: Officials the journeys log in as; each journey has its own (a TOTP code works only once).
OFFICIALS = {
    "moderator": Role.MODERATOR,
    "keyboard-moderator": Role.MODERATOR,
    "analyst": Role.ANALYST,
    "job-analyst": Role.ANALYST,
    "admin": Role.ADMIN,
    "day-moderator": Role.MODERATOR,
    "day-analyst": Role.ANALYST,
    "day-admin": Role.ADMIN,
}


@dataclass(frozen=True)
class Seed:
    """What the journeys need to know about the seeded data."""

    municipality_slug: str
    consultation_slug: str
    consultation_id: int
    resident_email: str
    officials: dict[str, str]
    password: str = PASSWORD
    totp_secret: str = TOTP_SECRET

    @property
    def consultation_path(self) -> str:
        """Return the public path of the open consultation."""
        return f"/{self.municipality_slug}/{self.consultation_slug}"


def corpus_lines(limit: int) -> list[dict]:
    """Return the first lines of the demo corpus without personal data (held input is seeded apart)."""
    text = resources.files("dialogue.demo").joinpath("corpus_nl.jsonl").read_text("utf-8")
    lines = (json.loads(line) for line in text.splitlines() if line.strip())
    return [line for line in lines if not line.get("pii")][:limit]


def seed(app: Flask) -> Seed:
    """Create the municipality, its consultations and input, and the accounts; commit."""
    with app.app_context():
        municipality = make_municipality(
            name="Dijkzicht", slug="dijkzicht", kernen=[Kern(name=name) for name in KERNEN]
        )
        kernen = {kern.name: kern for kern in municipality.kernen}
        now = utcnow()
        consultation = make_consultation(
            municipality=municipality,
            slug="samen-verder",
            title="Samen verder: wat speelt er in uw kern?",
            question="Wat vindt u belangrijk voor uw kern, en wat moet de gemeente anders doen?",
            description="De gemeenteraad wil weten wat er leeft in Dijkzicht en de kernen eromheen.",
            opens_at=now - timedelta(days=30),
            closes_at=now + timedelta(days=30),
            moderation_mode=ModerationMode.POST,
            voting=True,
        )
        make_consultation(
            municipality=municipality,
            slug="dorpshuis-holtum",
            title="Het dorpshuis in Holtum",
            question="Hoe wilt u het dorpshuis gebruiken?",
            status=ConsultationStatus.CLOSED,
            opens_at=now - timedelta(days=90),
            closes_at=now - timedelta(days=10),
        )
        published = []
        for index, line in enumerate(corpus_lines(PUBLISHED + PENDING)):
            pending = index >= PUBLISHED
            created = now - timedelta(hours=PUBLISHED + PENDING - index)
            contribution = make_contribution(
                consultation=consultation,
                text=line["text"],
                display_name=line.get("display_name"),
                kern=kernen.get(line.get("area") or ""),
                status=ContributionStatus.PENDING if pending else ContributionStatus.PUBLISHED,
                hold_reason="pre_moderation" if pending else None,
                created_at=created,
                published_at=None if pending else created,
            )
            if not pending:
                published.append(contribution)
        start = REPLY_PII_TEXT.index(PHONE)
        db.session.add(
            Reply(
                contribution=published[0],
                author=make_user(Role.RESIDENT),
                text=REPLY_PII_TEXT,
                status=ContributionStatus.PENDING,
                hold_reason="pii",
                pii_spans=[{"kind": "phone", "start": start, "end": start + len(PHONE)}],
            )
        )
        for text in PII_TEXTS:
            start = text.index(PHONE)
            make_contribution(
                consultation=consultation,
                text=text,
                kern=kernen["Holtum"],
                status=ContributionStatus.PENDING,
                hold_reason="pii",
                pii_spans=[{"kind": "phone", "start": start, "end": start + len(PHONE)}],
                published_at=None,
            )
        _seed_votes(published[-8:])
        make_user(Role.RESIDENT, email="inwoner@browser.example.org", display_name="Test Inwoner")
        officials = {}
        for name, role in OFFICIALS.items():
            officials[name] = f"{name}@browser.example.org"
            make_user(
                role,
                email=officials[name],
                display_name=f"Test {name}",
                municipality=municipality,
                totp_secret=TOTP_SECRET,
                totp_enabled=True,
            )
        db.session.commit()
        result = Seed(
            municipality_slug=municipality.slug,
            consultation_slug=consultation.slug,
            consultation_id=consultation.id,
            resident_email="inwoner@browser.example.org",
            officials=officials,
        )
        db.session.remove()
    return result


def _seed_votes(items: list) -> None:
    """Two camps of six residents: both agree with the first input, they split on the others.

    Each voter votes on eight inputs: enough (at least 7) to be placed in a group.
    """
    shared, *split = items
    for camp in (0, 1):
        for _ in range(6):
            voter = make_user(Role.RESIDENT)
            cast_vote(shared, voter, VoteValue.AGREE)
            for number, item in enumerate(split):
                agrees = (number + camp) % 2 == 0
                cast_vote(item, voter, VoteValue.AGREE if agrees else VoteValue.DISAGREE)
