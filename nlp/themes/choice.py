"""Choosing a theme's label among its ranked phrases, and its keywords."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from nlp.themes.wordclass import dutch_lemma, is_content_word

#: A label phrase must occur in at least this share of the theme's texts.
MIN_LABEL_SHARE = 0.05
#: A longer phrase around the best single word replaces it when it is in at least this
#: share of the texts that word is in ("Ondergrondse container" for "Container").
EXPANSION_SHARE = 0.2
KEYWORDS_PER_THEME = 8


def choose_label(
    may_label: list[tuple[str, float]], allowed: Callable[[str], bool], expand: bool = True
) -> str | None:
    """Return the best `allowed` phrase in at least `MIN_LABEL_SHARE` of the texts, or a
    longer one around that word in at least `EXPANSION_SHARE` as many texts ("Ondergrondse
    container" for "Container"); `allowed` is asked only of the phrases considered."""
    usable = ((key, share) for key, share in may_label if share >= MIN_LABEL_SHARE)
    best = next(((key, share) for key, share in usable if allowed(key)), None)
    if best is None or " " in best[0] or not expand:
        return None if best is None else best[0]
    word, share = best
    for key, other in may_label:
        words = key.split()
        if (
            len(words) > 1
            and word in (words[0], words[-1])
            and other >= EXPANSION_SHARE * share
            and allowed(key)
        ):
            return key
    return word


def distinct(keys: Iterable[str]) -> list[str]:
    """Return up to KEYWORDS_PER_THEME keys whose content words are not all covered before.

    Forms of one Dutch word count as one ("auto's" covers "auto", "windmolens" "windmolen").
    """
    chosen: list[str] = []
    covered: set[str] = set()
    for key in keys:
        words = {dutch_lemma(w) for w in key.split() if is_content_word(w)}
        if words <= covered:
            continue
        chosen.append(key)
        covered |= words
        if len(chosen) == KEYWORDS_PER_THEME:
            break
    return chosen


def as_label(forms: Counter[str]) -> str:
    """Return the most common written form, with a capital first letter."""
    form = max(forms.items(), key=lambda item: (item[1], item[0].islower(), item[0]))[0]
    return form[:1].upper() + form[1:]
