"""The data of the scale benchmark: 20 municipalities, 200,000 contributions, in bulk.

Everything goes through the app's own tables (``db.metadata``): the schema is made by
``flask db upgrade`` before this runs, and the rows are inserted with SQLAlchemy Core
``insert(table)`` in batches (psycopg's executemany), so every column default, enum and JSON
type is the app's. Officials and residents with a password are made with the app's services.

Proportions (per 100 contributions): 93 published, 3 held for moderation, 2 hidden, 1
rejected, 1 withdrawn; 10 replies, 75 supports, 1 report, 6 moderation decisions, each with
its audit row, plus as many login audit rows; on the one consultation with voting on (a
mid-size one of the second municipality), 3 votes per contribution. Dates spread over 120
days, more of them recent.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import resources
from typing import Any

from sqlalchemy import Table, func, insert, select

from dialogue.extensions import db
from dialogue.timeutil import utcnow

PASSWORD = "lees-mee-op-de-pagina-2026"  # noqa: S105 - throwaway benchmark accounts
BATCH = 5000
KERNEN = ("Noord", "Oost", "Zuid", "West", "Dorp", "Buitengebied")
VARIATIONS = ("", " Graag een reactie.", " Alvast bedankt!", " Dit speelt al jaren.", "!!")


@dataclass
class Plan:
    """How much to load; the defaults are the issue's figures."""

    contributions: int = 200_000
    municipalities: int = 20
    largest: int = 20_000
    residents: int = 40_000
    seed: int = 19

    @classmethod
    def quick(cls) -> Plan:
        return cls(contributions=12_000, municipalities=4, largest=3_000, residents=4_000)


