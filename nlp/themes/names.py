"""Proper nouns in theme labels: a subject's name may label a theme, a person's never.

Residents name some subjects by a proper noun: a company ("Tata Steel"), an airport
("Schiphol"), an agency ("COA"), a product ("Qt", "Cocoa"). Such a word may head a label
when it cannot be a personal name: it is not in the first-name and surname list
`nlp/data/person_names.txt` (built by `scripts/build_person_names.py`, see
`nlp/data/LICENSES.md`), and not a municipality or kern, nor the Netherlands or one of
its provinces (those may only follow a linking word, "Nieuwbouw in Nijeveen-Zuid"). A
phrase holding a personal name written as a proper noun never labels a theme ("Jan",
"de Vries", "Gesprek met Jan"), and a proper noun must be shared by at least
`MIN_PROPER_TEXTS` texts of the theme, so one author's repeated signature is not enough.
Which words are proper nouns is decided on the whole input
(`phrases.PROPER_NAME_SHARE`): a word written with a capital in most of its uses inside
a sentence; a lower-case common noun that is also a surname ("molen", "bakker") is
unaffected. A proper noun that ends like a street or quarter ("Kerkstraat",
"Nijeveen-Zuid") counts as a place. A surname the list lacks is known by the title before
it: a proper noun written right after one ("wethouder Jansen", "PVV-leider Wilders",
"Kamerlid Van Baarle") in at least `MIN_PERSON_TEXTS` texts names a person too, and so
does one in Dutch text right after a first name of `nlp/data/first_names.txt` ("Thierry
Baudet"; not in English, whose headlines capitalise every word).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator
from functools import cache

from nlp.themes.features import stop_words, word_list

WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
SENTENCE_END = re.compile(r"[.!?\n]+")
#: A label headed by a proper noun must occur in at least this many texts of the theme.
MIN_PROPER_TEXTS = 10
#: A proper noun after a title in this many texts is a person's name.
MIN_PERSON_TEXTS = 2
#: Roles written before a person's name, also as the end of a compound ("PVV-leider",
#: "klimaatminister", "fractievoorzitter").
ROLES = (
    "minister", "premier", "staatssecretaris", "wethouder", "burgemeester", "gedeputeerde",
    "commissaris", "raadslid", "kamerlid", "lijsttrekker", "leider", "voorzitter",
)  # fmt: skip
#: Other words before a person's name; Dutch, English and German.
TITLES = frozenset(ROLES) | frozenset(
    ["directeur", "woordvoerder", "voorman", "voorvrouw", "meneer", "mevrouw", "heer",
     "dokter", "juf", "meester", "dominee", "pastoor", "wijkagent", "president", "senator",
     "dhr", "mevr", "mw", "drs", "ir", "prof", "mr", "mrs", "ms", "dr", "mayor", "governor",
     "councillor", "councilman", "herr", "frau", "bürgermeister", "kanzler", "kanzlerin",
     "ministerin"]
)  # fmt: skip
#: Titles written with a full stop, which ends a clause before the name ("dhr. Jansen").
ABBREVIATED_TITLES = frozenset(["dhr", "mevr", "mw", "drs", "ir", "prof", "mr", "mrs", "ms", "dr"])
#: Words that may stand between a title and a surname ("burgemeester Van der Laan").
NAME_PARTICLES = frozenset(["van", "de", "der", "den", "ter", "ten", "te", "het", "la", "le"])
#: A proper noun ending in one of these is a place ("Kerkstraat", "Vaartbrug",
#: "Nijeveen-Zuid"): like a kern, it names a theme only after a linking word.
PLACE_ENDINGS = tuple(
    [
        "straat",
        "weg",
        "laan",
        "plein",
        "dijk",
        "kade",
        "gracht",
        "singel",
        "pad",
        "steeg",
        "brug",
        "hof",
        "park",
        "dreef",
        "wal",
        "haven",
        "veld",
        "buurt",
        "wijk",
        "dorp",
        "vaart",
        "burg",
        "dam",
        "kerk",
        "zuid",
        "noord",
        "oost",
        "west",
        "centrum",
        "erf",
    ]
)


@cache
def home_places() -> frozenset[str]:
    """Return the Netherlands and its provinces (`nlp/data/netherlands_places.txt`), which
    frame a text rather than name its subject: alone they name no theme, as a kern."""
    return word_list("netherlands_places.txt")


@cache
def first_names() -> frozenset[str]:
    """Return the lower-case first names of `nlp/data/first_names.txt` (Dutch, Belgian,
    German, French, Turkish and Polish ones; built with the name list)."""
    return word_list("first_names.txt")


@cache
def person_names() -> frozenset[str]:
    """Return the lower-case first names and surname words of the name list."""
    return word_list("person_names.txt")


def is_short_proper_noun(word: str) -> bool:
    """Return whether a two-letter word as written is a name or acronym ("Qt", "OV", "NS")."""
    return (
        len(word) == 2
        and word.isalpha()
        and any(c.isupper() for c in word)
        and word.lower() not in stop_words()
    )


def looks_like_place(word: str) -> bool:
    """Return whether a lower-case proper noun names a street, a quarter or a spot."""
    return word.endswith(PLACE_ENDINGS) and word not in PLACE_ENDINGS


def holds_person_name(words: list[str], proper: Collection[str]) -> bool:
    """Return whether a lower-case phrase holds a proper noun that may be a personal name."""
    names = person_names()
    return any(word in proper and word in names for word in words)


def proper_head(key: str, proper: Collection[str]) -> bool:
    """Return whether a lower-case phrase ends in a proper noun."""
    return key.split()[-1] in proper


def count_capitals(
    text: str,
    capitals: Counter[str],
    uses: Counter[str],
    language: str | None = None,
    persons: Counter[str] | None = None,
    joined: Counter[str] | None = None,
) -> None:
    """Count, per lower-case word, its uses after the first word of a clause and capitalised ones.

    German writes every noun with a capital, so in a German text (`language` "de") a
    capital counts only for the words of the personal-name list: "Verspätung" or "Polizei"
    is used there as a common noun, and "Sebastian" is still a name. With `persons`, also
    count once per text each capitalised word written after a title (`_after_title`). With
    `joined`, count the capitalised uses of a word right beside another capitalised word
    after the first of its clause: a part of a name of several words ("Bowling Green").
    """
    listed = person_names() if language == "de" else None
    later: list[str] = []
    lower: list[str] = []
    named: set[str] = set()
    title_before = ""  # an abbreviated title that ended the clause before
    for clause in SENTENCE_END.split(text[:2000]):
        words = WORD.findall(clause)
        if not words:
            continue
        lows = [word.lower() for word in words]
        first = 0 if title_before else 1  # after "dhr." a name does not start a sentence
        later.extend(words[first:])
        lower.extend(lows[first:])
        if joined is not None and listed is None:
            joined.update(_beside_capitals(words, lows, first))
        if persons is not None and (title_before or _may_hold_title(lows)):
            named.update(_after_title([title_before, *words] if title_before else words))
        if persons is not None and language in (None, "nl") and not first_names().isdisjoint(lows):
            named.update(_after_first_name(words))
        title_before = words[-1] if lows[-1] in ABBREVIATED_TITLES else ""
    uses.update(lower)
    capitals.update(
        low
        for word, low in zip(later, lower, strict=True)
        if word[0].isupper() and (listed is None or low in listed)
    )
    if persons is not None:
        persons.update(named)


def _beside_capitals(words: list[str], lows: list[str], first: int) -> list[str]:
    """Return the lower-case capitalised words of a clause, from `first` on, that stand right
    beside another capitalised word of it ("bowling" and "green" in "in Bowling Green")."""
    capital = [word[0].isupper() for word in words]
    return [
        lows[i]
        for i in range(first, len(words))
        if capital[i]
        and ((i + 1 < len(words) and capital[i + 1]) or (i > first and capital[i - 1]))
    ]


def _may_hold_title(lows: list[str]) -> bool:
    """Return whether a clause's lower-case words hold a title (only those are read word by
    word for a name)."""
    return not TITLES.isdisjoint(lows) or any(w.endswith(ROLES) for w in lows if len(w) > 6)


def _after_title(words: list[str]) -> list[str]:
    """Return the lower-case capitalised words of a clause written right after a title, or
    after a title and a capitalised particle ("Kamerlid Van Baarle", not "minister van
    Financiën"), and those right after such a word ("lijsttrekker Farid Azarkan")."""
    named: list[int] = []
    surname = -1  # a name's word reached through particles: another "van" is no name
    for i, before in _name_candidates(words):
        title = words[before].lower()
        after_title = (before == i - 1 or words[before + 1][:1].isupper()) and (
            title in TITLES or title.endswith(ROLES)
        )
        goes_on = bool(named) and named[-1] == before and (before == i - 1 or surname != before)
        if after_title or goes_on:  # "Jan de Vries", not "De Jonge van Volksgezondheid"
            named.append(i)
            surname = i if before != i - 1 else surname
    return [words[i].lower() for i in named]


def _after_first_name(words: list[str]) -> list[str]:
    """Return the lower-case capitalised words of a Dutch clause written right after a
    capitalised first name, particles between them allowed ("Thierry Baudet", "Stephan
    van Baarle")."""
    return [
        words[i].lower()
        for i, before in _name_candidates(words)
        if (first := words[before])[:1].isupper()
        and not first.isupper()  # "9471 AB Dijkzicht"
        and first.lower() in first_names()
        and first.lower() not in stop_words()
    ]


def _name_candidates(words: list[str]) -> Iterator[tuple[int, int]]:
    """Yield the position of each word of a clause that may be a surname (capitalised, not
    an acronym such as "GOP", no particle such as "Van"), with that of the word before it
    and its particles ("van der")."""
    for i in range(1, len(words)):
        word = words[i]
        if not word[:1].isupper() or word.isupper() or word.lower() in NAME_PARTICLES:
            continue
        before = i - 1
        while before > 0 and words[before].lower() in NAME_PARTICLES:
            before -= 1
        yield i, before
