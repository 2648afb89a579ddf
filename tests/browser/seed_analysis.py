"""Analysis data for the analyst's journey: themes, a few weeks of input, a signal, accounts.

The browser seed loads input without running the theme pipeline (too slow for the suite), so
this module adds what the pipeline would have found: themes with members, a rising-discontent
signal, and officials whose TOTP secret pyotp accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

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

#: Theme key → label; the journey merges BUS into TRAFFIC, renames GREEN, answers TRAFFIC.
TRAFFIC, HOUSING, GREEN, BUS = "browser-verkeer", "browser-wonen", "browser-groen", "browser-bus"
THEMES = {
    TRAFFIC: "Verkeer en veiligheid",
    HOUSING: "Woningen voor starters",
    GREEN: "Groen en spelen",
    BUS: "Busverbindingen",
}
#: Older input (days ago, theme, negative, text) so the weekly chart has a history.
HISTORY = [
    (26, HOUSING, False, "Er zijn te weinig betaalbare huizen voor jongeren in het dorp."),
    (25, GREEN, False, "Het speeltuintje bij de school is fijn, maar de bankjes zijn kapot."),
    (24, TRAFFIC, False, "De oversteek bij de Dorpsstraat is druk als de school uitgaat."),
    (23, BUS, True, "Buslijn 12 rijdt op zondag niet meer. Dan kom ik nergens."),
    (22, HOUSING, True, "Mijn kinderen moeten verhuizen omdat er hier niets te huur is."),
    (20, GREEN, False, "Laat het grasveld aan de Vaart alstublieft groen blijven."),
    (19, TRAFFIC, False, "Graag een zebrapad bij de supermarkt."),
    (18, BUS, False, "De belbus is een goede oplossing voor ouderen."),
    (16, HOUSING, False, "Bouw kleine woningen voor ouderen, dan komen er huizen vrij."),
    (15, TRAFFIC, True, "Auto's rijden veel te hard over de dijk. Het wordt steeds erger."),
    (14, GREEN, False, "Meer bomen in de nieuwe wijk zou mooi zijn."),
    (13, TRAFFIC, True, "Vrachtwagens rijden door het centrum. Dat is gevaarlijk voor fietsers."),
    (12, BUS, True, "De bushalte heeft geen abri. Je staat in de regen."),
    (11, HOUSING, False, "Een tiny-house-project zou passen bij Holtum."),
    (10, TRAFFIC, True, "Weer bijna een ongeluk bij de school. Wanneer doet de gemeente iets?"),
    (9, TRAFFIC, True, "De drempels zijn weggehaald en nu wordt er weer geracet."),
    (9, GREEN, False, "De moestuin bij het dorpshuis is een succes."),
    (8, TRAFFIC, True, "Niemand houdt zich aan de dertig kilometer. Handhaaf eens!"),
]


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
    now = utcnow()
    areas = list(consultation.areas)
    for index, (days, key, negative, text) in enumerate(HISTORY):
        created = now - timedelta(days=days, hours=index)
        make_contribution(
            consultation=consultation,
            text=text,
            display_name="Inwoner",
            area=areas[index % len(areas)] if areas else None,
            status=ContributionStatus.PUBLISHED,
            created_at=created,
            published_at=created,
            language="nl",
            negative=negative,
            discontent=0.8 if negative else 0.2,
            theme_key=key,
        )


def _assign_themes(consultation: Consultation) -> dict[str, int]:
    keys = list(THEMES)
    for theme_key, label in THEMES.items():
        db.session.add(
            Theme(
                consultation_id=consultation.id,
                municipality_id=consultation.municipality_id,
                key=theme_key,
                label=label,
                keywords=label.lower().split()[:2],
            )
        )
    unthemed = db.session.scalars(
        select(Contribution)
        .filter_by(consultation_id=consultation.id, status=ContributionStatus.PUBLISHED)
        .where(Contribution.theme_key.is_(None))
        .order_by(Contribution.id)
    ).all()
    for index, contribution in enumerate(unthemed):
        contribution.theme_key = keys[index % len(keys)]
        if contribution.negative is None:
            contribution.negative = index % 3 == 0
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
            f"Over “{THEMES[TRAFFIC]}” komen meer negatieve reacties dan in de weken ervoor."
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
