"""Analysis data for the analyst's journey: themes, a few weeks of input, a signal, accounts.

The browser seed loads input without running the theme pipeline (too slow for the suite), so
this module adds what the pipeline would have found: themes with members, a rising-discontent
signal, and officials whose TOTP secret pyotp accepts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources

from flask import Flask
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.extensions import db
from dialogue.signals.models import Signal, SignalKind
from dialogue.themes.curation import refresh_theme_stats
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow
from tests.factories import TOTP_SECRET, make_contribution, make_user

#: Theme key → label; the journey merges BUS into TRAFFIC, renames WIND, answers TRAFFIC.
TRAFFIC, HOUSING, WIND, BUS = "browser-verkeer", "browser-wonen", "browser-wind", "browser-bus"
THEMES = {
    TRAFFIC: "Verkeer en veiligheid",
    HOUSING: "Wonen en opvang",
    WIND: "Windpark",
    BUS: "Busverbindingen",
    "browser-glasvezel": "Glasvezel",
    "browser-zorg": "Huisarts en zorg",
    "browser-afval": "Afval",
    "browser-bibliotheek": "Bibliotheek en school",
}
#: The demo corpus's category of each seeded input decides its theme.
CATEGORY_THEMES = {
    "verkeer": TRAFFIC,
    "jongerenoverlast": TRAFFIC,
    "jongerenwoningen": HOUSING,
    "azc": HOUSING,
    "windpark": WIND,
    "stikstof": WIND,
    "glasvezel": "browser-glasvezel",
    "huisarts": "browser-zorg",
    "afval": "browser-afval",
    "bibliotheek": "browser-bibliotheek",
}
#: Older input so the weekly chart has a history: per theme, texts and the number of
#: contributions in each of the four weeks before this one (oldest first), and how many of
#: them are negative. Traffic rises, and grows more negative.
HISTORY = {
    TRAFFIC: (
        [
            "Auto's rijden veel te hard over de dijk.",
            "De oversteek bij de school is gevaarlijk als de school uitgaat.",
            "Vrachtwagens rijden door het centrum. Dat is eng voor fietsers.",
            "Niemand houdt zich aan de dertig kilometer. Handhaaf eens!",
            "De drempels zijn weggehaald en nu wordt er weer geracet.",
        ],
        [(3, 0), (5, 2), (7, 4), (9, 7)],
    ),
    HOUSING: (
        [
            "Er zijn te weinig betaalbare huizen voor jongeren in het dorp.",
            "Bouw kleine woningen voor ouderen, dan komen er huizen vrij.",
            "Een tiny-house-project zou goed passen bij ons dorp.",
        ],
        [(6, 2), (5, 2), (6, 3), (5, 2)],
    ),
    WIND: (
        [
            "Ik ben niet tegen windmolens, maar wel tegen molens van 250 meter hoog.",
            "Laat de opbrengst van het windpark ten goede komen aan het dorp.",
            "Het geluid van de molens houdt mij 's nachts wakker.",
        ],
        [(5, 2), (6, 3), (4, 2), (6, 3)],
    ),
    BUS: (
        [
            "Buslijn 12 rijdt op zondag niet meer. Dan kom ik nergens.",
            "De bushalte heeft geen abri. Je staat in de regen.",
        ],
        [(2, 1), (2, 1), (1, 0), (1, 1)],
    ),
}


@dataclass(frozen=True)
class AnalysisSeed:
    """What the analyst's journey needs to know about the analysis data."""

    consultation_id: int
    theme_ids: dict[str, int]
    signal_id: int
    analyst_email: str
    no_script_analyst_email: str
    network_email: str
    totp_secret: str = TOTP_SECRET


