"""More of the demo: a closed consultation with its council report, and a second municipality."""

from __future__ import annotations

import random
from datetime import timedelta
from importlib import resources

from dialogue.accounts.models import Role
from dialogue.accounts.services import create_user
from dialogue.answers.services import answer
from dialogue.consultations.models import Consultation, ConsultationStatus, ModerationMode
from dialogue.contributions.services import submit_contribution
from dialogue.demo.story import acting_as, add_supports, official, residents
from dialogue.exports.services import request_file_export
from dialogue.exports.summary import SummaryOptions
from dialogue.extensions import db
from dialogue.moderation.reasons import add_default_reasons
from dialogue.municipalities.models import Kern, Municipality
from dialogue.timeutil import utcnow

CLOSED_SLUG = "dorpshuis-holtum"
CLOSED_ANSWER = (
    "De raad heeft op basis van uw inbreng besloten: het dorpshuis blijft open. In het "
    "voorjaar wordt het gebouw geïsoleerd en komt er een drempelvrije ingang. Een stichting "
    "van inwoners neemt het beheer over. Het uitleenpunt van de bibliotheek verhuist naar het "
    "dorpshuis. Alle openbare inbreng staat hieronder ook als open data."
)
SECOND_SLUG = "veenmarke"
SECOND_KERNEN = ("Veenmarke", "Oud-Veen", "Marktsloot")
#: Topics of the demo corpus that the second municipality's residents also write about.
SECOND_TOPICS = ("jongerenwoningen", "huisarts", "glasvezel", "verkeer")
SECOND_INPUT = 120


def _pool(name: str) -> list[str]:
    text = resources.files("dialogue.demo").joinpath(f"pools/{name}.txt").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def add_closed_consultation(municipality: Municipality) -> str:
    """Add a closed consultation of Dijkzicht with input, support, an answer and a report."""
    from dialogue.demo.loader import analyse

    now = utcnow()
    consultation = Consultation(
        municipality=municipality,
        slug=CLOSED_SLUG,
        title="Het dorpshuis in Holtum",
        question="Hoe wilt u het dorpshuis in Holtum in de toekomst gebruiken?",
        description=(
            "Het dorpshuis is oud. De raad besluit of het open blijft en wat er moet "
            "gebeuren. Daarvoor wilden wij eerst weten wat u belangrijk vindt."
        ),
        opens_at=now - timedelta(days=110),
        closes_at=now + timedelta(days=1),
        status=ConsultationStatus.OPEN,
        moderation_mode=ModerationMode.POST,
        kernen=[kern for kern in municipality.kernen if kern.name == "Holtum"],
    )
    db.session.add(consultation)
    db.session.flush()
    people = residents()
    chance = random.Random(CLOSED_SLUG)  # noqa: S311 - demo data, not security
    texts = _pool("dorpshuis")
    items = []
    for number, (text, author) in enumerate(
        zip(texts, chance.sample(people, len(texts)), strict=True)
    ):
        contribution = submit_contribution(
            consultation, text=text, author=author, kern="Holtum" if number % 2 else None
        )
        moment = now - timedelta(days=100 - 3 * number, hours=chance.randint(0, 12))
        contribution.created_at = contribution.updated_at = moment
        contribution.published_at = moment if contribution.published_at else None
        items.append(contribution)
    add_supports(items, people, chance)
    consultation.closes_at = now - timedelta(days=20)
    consultation.status = ConsultationStatus.CLOSED
    db.session.commit()
    analyse(consultation)
    analyst = official(consultation, Role.ANALYST)
    with acting_as(analyst):
        response = answer(consultation, text=CLOSED_ANSWER, author=analyst)
        response.created_at = response.updated_at = now - timedelta(days=12)
        consultation.open_data_published_at = now - timedelta(days=10)
        db.session.commit()
        report = request_file_export(consultation, "pdf", SummaryOptions(), analyst)
    return f"closed consultation {CLOSED_SLUG} ({len(items)} contributions, report {report.id})"


def add_second_municipality() -> str:
    """Add a second municipality in the network, with an open consultation and its themes."""
    from dialogue.demo.loader import DEMO_PASSWORD, analyse

    municipality = Municipality(name="Veenmarke", slug=SECOND_SLUG, settings={}, in_network=True)
    municipality.kernen = [Kern(name=name) for name in SECOND_KERNEN]
    db.session.add(municipality)
    add_default_reasons(municipality)
    create_user(
        "beheer@veenmarke.example.org",
        DEMO_PASSWORD,
        display_name="Beheerder Veenmarke",
        role=Role.ADMIN,
        municipality=municipality,
        confirmed=True,
    )
    now = utcnow()
    consultation = Consultation(
        municipality=municipality,
        slug="wonen-en-voorzieningen",
        title="Wonen en voorzieningen in de kernen",
        question="Wat heeft uw kern nodig om leefbaar te blijven?",
        description="Veenmarke maakt een nieuwe woonvisie. Wij horen graag wat u mist.",
        opens_at=now - timedelta(days=70),
        closes_at=now + timedelta(days=30),
        status=ConsultationStatus.OPEN,
        moderation_mode=ModerationMode.POST,
        kernen=list(municipality.kernen),
    )
    db.session.add(consultation)
    db.session.flush()
    chance = random.Random(SECOND_SLUG)  # noqa: S311 - demo data, not security
    people = residents()
    for number, text in enumerate(_second_texts(chance)):
        contribution = submit_contribution(
            consultation,
            text=text,
            author=chance.choice(people),
            kern=SECOND_KERNEN[number % len(SECOND_KERNEN)],
        )
        moment = now - timedelta(days=65 - number // 2, hours=chance.randint(0, 20))
        contribution.created_at = contribution.updated_at = moment
        contribution.published_at = moment if contribution.published_at else None
    db.session.commit()
    return f"second municipality {SECOND_SLUG}: analysis {analyse(consultation)}"


def _second_texts(chance: random.Random) -> list[str]:
    """Return demo corpus texts on shared topics that name none of Dijkzicht's kernen."""
    from dialogue.demo.loader import KERNEN, _corpus_lines

    names = [name.lower() for name in KERNEN] + ["holtum", "vaart", "nijeveen"]
    texts = [
        line["text"]
        for line in _corpus_lines()
        if line.get("category") in SECOND_TOPICS
        and not line.get("pii")
        and not any(name in line["text"].lower() for name in names)
    ]
    return chance.sample(texts, min(SECOND_INPUT, len(texts)))
