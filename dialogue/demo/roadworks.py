"""A one-off event in the demo: residents of one kern report the detour of announced road works.

The input goes through the real submission path (screening, placement in the nearest
theme); the real detector then judges it, and the demo analyst dismisses the alert it
raises as already known. The committed corpus stays as it is.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution
from dialogue.demo.events import post_in_week, week_start
from dialogue.demo.story import acting_as
from dialogue.extensions import db
from dialogue.signals.models import Signal, SignalStatus
from dialogue.signals.services import dismiss, refresh_signals

#: The kern whose street took the detour, and how many weeks ago that week began.
DETOUR_KERN = "Nijeveen-Zuid"
DETOUR_WEEKS_AGO = 5
#: Why the analyst dismisses the alert: a DISMISS_REASONS key and a note in her own words.
DETOUR_REASON = "bekend"
DETOUR_NOTE = "De omleiding tijdens de wegwerkzaamheden was aangekondigd."
DETOUR_TEXTS = (
    "Sinds de wegwerkzaamheden rijdt al het verkeer door de Beukenlaan. Het is hier de hele dag druk.",
    "De omleiding gaat precies door onze straat. Vrachtwagens rijden nu langs de school.",
    "Het is gevaarlijk voor de kinderen die naar school fietsen. Er rijden veel te veel auto's.",
    "Waarom loopt de omleiding door een woonstraat? Er zijn toch grotere wegen?",
    "Vanochtend stond er een file voor mijn deur. Ik kon mijn oprit niet af.",
    "De auto's rijden veel te hard over de Beukenlaan nu de doorgaande weg dicht is.",
    "Ons huis trilt als de bussen langskomen. Ik maak me zorgen over scheuren in de muur.",
    "Kan er tijdens de werkzaamheden een drempel komen in de Beukenlaan? Het verkeer raast voorbij.",
    "De borden van de omleiding staan verkeerd. Iedereen rijdt nu door de smalle straatjes.",
    "Mijn moeder durft niet meer over te steken naar de bakker. Het verkeer stopt niet.",
    "Hoe lang duurt die omleiding nog? Het is hier elke ochtend een chaos op de weg.",
    "Er staan nu overal auto's op de stoep, omdat de straat vol staat met verkeer.",
    "Het lawaai van het verkeer begint om zes uur 's ochtends. Wij slapen slecht.",
    "Zet in de spits een verkeersregelaar bij de kruising van de Beukenlaan en de Kerklaan.",
    "Fietsers moeten nu tussen het vrachtverkeer door. Dat is echt niet veilig.",
    "Ineens reed al het verkeer door onze straat. Een brief vooraf had ik wel willen hebben.",
)


def detour_week_start() -> datetime:
    """Return the Monday (00:00 UTC) of the week of the detour."""
    return week_start(DETOUR_WEEKS_AGO)


def add_detour_event(consultation: Consultation, people: list[User]) -> list[Contribution]:
    """Let residents of one kern post about a detour in one week, as the site would take it."""
    return post_in_week(
        consultation, people, kern=DETOUR_KERN, texts=DETOUR_TEXTS, monday=detour_week_start()
    )


def dismiss_detour_alerts(consultation: Consultation, analyst: User) -> int:
    """Judge the weeks again with the real detector; dismiss the detour week's new alerts.

    Returns how many were dismissed: none if the detector does not find the event.
    """
    refresh_signals(consultation)
    week_start = detour_week_start().date()
    detour = db.session.scalars(
        select(Signal).where(
            Signal.consultation_id == consultation.id,
            Signal.status == SignalStatus.NEW,
            Signal.period_start <= week_start + timedelta(days=6),
            Signal.period_end >= week_start,
        )
    ).all()
    with acting_as(analyst):
        for signal in detour:
            dismiss(signal, analyst, DETOUR_REASON, DETOUR_NOTE)
    return len(detour)
