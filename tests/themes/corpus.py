"""A small three-topic Dutch corpus for analysis tests (varied, not one template per topic)."""

from __future__ import annotations

import random
from datetime import timedelta

TOPICS = {
    "wind": [
        "De windmolens bij de dijk worden veel te hoog",
        "Ik maak me zorgen over slagschaduw van de windturbines",
        "Windturbines zo dicht bij huizen is geen goed idee",
        "Het windpark levert geluidsoverlast op in de nacht",
        "Wie verdient er eigenlijk aan die windmolens",
        "Laat de opbrengst van het windpark terugvloeien naar het dorp",
        "Windmolens horen op zee en niet naast onze boerderij",
        "De windturbines verpesten het uitzicht over de polder",
    ],
    "verkeer": [
        "Er wordt veel te hard gereden op de Dorpsstraat",
        "De oversteekplaats bij de school is gevaarlijk voor kinderen",
        "Graag een drempel bij de bocht want auto's racen daar",
        "Vrachtwagens rijden dwars door het dorp naar het bedrijventerrein",
        "Het fietspad naar de middelbare school is slecht verlicht",
        "Snelheidscontroles op de provinciale weg zijn hard nodig",
        "Kinderen fietsen elke dag langs die gevaarlijke kruising",
        "De rotonde bij de supermarkt is onoverzichtelijk voor fietsers",
    ],
    "afval": [
        "De groene container wordt te weinig geleegd in de zomer",
        "Het afval wordt steeds vaker naast de container gezet",
        "Diftar maakt het ophalen van afval veel te duur",
        "Plastic afval ophalen om de vier weken is te weinig",
        "De glasbak bij het dorpshuis zit altijd vol",
        "Zwerfafval langs de vaart wordt nooit opgeruimd",
        "Grofvuil laten ophalen kost te veel en duurt te lang",
        "De milieustraat zou op zaterdag langer open moeten",
    ],
}
ENDINGS = [
    "",
    " Graag actie.",
    " Alvast bedankt!",
    " Dit speelt al jaren.",
    " Wat doet de gemeente?",
]


def corpus(consultation_start, per_topic: int = 24, seed: int = 1) -> list[tuple[str, str, object]]:
    """Return (topic, text, created_at) triples spread over twelve weeks."""
    rng = random.Random(seed)
    items = []
    for topic, sentences in TOPICS.items():
        for i in range(per_topic):
            text = sentences[i % len(sentences)] + rng.choice(ENDINGS)
            if i >= len(sentences):
                text = text.lower()
            created = consultation_start + timedelta(
                days=rng.randrange(84), hours=rng.randrange(24)
            )
            items.append((topic, text, created))
    return items
