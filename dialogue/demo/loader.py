"""The demo municipality Dijkzicht: kernen, officials, one open consultation and its input."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from importlib import resources

from flask import current_app
from sqlalchemy import func, select

from dialogue.accounts.models import Role, User
from dialogue.accounts.services import create_user
from dialogue.consultations.models import Consultation, ConsultationStatus, ModerationMode
from dialogue.contributions.models import Channel, Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.municipalities.models import Area, Municipality
from dialogue.timeutil import utcnow

MUNICIPALITY_SLUG = "dijkzicht"
KERNEN = ("Dijkzicht", "Oosterwolde-Vaart", "Nijeveen-Zuid", "Holtum", "Ter Laan", "Bovenhuizen")
#: Demo officials; their password is DEMO_PASSWORD (demo data only, refused in production).
OFFICIALS = (
    ("beheer@dijkzicht.example.org", "Beheerder Dijkzicht", Role.ADMIN),
    ("moderator@dijkzicht.example.org", "Moderator Dijkzicht", Role.MODERATOR),
    ("analist@dijkzicht.example.org", "Analist Dijkzicht", Role.ANALYST),
)
DEMO_PASSWORD = "demo-dijkzicht-2026"  # noqa: S105 - documented demo credential
CONSULTATION_SLUG = "samen-verder"
#: The demo's newest input is this many days old, whenever the demo is loaded.
DAYS_SINCE_LAST_INPUT = 2


def _corpus_lines() -> list[dict]:
    corpus = resources.files("dialogue.demo").joinpath("corpus_nl.jsonl")
    if not corpus.is_file():
        return []
    return [json.loads(line) for line in corpus.read_text("utf-8").splitlines() if line.strip()]


def _residents() -> dict[str, dict]:
    path = resources.files("dialogue.demo").joinpath("residents.json")
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def _parse_time(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.replace(tzinfo=None) - (moment.utcoffset() or timedelta(0))


def load_demo() -> str:
    """Create the demo data if it is not there yet; return a one-line summary."""
    if current_app.config["KERNPUNT_ENV"] == "production":
        raise RuntimeError("demo data is not loaded in production")
    municipality = db.session.scalar(select(Municipality).filter_by(slug=MUNICIPALITY_SLUG))
    if municipality is not None:
        return "demo already loaded"
    municipality = Municipality(
        name="Dijkzicht", slug=MUNICIPALITY_SLUG, settings={}, in_network=True
    )
    municipality.areas = [Area(name=name) for name in KERNEN]
    db.session.add(municipality)
    for email, name, role in OFFICIALS:
        create_user(
            email,
            DEMO_PASSWORD,
            display_name=name,
            role=role,
            municipality=municipality,
            confirmed=True,
        )
    lines = _corpus_lines()
    shift = _date_shift(lines)
    first = min((_parse_time(line["created_at"]) + shift for line in lines), default=utcnow())
    consultation = Consultation(
        municipality=municipality,
        slug=CONSULTATION_SLUG,
        title="Samen verder: wat speelt er in uw kern?",
        question="Wat vindt u belangrijk voor uw kern, en wat moet de gemeente anders doen?",
        description=(
            "De gemeenteraad wil weten wat er leeft in Dijkzicht en de kernen eromheen. "
            "Denk aan wonen, verkeer, energie, voorzieningen en veiligheid. "
            "Alle reacties worden gelezen. De gemeente antwoordt per onderwerp."
        ),
        opens_at=first - timedelta(days=1),
        closes_at=utcnow() + timedelta(days=60),
        status=ConsultationStatus.OPEN,
        moderation_mode=ModerationMode.POST,
        areas=list(municipality.areas),
    )
    db.session.add(consultation)
    db.session.flush()
    _load_contributions(consultation, municipality, lines, shift)
    count = db.session.scalar(
        select(func.count()).select_from(Contribution).filter_by(consultation_id=consultation.id)
    )
    db.session.commit()
    analysis = ""
    if lines:
        from dialogue.themes.analysis import request_analysis

        job = request_analysis(consultation)
        analysis = f"; analysis: {job.status.value} {job.result or job.error or ''}"
    return f"demo loaded: municipality {municipality.slug}, {count} contributions{analysis}"


def _date_shift(lines: list[dict]) -> timedelta:
    """Move the corpus in time so that its last input is from a few days ago.

    The early-warning signals look at the most recent weeks; without the shift the demo
    would show no signal once the corpus is older than that.
    """
    if not lines:
        return timedelta(0)
    last = max(_parse_time(line["created_at"]) for line in lines)
    target = utcnow() - timedelta(days=DAYS_SINCE_LAST_INPUT)
    return timedelta(days=(target - last).days)


def _load_contributions(
    consultation: Consultation, municipality: Municipality, lines: list[dict], shift: timedelta
) -> None:
    areas = {area.name: area for area in municipality.areas}
    known = _residents()
    authors: dict[str, User] = {}
    for key, person in known.items():
        user = create_user(
            person["email"], DEMO_PASSWORD, display_name=person["display_name"], confirmed=True
        )
        authors[key] = user
    for line in lines:
        key = line.get("author")
        author = authors.get(key)
        if author is None and key:
            author = User(display_name=line.get("display_name") or key, role=Role.RESIDENT)
            db.session.add(author)
            authors[key] = author
        created = _parse_time(line["created_at"]) + shift
        held = bool(line.get("pii"))
        db.session.add(
            Contribution(
                consultation=consultation,
                author=author,
                display_name=line.get("display_name"),
                area=areas.get(line.get("area") or ""),
                text=line["text"],
                channel=Channel.WEB,
                status=ContributionStatus.PENDING if held else ContributionStatus.PUBLISHED,
                hold_reason="pii" if held else None,
                created_at=created,
                updated_at=created,
                published_at=None if held else created,
            )
        )
    db.session.flush()
