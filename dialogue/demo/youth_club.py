"""A one-off event in the demo: the youth club of one kern closes, and residents react.

Posted last week through the real submission path (`events.post_in_week`); the real detector
raises an alert on it, which the demo leaves open: the analyst's first task when she logs in.
"""

from __future__ import annotations

from dialogue.accounts.models import User
from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution
from dialogue.demo.events import post_in_week, week_start

#: The kern whose youth club closes, and how many weeks ago that week began (last week).
YOUTH_CLUB_KERN = "Holtum"
YOUTH_CLUB_WEEKS_AGO = 1
YOUTH_CLUB_TEXTS = (
    "De jongerensoos in Holtum gaat dicht. Waar moeten onze jongeren nu naartoe?",
    "Sinds de soos dicht is, hangen de jongeren 's avonds bij de bushalte. Dat is voor niemand goed.",
    "Mijn zoon ging elke vrijdag naar de soos. Nu zit hij alleen thuis. Heel jammer dat de gemeente dit laat gebeuren.",
    "Er is niets meer voor de jeugd in Holtum. Eerst de voetbalkantine, nu de soos.",
    "Wij hebben als ouders jaren vrijwillig bardienst gedaan in de soos. Niemand heeft ons iets gevraagd.",
    "De jongeren hebben geen plek meer om samen te komen. Dan krijg je overlast op straat.",
    "Waarom gaat de jongerensoos dicht zonder overleg met de jongeren zelf?",
    "Gisteravond weer een groep jongens bij de kerk met harde muziek. Ze kunnen nergens anders heen.",
    "Het jongerenwerk wordt wegbezuinigd en dan klagen over hangjongeren. Dat klopt niet.",
    "Onze dochter van 15 zegt dat er in het dorp niets meer te doen is voor jongeren van haar leeftijd.",
    "Een plek voor jongeren is geen luxe. Zonder soos trekken de jongeren weg uit Holtum.",
    "De sluiting van de soos is een slecht besluit. Geef de jeugd een eigen plek terug.",
    "Ik ben zelf 17. De soos was de enige plek waar we met vrienden konden afspreken.",
    "Voor de jongeren in ons dorp is er nu helemaal niets meer. Dat is toch triest.",
    "Waar kunnen de jongeren van Holtum nu nog heen op vrijdagavond?",
    "De jeugd verdient een eigen plek in het dorp, zoals de soos dat was.",
    "Onze jongeren fietsen nu 's avonds in het donker naar het volgende dorp voor een avondje uit.",
)


def add_youth_club_event(consultation: Consultation, people: list[User]) -> list[Contribution]:
    """Let residents of one kern post about their closing youth club last week."""
    return post_in_week(
        consultation,
        people,
        kern=YOUTH_CLUB_KERN,
        texts=YOUTH_CLUB_TEXTS,
        monday=week_start(YOUTH_CLUB_WEEKS_AGO),
    )
