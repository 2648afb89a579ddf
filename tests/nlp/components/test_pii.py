"""Table-driven tests of the personal-data finder (the single implementation the app uses)."""

from __future__ import annotations

import pytest
import spacy

from nlp.components.pii import PLACEHOLDERS, PiiSpan, find_pii, redact

PERSONAL = [
    # (kind, text, the exact personal part)
    ("phone", "Bel me op 06-12345678 als het kan.", "06-12345678"),
    ("phone", "mijn nummer is 0612345678", "0612345678"),
    ("phone", "Bereikbaar via +31 6 1234 5678.", "+31 6 1234 5678"),
    ("phone", "Het kantoor: 020-1234567", "020-1234567"),
    ("phone", "bel 0031 20 123 4567 na vijven", "0031 20 123 4567"),
    ("phone", "Tel. (050) 123 45 67", "(050) 123 45 67"),
    ("phone", "06 123 456 78", "06 123 456 78"),
    ("phone", "+31612345678", "+31612345678"),
    ("email", "Mail naar jan.de.vries@example.nl graag", "jan.de.vries@example.nl"),
    ("email", "reactie: A.Bakker+dorp@mail.example.com.", "A.Bakker+dorp@mail.example.com"),
    ("bsn", "Mijn BSN is 123456782.", "123456782"),
    ("bsn", "bsn 1234.56.782", "1234.56.782"),
    ("bsn", "burgerservicenummer 123 456 782", "123 456 782"),
    ("bsn", "nummer 111222333 staat op de brief", "111222333"),
    ("iban", "Stort het op NL91 ABNA 0417 1643 00 a.u.b.", "NL91 ABNA 0417 1643 00"),
    ("iban", "rekening NL91ABNA0417164300", "NL91ABNA0417164300"),
    ("iban", "iban nl91abna0417164300, op naam", "nl91abna0417164300"),
    ("iban", "Duitse rekening DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
    ("postcode_house_number", "Ik woon op 1234 AB 12 in het dorp", "1234 AB 12"),
    ("postcode_house_number", "adres: 1234AB, nr 5", "1234AB, nr 5"),
    ("postcode_house_number", "9531 AB huisnummer 7a", "9531 AB huisnummer 7a"),
    ("postcode_house_number", "Het gaat om Dorpsstraat 12.", "Dorpsstraat 12"),
    ("postcode_house_number", "Kerkweg 3a, achter de kerk", "Kerkweg 3a"),
    ("postcode_house_number", "ik woon aan de molenstraat 14", "molenstraat 14"),
    ("licence_plate", "De auto met kenteken 12-ABC-3 stond er weer", "12-ABC-3"),
    ("licence_plate", "AB-123-C rijdt elke dag te hard", "AB-123-C"),
    ("licence_plate", "een busje met 45-JK-LM erop", "45-JK-LM"),
    ("licence_plate", "kenteken 1-KBB-12", "1-KBB-12"),
    ("licence_plate", "kenteken 12ABC3 geparkeerd", "12ABC3"),
    # The scans start just before the first digit: six letters and dashes may precede it.
    ("licence_plate", "De bestelbus GH-JK-12 stond er weer", "GH-JK-12"),
    ("licence_plate", "Om 8 uur stond GH-JK-12 er weer", "GH-JK-12"),
    # Formats that hid from the patterns before the text was normalised (issue 14, item 3).
    ("bsn", "BSN 1234\u200b56782 graag", "1234\u200b56782"),
    ("phone", "bel 06\u200b1234\u200b5678 gerust", "06\u200b1234\u200b5678"),
    ("phone", "bel 06\u201312345678 gerust", "06\u201312345678"),
    ("phone", "bel 06/12345678 gerust", "06/12345678"),
    ("phone", "bel 06\u00a012345678 gerust", "06\u00a012345678"),
    ("email", "mail jan[at]example.nl even", "jan[at]example.nl"),
    ("email", "mail jan (at) example (dot) nl even", "jan (at) example (dot) nl"),
    ("email", "mail jan at example.nl even", "jan at example.nl"),
    ("email", "mail jan\uff20example.nl even", "jan\uff20example.nl"),
    ("iban", "rekening NL91-ABNA-0417-1643-00 graag", "NL91-ABNA-0417-1643-00"),
    ("postcode_house_number", "ik woon op 1234 ab 5", "1234 ab 5"),
    ("postcode_house_number", "adres 1234 Ab 5 dus", "1234 Ab 5"),
    ("postcode_house_number", "Het gaat om Kerkstr. 12 hier", "Kerkstr. 12"),
    ("postcode_house_number", "ik woon kerkstr 12", "kerkstr 12"),
    ("postcode_house_number", "bij Stationsln. 3a", "Stationsln. 3a"),
    ("name", "Het is te druk.\nMet vriendelijke groet, Lotte", "Lotte"),
    ("name", "Het is te druk. Met vriendelijke groet Lotte", "Lotte"),
    ("name", "De weg is kapot.\nGroet, Piet de Vries", "Piet de Vries"),
    ("name", "De weg is kapot. Gr. Anja", "Anja"),
    ("name", "Doe er iets aan!\nmvg J. van der Berg.", "J. van der Berg"),
    ("name", "te veel verkeer groetjes lotte", "lotte"),
    ("name", "Beste Jan,\nDe weg is kapot.", "Jan"),
]

NOT_PERSONAL = [
    "In 2024 is er niets gebeurd.",
    "Het kost € 1.250,00 per jaar.",
    "De prijs is 1.250.000 euro",
    "postcode 9530 AB zonder nummer",
    "in 9530AB is het rustig",
    "75% van de bewoners is tegen",
    "Op 12-05-2024 was de vergadering.",
    "Op 1-1-2024 en 12.05.2024 en 12 mei 2024.",
    "De vergadering is van 19.30 tot 21.00 uur.",
    "We rijden daar 80 km per uur op de snelweg 80 km",
    "In 2023 is 15 keer gemeld dat het mis gaat.",
    "Bel 112 bij nood.",
    "Er komen 250 woningen en 1200 bewoners bij.",
    "Het fietspad is 2.5 km lang, de N33 is druk.",
    "Het bedrag van € 123.456.789 is te hoog",
    "In 2024 en 5 jaar daarna",
    "Op 12/05/2024 en 1/2 van de tijd",
    "Kijk at the end of the day",
    "Alvast bedankt. Verder is het druk",
    "Met vriendelijke groet, de buurtvereniging",
    "Groeten van een bewoner",
    "Beste gemeente, doe er iets aan",
    "Ik groet Piet altijd op straat",
    "Het is groot",
    "De snelweg 80 is druk en de N33 ook",
    "",
]


@pytest.mark.parametrize(("kind", "text", "personal"), PERSONAL)
def test_personal_data_is_found(kind: str, text: str, personal: str) -> None:
    spans = find_pii(text)
    assert [(span.kind, text[span.start : span.end]) for span in spans] == [(kind, personal)]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_non_personal_numbers_are_not_flagged(text: str) -> None:
    assert find_pii(text) == []


def test_invalid_bsn_and_iban_checksums_are_not_flagged() -> None:
    assert find_pii("nummer 123456789") == []  # fails the 11-proef
    assert find_pii("rekening NL91 ABNA 0417 1643 01") == []  # wrong check digits


def test_spans_in_normalised_text_cut_the_original_text() -> None:
    text = "Bel 06\u2013\u200b12345678 of jan[at]example.nl.\nGroet, Lotte"
    assert redact(text, find_pii(text)) == ("Bel [telefoonnummer] of [e-mailadres].\nGroet, [naam]")


def test_several_kinds_in_one_text_are_sorted_and_do_not_overlap() -> None:
    text = "Jan (06-12345678, jan@example.nl) woont op Dorpsstraat 12, iban NL91ABNA0417164300."
    kinds = [span.kind for span in find_pii(text)]
    assert kinds == ["phone", "email", "postcode_house_number", "iban"]


def test_redact_replaces_spans_by_dutch_placeholders() -> None:
    text = "Bel 06-12345678 of mail jan@example.nl, kenteken 12-ABC-3."
    assert redact(text, find_pii(text)) == (
        "Bel [telefoonnummer] of mail [e-mailadres], kenteken [kenteken]."
    )


def test_redact_every_kind_has_a_placeholder() -> None:
    for kind, placeholder in PLACEHOLDERS.items():
        assert redact("x 1 y", [PiiSpan(kind, 2, 3)]) == f"x {placeholder} y"
    assert set(PLACEHOLDERS) == {kind for kind, _, _ in PERSONAL}


def test_redact_without_spans_keeps_the_text() -> None:
    assert redact("Niets persoonlijks.", []) == "Niets persoonlijks."


def test_component_sets_doc_pii() -> None:
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("kernpunt_pii")
    doc = pipeline("Mail me: piet@example.org")
    assert doc._.pii == (PiiSpan("email", 9, 25),)
    assert pipeline("Geen gegevens hier")._.pii == ()
