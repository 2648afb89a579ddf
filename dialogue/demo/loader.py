"""The demo municipality Dijkzicht: kernen, officials, one open consultation and its input.

Demo input goes through the same screening as real input (personal data, flags), so held
input has its marked spans; dialogue.demo.story then adds what the municipality did with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources

import pyotp
from flask import current_app
from sqlalchemy import func, select

from dialogue.accounts.models import Role, User
from dialogue.accounts.services import create_user
from dialogue.consultations.models import Consultation, ConsultationStatus, ModerationMode
from dialogue.contributions.models import Channel, Contribution, ContributionStatus
from dialogue.contributions.services import apply_hold_or_publish, hold_reasons
from dialogue.demo.events import monday_of, week_start
from dialogue.extensions import db
from dialogue.jobs import Job, run_job
from dialogue.moderation.reasons import add_default_reasons
from dialogue.municipalities.models import Kern, Municipality
from dialogue.timeutil import utcnow

MUNICIPALITY_SLUG = "dijkzicht"
KERNEN = ("Dijkzicht", "Oosterwolde-Vaart", "Nijeveen-Zuid", "Holtum", "Ter Laan", "Bovenhuizen")
#: Demo officials; their password is DEMO_PASSWORD (demo data only, refused in production).
OFFICIALS = (
    ("beheer@dijkzicht.example.org", "Beheerder Dijkzicht", Role.ADMIN),
    ("moderator@dijkzicht.example.org", "Moderator Dijkzicht", Role.MODERATOR),
    ("analist@dijkzicht.example.org", "Analist Dijkzicht", Role.ANALYST),
)
#: The Town Deal partner who sees the network overview (no municipality of its own).
NETWORK_OFFICIAL = ("netwerk@krachtigekernen.example.org", "Netwerk Krachtige Kernen")
DEMO_PASSWORD = "demo-dijkzicht-2026"  # noqa: S105 - documented demo credential
CONSULTATION_SLUG = "samen-verder"


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
    municipality.kernen = [Kern(name=name) for name in KERNEN]
    db.session.add(municipality)
    add_default_reasons(municipality)
    _add_officials(municipality)
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
        kernen=list(municipality.kernen),
    )
    db.session.add(consultation)
    db.session.flush()
    _load_contributions(consultation, municipality, lines, shift)
    count = db.session.scalar(
        select(func.count()).select_from(Contribution).filter_by(consultation_id=consultation.id)
    )
    db.session.commit()
    analysis = f"; analysis: {analyse(consultation)}" if lines else ""
    from dialogue.demo.story import tell_story

    story = tell_story(consultation)
    db.session.commit()
    return (
        f"demo loaded: municipality {municipality.slug}, {count} contributions{analysis}; {story}"
    )


def analyse(consultation: Consultation) -> str:
    """Run the theme analysis of a consultation now, in this process, and return its result.

    The demo goes on with the themes it finds, so it never leaves the job to a worker.
    """
    from dialogue.themes.analysis import ANALYSIS_JOB, analysis_subject, run_analysis

    job = Job(
        kind=ANALYSIS_JOB,
        subject=analysis_subject(consultation.id),
        municipality_id=consultation.municipality_id,
    )
    db.session.add(job)
    db.session.commit()
    run_job(run_analysis, job.id, consultation.id)
    db.session.refresh(job)
    return f"{job.status.value} {job.result or job.error or ''}".strip()


def _add_officials(municipality: Municipality) -> None:
    """Create the demo officials and the network partner, with two-factor set up."""
    for email, name, role in OFFICIALS:
        _enrolled(
            create_user(
                email,
                DEMO_PASSWORD,
                display_name=name,
                role=role,
                municipality=municipality,
                confirmed=True,
            )
        )
    email, name = NETWORK_OFFICIAL
    _enrolled(
        create_user(email, DEMO_PASSWORD, display_name=name, role=Role.NETWORK, confirmed=True)
    )


def _enrolled(user: User) -> User:
    """Give a demo official an enabled authenticator secret, printed by `flask demo load`."""
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled = True
    return user


@dataclass(frozen=True)
class DemoLogin:
    """How a tester logs in as a demo official: address, password, secret and a current code."""

    email: str
    role: str
    totp_secret: str
    current_code: str


def demo_logins() -> list[DemoLogin]:
    """Return the demo officials' logins with a code that is valid right now."""
    emails = [email for email, _name, _role in OFFICIALS] + [NETWORK_OFFICIAL[0]]
    users = db.session.scalars(select(User).where(User.email.in_(emails))).all()
    return [
        DemoLogin(user.email or "", user.role.value, secret, pyotp.TOTP(secret).now())
        for user in sorted(users, key=lambda user: emails.index(user.email))
        if (secret := user.totp_secret) and user.totp_enabled
    ]


def _date_shift(lines: list[dict]) -> timedelta:
    """Move the corpus by whole weeks so that its last week is the last complete week.

    The early-warning signals look at the most recent weeks; without the shift the demo
    would show no signal once the corpus is older than that. The last complete week, not
    "a few days ago": loaded on a Monday or Tuesday, a corpus ending two to eight days
    before left last week empty, and the dashboard showed every theme falling to 0.
    """
    if not lines:
        return timedelta(0)
    last = max(_parse_time(line["created_at"]) for line in lines)
    # Whole weeks, so every text keeps its weekday and the corpus' weeks stay ISO weeks: a
    # shift by days split the asylum surge's first week over two weeks, on some weekdays.
    return timedelta(weeks=(week_start(0) - monday_of(last)).days // 7 - 1)


def _load_contributions(
    consultation: Consultation, municipality: Municipality, lines: list[dict], shift: timedelta
) -> None:
    kernen = {kern.name: kern for kern in municipality.kernen}
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
        contribution = Contribution(
            consultation_id=consultation.id,
            author=author,
            display_name=line.get("display_name"),
            kern=kernen.get(line.get("area") or ""),
            text=line["text"],
            channel=Channel.WEB,
        )
        db.session.add(contribution)
        db.session.flush()  # the repeat check looks for the author's earlier rows
        # The screening real input gets: personal data is held with its spans marked.
        apply_hold_or_publish(contribution, hold_reasons(contribution, consultation))
        contribution.created_at = contribution.updated_at = created
        if contribution.status == ContributionStatus.PUBLISHED:
            contribution.published_at = created
    db.session.flush()