def _add_history(consultation: Consultation) -> None:
    this_monday = utcnow() - timedelta(days=utcnow().weekday())
    kernen = list(consultation.kernen)
    number = 0
    for theme_key, (texts, weeks) in HISTORY.items():
        for weeks_back, (count, negative) in zip(range(len(weeks), 0, -1), weeks, strict=True):
            for index in range(count):
                number += 1
                created = this_monday - timedelta(weeks=weeks_back) + timedelta(hours=7 + 9 * index)
                make_contribution(
                    consultation=consultation,
                    text=texts[(weeks_back + index) % len(texts)],
                    kern=kernen[number % len(kernen)] if kernen else None,
                    status=ContributionStatus.PUBLISHED,
                    created_at=created,
                    published_at=created,
                    language="nl",
                    negative=index < negative,
                    discontent=0.8 if index < negative else 0.2,
                    theme_key=theme_key,
                )


def _categories() -> dict[str, str]:
    corpus = resources.files("dialogue.demo").joinpath("corpus_nl.jsonl").read_text("utf-8")
    lines = [json.loads(line) for line in corpus.splitlines() if line.strip()]
    return {line["text"]: line.get("category") for line in lines}


def _assign_themes(consultation: Consultation) -> dict[str, int]:
    for theme_key, label in THEMES.items():
        db.session.add(
            Theme(
                consultation_id=consultation.id,
                municipality_id=consultation.municipality_id,
                key=theme_key,
                label=label,
                keywords=[word for word in label.lower().split() if len(word) > 3][:3],
            )
        )
    categories = _categories()
    unthemed = db.session.scalars(
        select(Contribution)
        .filter_by(consultation_id=consultation.id, status=ContributionStatus.PUBLISHED)
        .where(Contribution.theme_key.is_(None))
    ).all()
    for contribution in unthemed:
        contribution.theme_key = CATEGORY_THEMES.get(categories.get(contribution.text) or "")
    db.session.flush()
    refresh_theme_stats(consultation.id)
    return {
        theme.key: theme.id
        for theme in db.session.scalars(select(Theme).filter_by(consultation_id=consultation.id))
    }


def _add_signal(consultation: Consultation) -> int:
    today = utcnow().date()
    start = today - timedelta(days=today.weekday() + 7)
    signal = Signal(
        consultation_id=consultation.id,
        municipality_id=consultation.municipality_id,
        theme_key=TRAFFIC,
        kind=SignalKind.RISING_DISCONTENT,
        period_start=start,
        period_end=start + timedelta(days=6),
        score=3.2,
        p_value=0.004,
        explanation=(
            f"Over “{THEMES[TRAFFIC]}” komen meer negatieve bijdragen dan in de weken ervoor."
        ),
    )
    db.session.add(signal)
    db.session.flush()
    return signal.id


def seed_analysis(app: Flask, consultation_id: int) -> AnalysisSeed:
    """Add themes, older input, a signal and the journey's accounts; commit."""
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        assert consultation is not None, f"no consultation {consultation_id} in the seed"
        consultation.municipality.in_network = True
        _add_history(consultation)
        theme_ids = _assign_themes(consultation)
        signal_id = _add_signal(consultation)
        emails = {
            "analyst": "analist-werkplek@browser.example.org",
            "no_script": "analist-zonder-js@browser.example.org",
            "network": "netwerk@browser.example.org",
        }
        for name in ("analyst", "no_script"):
            make_user(
                Role.ANALYST,
                email=emails[name],
                display_name=f"Analist {name}",
                municipality=consultation.municipality,
                totp_secret=TOTP_SECRET,
                totp_enabled=True,
            )
        make_user(
            Role.NETWORK,
            email=emails["network"],
            display_name="Netwerkpartner",
            totp_secret=TOTP_SECRET,
            totp_enabled=True,
        )
        db.session.commit()
        result = AnalysisSeed(
            consultation_id=consultation.id,
            theme_ids=theme_ids,
            signal_id=signal_id,
            analyst_email=emails["analyst"],
            no_script_analyst_email=emails["no_script"],
            network_email=emails["network"],
        )
        db.session.remove()
    return result
