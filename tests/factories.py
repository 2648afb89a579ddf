"""Small factory functions for test data; each accepts overrides."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from dialogue.accounts.models import Role, User
from dialogue.consultations.models import Consultation, ConsultationStatus, ModerationMode
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.moderation.reasons import add_default_reasons
from dialogue.municipalities.models import Kern, Municipality
from dialogue.security import hash_password
from dialogue.signals.models import Signal, SignalKind
from dialogue.timeutil import utcnow

_sequence = itertools.count(1)
PASSWORD = "correct horse battery staple"
#: Officials' TOTP secret (160 bits: pyotp refuses secrets shorter than 112 bits).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_municipality(**overrides: Any) -> Municipality:
    n = next(_sequence)
    values = {"name": f"Gemeente {n}", "slug": f"gemeente-{n}", "settings": {}}
    values.update(overrides)
    municipality = Municipality(**values)
    if "kernen" not in overrides:
        municipality.kernen = [Kern(name=f"Kern {n}a"), Kern(name=f"Kern {n}b")]
    db.session.add(municipality)
    db.session.flush()
    add_default_reasons(municipality)
    return municipality


def make_user(role: Role = Role.RESIDENT, **overrides: Any) -> User:
    n = next(_sequence)
    values: dict[str, Any] = {
        "email": f"user{n}@example.org",
        "display_name": f"Gebruiker {n}",
        "password_hash": hash_password(PASSWORD),
        "role": role,
        "email_confirmed_at": utcnow(),
    }
    if role in (Role.MODERATOR, Role.ANALYST, Role.ADMIN) and "municipality" not in overrides:
        values["municipality"] = make_municipality()
    if role is not Role.RESIDENT:
        values["totp_secret"] = TOTP_SECRET
        values["totp_enabled"] = True
    values.update(overrides)
    user = User(**values)
    db.session.add(user)
    db.session.flush()
    return user


def make_consultation(**overrides: Any) -> Consultation:
    n = next(_sequence)
    municipality = overrides.pop("municipality", None) or make_municipality()
    values: dict[str, Any] = {
        "municipality": municipality,
        "slug": f"raadpleging-{n}",
        "title": f"Raadpleging {n}",
        "question": "Wat vindt u?",
        "description": "Uitleg.",
        "status": ConsultationStatus.OPEN,
        "moderation_mode": ModerationMode.POST,
        "kernen": list(municipality.kernen),
    }
    values.update(overrides)
    consultation = Consultation(**values)
    db.session.add(consultation)
    db.session.flush()
    return consultation


def make_contribution(**overrides: Any) -> Contribution:
    consultation = overrides.pop("consultation", None) or make_consultation()
    values: dict[str, Any] = {
        "consultation": consultation,
        "text": "De bushalte in het dorp is onveilig voor kinderen.",
        "status": ContributionStatus.PUBLISHED,
        "published_at": utcnow(),
    }
    values.update(overrides)
    contribution = Contribution(**values)
    db.session.add(contribution)
    db.session.flush()
    return contribution


def make_signal(consultation: Consultation, **overrides: Any) -> Signal:
    """A rising-volume signal on theme t1 of consultation, for last week."""
    values: dict[str, Any] = {
        "consultation_id": consultation.id,
        "municipality_id": consultation.municipality_id,
        "theme_key": "t1",
        "kind": SignalKind.RISING_VOLUME,
        "period_start": date.today() - timedelta(days=7),
        "period_end": date.today() - timedelta(days=1),
        "score": 2.0,
        "p_value": 0.01,
        "explanation": "Thema 't1': 12 bijdragen in week 47, normaal 5–7 per week.",
    }
    values.update(overrides)
    signal = Signal(**values)
    db.session.add(signal)
    db.session.flush()
    return signal
