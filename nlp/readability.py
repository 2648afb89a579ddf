"""Readability of Dutch text: Flesch–Douma and a plain B1 hint for officials' answers."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pyphen

#: Flesch–Douma scores below this are harder than B1 ("redelijk moeilijk" and worse).
B1_MIN_SCORE = 60.0
#: Average words per sentence above which a text is too long-winded for B1.
B1_MAX_SENTENCE_LENGTH = 20.0
#: Words with this many syllables or more count as long words.
LONG_WORD_SYLLABLES = 4

_ABBREVIATIONS = re.compile(
    r"\b(?:bijv|bv|o\.a|d\.w\.z|m\.b\.t|i\.v\.m|t\.a\.v|m\.v\.g|etc|enz|ca|nr|dhr|mevr|mr|dr|ir|drs"
    r"|prof|jl|blz|evt|incl|excl|resp|zgn|z\.g\.a\.n|vs)\.",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n\s*\n|\n\s*[-•*]\s")
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
_VOWEL_GROUP = re.compile(r"ij|[aeiouyáéíóúàèâêîôûäëïöü]+", re.IGNORECASE)


@dataclass(frozen=True)
class Readability:
    """Readability figures of a text and a short Dutch hint for its writer."""

    flesch_douma: float
    sentences: int
    words: int
    avg_sentence_length: float
    avg_syllables_per_word: float
    long_word_share: float
    above_b1: bool
    hint: str


@functools.cache
def _hyphenator() -> pyphen.Pyphen:
    """Return the Dutch hyphenation dictionary that pyphen ships (OpenTaal)."""
    return pyphen.Pyphen(lang="nl_NL", left=1, right=1)


@functools.lru_cache(maxsize=50_000)
def syllables(word: str) -> int:
    """Return the number of syllables of a Dutch word."""
    lowered = word.lower()
    positions = _hyphenator().positions(lowered)
    if positions or len(lowered) <= 3:
        return len(positions) + 1
    return max(1, len(_VOWEL_GROUP.findall(lowered)))


def split_sentences(text: str) -> list[str]:
    """Split text into sentences on end punctuation, blank lines and bullets."""
    protected = _ABBREVIATIONS.sub(lambda match: match.group(0).replace(".", "\x00"), text)
    parts = _SENTENCE_END.split(protected)
    return [part.replace("\x00", ".").strip() for part in parts if _WORD.search(part)]


def readability(text: str) -> Readability:
    """Return the Flesch–Douma score, its ingredients and a B1 hint for a Dutch text."""
    sentences = split_sentences(text or "")
    words = [word for sentence in sentences for word in _WORD.findall(sentence)]
    if not words:
        return Readability(0.0, 0, 0, 0.0, 0.0, 0.0, False, "")
    counts = [syllables(word) for word in words]
    avg_sentence_length = len(words) / len(sentences)
    avg_syllables = sum(counts) / len(words)
    long_share = sum(1 for count in counts if count >= LONG_WORD_SYLLABLES) / len(words)
    score = 206.835 - 0.93 * avg_sentence_length - 77.0 * avg_syllables
    above_b1 = score < B1_MIN_SCORE or avg_sentence_length > B1_MAX_SENTENCE_LENGTH
    return Readability(
        flesch_douma=round(score, 1),
        sentences=len(sentences),
        words=len(words),
        avg_sentence_length=round(avg_sentence_length, 1),
        avg_syllables_per_word=round(avg_syllables, 2),
        long_word_share=round(long_share, 3),
        above_b1=above_b1,
        hint=_hint(above_b1, avg_sentence_length, long_share),
    )


def _hint(above_b1: bool, avg_sentence_length: float, long_share: float) -> str:
    """Return a short Dutch hint on what makes the text hard, or that it reads well."""
    if not above_b1:
        return "Deze tekst is goed te lezen (ongeveer taalniveau B1)."
    tips = []
    if avg_sentence_length > 15:
        tips.append(
            f"Uw zinnen zijn gemiddeld {avg_sentence_length:.0f} woorden lang. "
            "Maak ze korter: hooguit 15 woorden."
        )
    if long_share > 0.1 or not tips:
        tips.append(
            f"{long_share:.0%} van de woorden is lang (vier of meer lettergrepen). "
            "Kies waar het kan kortere, gewone woorden."
        )
    return "Deze tekst is moeilijker dan B1. " + " ".join(tips)
