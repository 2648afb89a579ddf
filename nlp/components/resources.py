"""Load the word lists and lexicons shipped in ``nlp/data``."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _data_lines(name: str) -> list[str]:
    """Return the non-empty, non-comment lines of a data file."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.cache
def extra_stop_words() -> frozenset[str]:
    """Return our extra Dutch stop words for generic resident vocabulary."""
    return frozenset(line.strip().lower() for line in _data_lines("stopwords_extra_nl.txt"))


@functools.cache
def frisian_stop_words() -> frozenset[str]:
    """Return a Frisian stop list (function words of the language profile)."""
    return frozenset(language_profiles()["fy"])


@functools.cache
def language_profiles() -> dict[str, tuple[str, ...]]:
    """Return function words per language code ("xx" means other languages)."""
    profiles: dict[str, tuple[str, ...]] = {}
    for line in _data_lines("language_profiles.tsv"):
        code, words = line.split("\t", 1)
        profiles[code] = tuple(words.split())
    return profiles


@functools.cache
def complaint_terms(language: str = "nl") -> dict[str, float]:
    """Return our complaint vocabulary ("nl" or "en"): lower-case term -> weight."""
    terms: dict[str, float] = {}
    for line in _data_lines(f"complaint_{language}.tsv"):
        term, weight = line.split("\t")
        terms[term.strip().lower()] = float(weight)
    return terms


@functools.cache
def modifiers() -> dict[str, dict[str, float]]:
    """Return negators, intensifiers and downtoners: kind -> word -> factor."""
    result: dict[str, dict[str, float]] = {"negator": {}, "intensifier": {}, "downtoner": {}}
    for line in _data_lines("modifiers_nl.tsv"):
        kind, word, factor = line.split("\t")
        result[kind][word] = float(factor)
    return result


@functools.cache
def sentiment_exclusions() -> frozenset[str]:
    """Return words never scored from Pattern's lexicons (homographs, function words)."""
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
    from spacy.lang.nl.stop_words import STOP_WORDS as DUTCH_STOP_WORDS

    listed = {line.strip().lower() for line in _data_lines("sentiment_exclude.txt")}
    table = modifiers()
    listed |= set(table["intensifier"]) | set(table["downtoner"]) | set(table["negator"])
    return frozenset(listed | DUTCH_STOP_WORDS | ENGLISH_STOP_WORDS)


@functools.cache
def pattern_polarity(language: str = "nl") -> dict[str, float]:
    """Return Pattern's adjective polarity ("nl" or "en"): mean over senses, noise left out."""
    tree = ET.parse(DATA_DIR / f"{language}-sentiment.xml")  # noqa: S314  # nosec B314
    sums: dict[str, list[float]] = {}
    for word in tree.getroot().iter("word"):
        form = word.get("form", "").lower()
        if form:
            sums.setdefault(form, []).append(float(word.get("polarity", "0")))
    excluded = sentiment_exclusions()
    means = {form: sum(values) / len(values) for form, values in sums.items()}
    return {
        form: value
        for form, value in means.items()
        if abs(value) >= 0.1 and form not in excluded and " " not in form
    }