@dataclass
class Loaded:
    """What the benchmark needs to know about the loaded data."""

    municipality_slug: str = ""
    consultation_slug: str = ""
    consultation_id: int = 0
    #: A small open consultation for the kill test's analysis job.
    small_consultation_id: int = 0
    officials: dict[str, tuple[str, str]] = field(default_factory=dict)  # role → email, totp
    api_tokens: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _corpus() -> list[dict]:
    path = resources.files("dialogue.demo").joinpath("corpus_nl.jsonl")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _insert(table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Insert rows in batches of BATCH; return how many."""
    count, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            db.session.execute(insert(table), batch)
            count, batch = count + len(batch), []
    if batch:
        db.session.execute(insert(table), batch)
        count += len(batch)
    return count


def _table(name: str) -> Table:
    return db.metadata.tables[name]


def _structure(plan: Plan, rng: random.Random) -> list[tuple[int, int, int, list[int]]]:
    """Make municipalities, kernen and consultations; return (muni, consultation, size, kernen)."""
    from dialogue.consultations.models import Consultation, ConsultationStatus, ModerationMode
    from dialogue.municipalities.models import Kern, Municipality

    rest = plan.contributions - plan.largest
    per_municipality = rest // (plan.municipalities - 1)
    now = utcnow()
    made = []
    for number in range(1, plan.municipalities + 1):
        municipality = Municipality(
            name=f"Schaalgemeente {number:02d}", slug=f"schaal-{number:02d}"
        )
        municipality.kernen = [Kern(name=f"{kern} {number:02d}") for kern in KERNEN]
        db.session.add(municipality)
        if number == 1:
            sizes = [(plan.largest, "groot", False, ModerationMode.POST)]
        else:
            share = per_municipality + (rest % (plan.municipalities - 1) if number == 2 else 0)
            first = int(share * 0.65)
            sizes = [
                # Voting (agree/disagree) on one mid-size consultation: see VOTING in the docs.
                (first, "wonen", number == 2, ModerationMode.POST),
                (share - first, "verkeer", False, ModerationMode.PRE),
            ]
        for size, slug, voting, mode in sizes:
            consultation = Consultation(
                municipality=municipality,
                slug=slug,
                title=f"Raadpleging {slug} {number:02d}",
                question="Wat vindt u belangrijk voor uw kern?",
                description="Een raadpleging van de schaaltest.",
                opens_at=now - timedelta(days=121),
                closes_at=now + timedelta(days=30),
                status=ConsultationStatus.OPEN,
                moderation_mode=mode,
                voting=voting,
                kernen=list(municipality.kernen),
            )
            db.session.add(consultation)
            db.session.flush()
            made.append(
                (municipality.id, consultation.id, size, [a.id for a in municipality.kernen])
            )
    return made


def _residents(plan: Plan) -> list[int]:
    """Insert the residents (no password: they post through the form); return their ids."""
    first = db.session.scalar(select(func.coalesce(func.max(_table("user").c.id), 0)))
    _insert(
        _table("user"),
        (
            {"email": f"inwoner{n}@scale.example.org", "display_name": f"Inwoner {n}"}
            for n in range(plan.residents)
        ),
    )
    return list(db.session.scalars(select(_table("user").c.id).where(_table("user").c.id > first)))


def _contribution_rows(
    made: list[tuple[int, int, int, list[int]]], residents: list[int], rng: random.Random
) -> Iterator[dict[str, Any]]:
    from dialogue.contributions.fingerprint import text_fingerprint

    corpus = _corpus()
    fingerprints: dict[str, str] = {}
    now = utcnow()
    statuses = ["published"] * 93 + ["pending"] * 3 + ["hidden"] * 2 + ["rejected", "withdrawn"]
    for _municipality, consultation_id, size, kernen in made:
        for _ in range(size):
            line = rng.choice(corpus)
            body = line["text"] + rng.choice(VARIATIONS)
            if body not in fingerprints:
                fingerprints[body] = text_fingerprint(body)
            status = rng.choice(statuses)
            created = now - timedelta(minutes=int(120 * 24 * 60 * rng.random() ** 1.5))
            yield {
                "consultation_id": consultation_id,
                "author_id": rng.choice(residents),
                "kern_id": rng.choice(kernen) if rng.random() < 0.8 else None,
                "text": body,
                "text_fingerprint": fingerprints[body],
                "channel": "web" if rng.random() < 0.9 else "api",
                "status": status,
                "hold_reason": rng.choice(("pii", "flagged")) if status == "pending" else None,
                "created_at": created,
                "updated_at": created,
                "published_at": created if status == "published" else None,
                "language": "nl",
                "negative": bool(line.get("negative")),
                "discontent": 0.6 if line.get("negative") else 0.1,
                "theme_locked": False,
            }


def _reactions(
    consultation_of: dict[int, int], voting: set[int], residents: list[int], rng: random.Random
) -> dict[str, int]:
    """Replies, supports, votes and reports on published input."""
    published = list(consultation_of)
    now = utcnow()
    fingerprint = "0" * 16
    replies = (
        {
            "contribution_id": rng.choice(published),
            "author_id": rng.choice(residents),
            "text": "Mee eens, dat merken wij ook.",
            "text_fingerprint": fingerprint,
            "status": "published",
            "created_at": now - timedelta(days=rng.randrange(100)),
        }
        for _ in range(len(consultation_of) // 9)
    )
    counts = {"reply": _insert(_table("reply"), replies)}

    def unique_pairs(targets: list[int], count: int) -> Iterator[dict[str, Any]]:
        seen: set[tuple[int, int]] = set()
        while len(seen) < count:
            pair = (rng.choice(targets), rng.choice(residents))
            if pair not in seen:
                seen.add(pair)
                yield {"contribution_id": pair[0], "user_id": pair[1], "created_at": now}

    counts["support"] = _insert(
        _table("support"), unique_pairs(published, int(len(consultation_of) * 0.8))
    )
    on_vote = [c for c, consultation in consultation_of.items() if consultation in voting]
    votes = (
        {**row, "value": rng.choice(("agree", "agree", "disagree", "pass")), "updated_at": now}
        for row in unique_pairs(on_vote, len(on_vote) * 3)
    )
    counts["vote"] = _insert(_table("vote"), votes)
    reports = (
        {**row, "reporter_id": row.pop("user_id"), "reason": "Niet netjes."}
        for row in unique_pairs(published, len(consultation_of) // 90)
    )
    counts["report"] = _insert(_table("report"), reports)
    return counts


def _moderation_history(
    municipality_of: dict[int, int], moderators: dict[int, int], rng: random.Random
) -> dict[str, int]:
    """Moderation decisions on input that was hidden, rejected or approved, with audit rows."""
    contribution = _table("contribution")
    decided = db.session.execute(
        select(contribution.c.id, contribution.c.consultation_id, contribution.c.status).where(
            contribution.c.status.in_(("hidden", "rejected"))
        )
    ).all()
    approved = db.session.execute(
        select(contribution.c.id, contribution.c.consultation_id, contribution.c.status)
        .where(contribution.c.status == "published")
        .limit(len(decided))
    ).all()
    now = utcnow()
    decisions, audit = [], []
    for row in [*decided, *approved]:
        decision = {"hidden": "hide", "rejected": "reject"}.get(row.status, "approve")
        municipality_id = municipality_of[row.consultation_id]
        moderator = moderators[municipality_id]
        moment = now - timedelta(days=rng.randrange(100))
        decisions.append(
            {
                "contribution_id": row.id,
                "moderator_id": moderator,
                "decision": decision,
                "reason": None if decision == "approve" else "Kwetsend",
                "created_at": moment,
            }
        )
        audit.append(
            {
                "municipality_id": municipality_id,
                "actor_id": moderator,
                "actor_role": "moderator",
                "action": f"moderation.{decision}",
                "target_type": "contribution",
                "target_id": str(row.id),
                "details": {"contribution_ids": [row.id]},
                "created_at": moment,
            }
        )
    for _ in range(len(decided) + len(approved)):
        municipality_id = rng.choice(list(moderators))
        audit.append(
            {
                "municipality_id": municipality_id,
                "actor_id": moderators[municipality_id],
                "actor_role": "moderator",
                "action": "account.login",
                "target_type": None,
                "target_id": None,
                "details": None,
                "created_at": now - timedelta(days=rng.randrange(100)),
            }
        )
    return {
        "moderation_decision": _insert(_table("moderation_decision"), decisions),
        "audit_event": _insert(_table("audit_event"), audit),
    }


def _officials(municipalities: list[int]) -> tuple[dict[str, tuple[str, str]], dict[int, int]]:
    """An admin, a moderator and an analyst for the first municipality (with 2FA), and one
    moderator for every other; return the first's logins and each municipality's moderator."""
    import pyotp

    from dialogue.accounts.models import Role
    from dialogue.accounts.services import create_user
    from dialogue.municipalities.models import Municipality

    logins, moderators = {}, {}
    for index, municipality_id in enumerate(municipalities):
        municipality = db.session.get(Municipality, municipality_id)
        roles = (Role.ADMIN, Role.MODERATOR, Role.ANALYST) if index == 0 else (Role.MODERATOR,)
        for role in roles:
            email = f"{role.value}-{municipality.slug}@scale.example.org"
            user = create_user(
                email, PASSWORD, role=role, municipality=municipality, confirmed=True
            )
            user.totp_secret = pyotp.random_base32()
            user.totp_enabled = True
            db.session.flush()
            if role == Role.MODERATOR:
                moderators[municipality_id] = user.id
            if index == 0:
                logins[role.value] = (email, user.totp_secret)
    return logins, moderators


def api_tokens(count: int) -> list[str]:
    """Residents with an API token (the API and kill-test clients); return the tokens."""
    from dialogue.accounts.services import create_api_token, create_user

    tokens = [
        create_api_token(create_user(f"api-{n}@scale.example.org", PASSWORD, confirmed=True))
        for n in range(count)
    ]
    db.session.commit()
    return tokens


def load(plan: Plan) -> Loaded:
    """Load everything (inside an app context on the benchmark's database) and commit."""
    from dialogue.consultations.models import Consultation

    rng = random.Random(plan.seed)
    made = _structure(plan, rng)
    largest = next(row for row in made if row[2] == plan.largest)
    made.remove(largest)
    made.insert(0, largest)
    municipalities = list(dict.fromkeys(row[0] for row in made))
    logins, moderators = _officials(municipalities)
    residents = _residents(plan)
    # In the order they arrived: the consultations' rows interleave on disk, as in production.
    rows = sorted(_contribution_rows(made, residents, rng), key=lambda row: row["created_at"])
    counts = {"contribution": _insert(_table("contribution"), rows)}
    del rows
    contribution = _table("contribution")
    consultation_of = dict(
        db.session.execute(
            select(contribution.c.id, contribution.c.consultation_id).where(
                contribution.c.status == "published"
            )
        ).all()
    )
    voting = {row[1] for row in made if db.session.get(Consultation, row[1]).voting}
    counts |= _reactions(consultation_of, voting, residents, rng)
    counts |= _moderation_history({row[1]: row[0] for row in made}, moderators, rng)
    counts["user"] = len(residents)
    db.session.commit()
    smallest = min(made[1:], key=lambda row: row[2])
    consultation = db.session.get(Consultation, largest[1])
    return Loaded(
        municipality_slug=consultation.municipality.slug,
        consultation_slug=consultation.slug,
        consultation_id=consultation.id,
        small_consultation_id=smallest[1],
        officials=logins,
        counts=counts,
    )


def vacuum_analyze(database_url: str) -> None:
    """VACUUM ANALYZE after the bulk load, as autovacuum would do soon after in production."""
    import psycopg
    from harness import psycopg_url

    with psycopg.connect(psycopg_url(database_url), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
