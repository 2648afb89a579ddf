"""Demo-like data for the browser tests: the demo municipality plus accounts with known secrets."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.consultations.models import Consultation
from dialogue.demo.loader import CONSULTATION_SLUG, MUNICIPALITY_SLUG, load_demo
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from tests.browser.server import SEED_TOTP_SECRET
from tests.factories import PASSWORD, make_user


@dataclass(frozen=True)
class Seed:
    """What the journeys need to know about the seeded data."""

    municipality_slug: str
    consultation_slug: str
    consultation_id: int
    resident_email: str
    moderator_email: str
    analyst_email: str
    admin_email: str
    password: str = PASSWORD
    totp_secret: str = SEED_TOTP_SECRET

    @property
    def consultation_path(self) -> str:
        """Return the public path of the demo consultation."""
        return f"/{self.municipality_slug}/{self.consultation_slug}"


def seed(app: Flask) -> Seed:
    """Load the demo data and add one account per role with the seed password and TOTP secret."""
    with app.app_context():
        load_demo()
        municipality = db.session.scalar(select(Municipality).filter_by(slug=MUNICIPALITY_SLUG))
        consultation = db.session.scalar(select(Consultation).filter_by(slug=CONSULTATION_SLUG))
        emails = {}
        for role in (Role.RESIDENT, Role.MODERATOR, Role.ANALYST, Role.ADMIN):
            email = f"{role.value}@browser.example.org"
            extra = {} if role is Role.RESIDENT else {"municipality": municipality}
            make_user(
                role,
                email=email,
                display_name=f"Test {role.value}",
                totp_secret=SEED_TOTP_SECRET if role is not Role.RESIDENT else None,
                totp_enabled=role is not Role.RESIDENT,
                **extra,
            )
            emails[role] = email
        db.session.commit()
        result = Seed(
            municipality_slug=municipality.slug,
            consultation_slug=consultation.slug,
            consultation_id=consultation.id,
            resident_email=emails[Role.RESIDENT],
            moderator_email=emails[Role.MODERATOR],
            analyst_email=emails[Role.ANALYST],
            admin_email=emails[Role.ADMIN],
        )
        db.session.remove()
    return result
