"""Input is held before publication for personal data and automatic flags (through submit)."""

from __future__ import annotations

import pytest

from dialogue.consultations.models import ModerationMode
from dialogue.contributions.models import ContributionStatus
from dialogue.contributions.services import submit_contribution
from dialogue.extensions import db
from dialogue.moderation.flags import abuse_list, automatic_flags, is_abusive, is_shouting
from tests.factories import make_consultation, make_user

HELD = [
    # phone numbers (phonenumbers, region NL)
    ("phone", "Bel mij gerust op 06-12345678 voor uitleg."),
    ("phone", "Mijn nummer is 0612345678, bel maar na zessen."),
    ("phone", "U kunt mij bereiken op +31 6 12345678 overdag."),
    ("phone", "Bel de buurtvereniging: 0591 123 456 (na 18 uur)."),
    ("phone", "Ons vaste nummer is 020-1234567, graag terugbellen."),
    # e-mail addresses
    ("email", "Mail mij op jan.jansen@example.org voor overleg."),
    ("email", "Reageer via J.de.Vries+dorp@gemeente-voorbeeld.nl aub."),
    # BSN (11-proef)
    ("bsn", "Mijn BSN is 111222333, zet dat in het dossier."),
    ("bsn", "Burgerservicenummer 1112.22.333 staat op de brief."),
    ("bsn", "Mijn bsn: 123 456 782 voor de aanvraag."),
    # IBAN
    ("iban", "Maak het geld over op NL91ABNA0417164300 graag."),
    ("iban", "Rekening NL91 ABNA 0417 1643 00 voor de inbreng."),
    ("iban", "Mijn rekening is nl91abna0417164300 bij de bank."),
    # postcode with house number, and street with number
    ("postcode_house_number", "Ik woon op 9501 AB 12 naast de school."),
    ("postcode_house_number", "Adres: 1234AB 5a, graag langskomen."),
    ("postcode_house_number", "De overlast is bij Dorpsstraat 12 in het dorp."),
    # licence plates
    ("licence_plate", "De auto met kenteken 12-ABC-3 staat altijd fout."),
    ("licence_plate", "Een busje XX-99-XX rijdt veel te hard hier."),
    ("licence_plate", "Het kenteken was 1-KBB-23 van een rode auto."),
    # hidden formats and sign-off names (issue 14, item 3)
    ("bsn", "Mijn BSN is 1112\u200b22333, zet dat in het dossier."),
    ("phone", "Bel mij gerust op 06\u201312345678 voor uitleg."),
    ("phone", "Bel mij gerust op 06/12345678 voor uitleg."),
    ("email", "Mail mij op jan[at]example.nl voor overleg."),
    ("iban", "Maak het over op NL91-ABNA-0417-1643-00 graag."),
    ("postcode_house_number", "Ik woon op 1234 ab 5 naast de school."),
    ("postcode_house_number", "De overlast is bij Kerkstr. 12 in het dorp."),
    ("name", "De bus rijdt te weinig.\nMet vriendelijke groet, Lotte"),
    ("name", "De bus rijdt te weinig.\nGroet, Piet de Vries"),
    ("name", "De bus rijdt te weinig. Gr. Anja"),
]

NOT_HELD = [
    "In 2023 is de brug al eens gerepareerd, en in 1998 ook.",
    "De nieuwe speeltuin kost € 125.000, dat is te veel.",
    "Het plan kost 1.250.000 euro volgens de krant van 12-03-2024.",
    "Onze postcode 9501 heeft geen goede busverbinding.",
    "Het gebied rond 1234 AB heeft te weinig parkeerplaatsen.",
    "Ongeveer 35% van de inwoners is tegen, zei de wethouder.",
    "Al 40 jaar woon ik hier met 3 kinderen en 2 honden.",
]


@pytest.fixture
def consultation(db):
    result = make_consultation(moderation_mode=ModerationMode.POST)
    db.session.commit()
    return result


@pytest.mark.parametrize(("kind", "text"), HELD, ids=[f"{k}-{i}" for i, (k, _) in enumerate(HELD)])
def test_personal_data_is_held_with_its_span(request_context, consultation, kind, text):
    contribution = submit_contribution(consultation, text=text, author=make_user())
    assert contribution.status == ContributionStatus.PENDING
    assert contribution.hold_reason == "pii"
    assert kind in {span["kind"] for span in contribution.pii_spans}
    assert contribution.published_at is None


@pytest.mark.parametrize("text", NOT_HELD)
def test_years_prices_and_bare_postcodes_are_not_held(request_context, consultation, text):
    contribution = submit_contribution(consultation, text=text, author=make_user())
    assert contribution.status == ContributionStatus.PUBLISHED, contribution.pii_spans
    assert not contribution.pii_spans


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Die wethouder is een klootzak en moet weg.", "abusive"),
        ("Wat een KUTGEMEENTE is dit toch geworden.", "abusive"),
        ("Stelletje zakkenwassers in het gemeentehuis.", "abusive"),
        ("Klooootzak, dat ben je, met je plannen.", "abusive"),
        ("Dit is asociaal tuig dat hier rondhangt.", "abusive"),
        ("DE BUSHALTE IS AL MAANDEN KAPOT EN NIEMAND DOET IETS!!!", "shouting"),
    ],
)
def test_flagged_input_goes_to_the_queue_with_its_reason(request_context, consultation, text, flag):
    contribution = submit_contribution(consultation, text=text, author=make_user())
    assert contribution.status == ContributionStatus.PENDING
    assert flag in contribution.flags
    assert contribution.hold_reason == "flagged"


def test_repeated_identical_input_from_one_author_is_flagged(request_context, consultation):
    author = make_user()
    first = submit_contribution(
        consultation, text="Graag een zebrapad bij de school.", author=author
    )
    db.session.flush()
    first.created_at = first.created_at.replace(year=2020)  # outside the double-submit window
    db.session.flush()
    again = submit_contribution(
        consultation, text="graag een  zebrapad bij de school.", author=author
    )
    assert again.id != first.id
    assert again.flags == ["repeated"] and again.status == ContributionStatus.PENDING
    assert again.hold_reason == "flagged"
    other = submit_contribution(
        consultation, text="Graag een zebrapad bij de school.", author=make_user()
    )
    assert other.status == ContributionStatus.PUBLISHED and not other.flags


@pytest.mark.parametrize(
    "text",
    [
        "De kankerbestrijding verdient meer aandacht in het dorp.",
        "Mijn moeder had kanker en de zorg was ver weg.",
        "Het is een lullige situatie met die bus.",
        "Ik vind het plan idioot duur, eerlijk gezegd.",
        "De NAM en de SP hebben hier een mening over.",
        "OK",
    ],
)
def test_ordinary_words_are_not_flagged(text):
    assert not is_abusive(text)
    assert not is_shouting(text)


def test_shipped_list_loads_words_prefixes_and_phrases():
    listing = abuse_list()
    assert "klootzak" in listing.words
    assert "kut" in listing.prefixes
    assert ("asociaal", "tuig") in listing.phrases
    assert "kanker" not in listing.words  # innocent meaning: only compounds are listed


def test_automatic_flags_combines_all_three(db):
    author = make_user()
    consultation = make_consultation()
    from tests.factories import make_contribution

    make_contribution(
        consultation=consultation, author=author, text="JULLIE ZIJN ALLEMAAL KLOOTZAKKEN HIER!"
    )
    again = make_contribution(
        consultation=consultation, author=author, text="JULLIE ZIJN ALLEMAAL KLOOTZAKKEN HIER!"
    )
    assert automatic_flags(again) == ["abusive", "shouting", "repeated"]
