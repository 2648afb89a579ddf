"""A hand-written glossary of English and German words, with their Dutch word.

The encoder's nearest Dutch word (`nlp/data/crosslingual_nl.tsv`) is wrong for several words
that matter to a municipality ("asylum" overblijfsel, "tax" fiscaal, "council" bestuur,
"tree" boomhut) and for more than half of the most frequent ones (6,398 of about 10,800 read
one by one: "fresh" refrein, "deutsch" taalkundige, "Wagner" hoer).
`nlp/data/glossary_nl.tsv`, written for Kernpunt, gives the word an official would use; it
wins over the encoder's table when texts are clustered and labelled across languages
(`crosslingual.py`). How an entry is read (docs/nlp.md, *Languages*):

- A word counts under itself and under the lemma the enrichment gives it ("rents" is
  lemmatised to "rent", "houses" to "house"); an entry that is its own lemma wins.
- A phrase ("speed bump") counts for clustering when its content lemmas are at least two
  words; it replaces those words when they stand together in a text. Any phrase translates
  labels.
- The Dutch side is clustered on its Dutch lemmas without the theme stop words, exactly as
  Dutch input is: "road" becomes "weg", a Dutch stop word, so the word is dropped as Dutch
  "weg" is; in a label the Dutch side stays as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nlp.components.language import main_language
from nlp.themes.features import DATA_DIR, content_tokens

GLOSSARY_PATH = DATA_DIR / "glossary_nl.tsv"
#: Longest phrase matched in a text, in content words.
MAX_PHRASE = 3


@dataclass(frozen=True)
class Glossary:
    """The glossary of one language, ready for look-ups."""

    #: Source lemma -> the Dutch word or phrase as written (for labels and the cluster map).
    words: dict[str, str]
    #: Content lemmas of a phrase (two or more) -> Dutch as written.
    phrases: dict[tuple[str, ...], str]
    #: Lemmas of every word of a phrase, stop words included -> Dutch as written (labels).
    labels: dict[tuple[str, ...], str]


def read_glossary(path: Path = GLOSSARY_PATH) -> list[tuple[str, str, str]]:
    """Return (language, source, Dutch) rows; raise ValueError on a malformed line."""
    rows: list[tuple[str, str, str]] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("\t")]
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"{path.name}:{number}: expected language, word, Dutch word")
        rows.append((parts[0], parts[1], parts[2]))
    return rows


def source_lemma(language: str, word: str) -> str:
    """Return the lower-case lemma the enrichment gives a word of an English or German text."""
    from nlp.components.language import foreign_lemma_and_stops

    resources = foreign_lemma_and_stops(language)
    if resources is None:
        return word.lower()
    lemmas = resources[0]
    lemma = lemmas.get(word) or lemmas.get(word.lower())
    if lemma is None and language == "de":  # a German noun written in lower case
        lemma = lemmas.get(word.capitalize())
    return str(lemma or word).lower()


#: German filler words spaCy's German stop list lacks; on German customer feedback "mal"
#: named themes as "Mal" (docs/nlp.md, *German input*).
GERMAN_FILLER = frozenset(
    ["mal", "halt", "echt", "bitte", "danke", "einfach", "eigentlich", "leider", "gestern"]
)


@cache
def german_stop_words() -> frozenset[str]:
    """Return spaCy's German stop words and a few fillers (the theme stop list is Dutch and
    English only)."""
    from spacy.lang.de.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | GERMAN_FILLER


def without_source_stops(language: str, tokens: Iterable[str]) -> list[str]:
    """Return content tokens of a text in `language` without its stop words: the theme stop
    list is Dutch and English only, so German stop words are dropped here."""
    if language != "de":
        return list(tokens)
    stops = german_stop_words()
    return [token for token in tokens if token not in stops]


def without_main_language_stops(
    languages: Sequence[str], tokens: Sequence[list[str]]
) -> list[list[str]]:
    """Return every text's tokens without German stop words when most texts are German.

    A German text that the language detector took for Dutch (4-7% of real German feedback
    and news teasers) kept "und", "mit" and "sich" as words to cluster on (docs/nlp.md,
    *German input*); in a German input they are no Dutch content words either.
    """
    if main_language(languages) != "de":
        return list(tokens)
    return [without_source_stops("de", words) for words in tokens]


def source_tokens(language: str, lemmas: Iterable[str]) -> list[str]:
    """Return the content tokens of lemmas of a text in `language`, as theme discovery sees them."""
    return without_source_stops(language, content_tokens(lemmas))


@cache
def dutch_tokens_of(dutch: str) -> tuple[str, ...]:
    """Return the content tokens a Dutch word or phrase gives in Dutch input (lemmas, no stops)."""
    from nlp.components.lemmatizer import dutch_lookups

    table = dutch_lookups().get_table("lemma_lookup")
    return tuple(content_tokens(str(table.get(w, w)) for w in dutch.lower().split()))


@cache
def glossary(language: str) -> Glossary:
    """Return the glossary of English ("en") or German ("de"); empty for other languages."""
    explicit: dict[str, str] = {}
    derived: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    labels: dict[tuple[str, ...], str] = {}
    for code, source, dutch in read_glossary():
        if code != language:
            continue
        written = source.split()
        labels.setdefault(tuple(source_lemma(language, w) for w in written), dutch)
        if len(written) > 1:
            key = tuple(source_tokens(language, (source_lemma(language, w) for w in written)))
            if len(key) >= 2:
                phrases.setdefault(key, dutch)
            continue
        word, lemma = source.lower(), source_lemma(language, source)
        explicit.setdefault(word, dutch)
        if lemma != word:
            derived.setdefault(lemma, dutch)
    return Glossary({**derived, **explicit}, phrases, labels)


def phrase_at(
    tokens: list[str], start: int, phrases: dict[tuple[str, ...], str]
) -> tuple[int, str] | None:
    """Return (length, Dutch) of the longest glossary phrase starting at `start`, or None."""
    for size in range(min(MAX_PHRASE, len(tokens) - start), 1, -1):
        dutch = phrases.get(tuple(tokens[start : start + size]))
        if dutch is not None:
            return size, dutch
    return None
