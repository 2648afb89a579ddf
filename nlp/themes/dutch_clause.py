"""Where a phrase of a Dutch clause may run on: verbs told by their neighbours, and which
words join the next one without a linking word.

Without a tagger (spaCy has no trained Dutch pipeline here) a word's class comes from
lexicons (`wordclass.py`); a few neighbours settle what a lexicon leaves open.
"""

from __future__ import annotations

from collections.abc import Sequence

from nlp.themes.wordclass import (
    dutch_finite_homographs,
    is_dutch_infinitive,
    may_precede_noun,
)

#: In Dutch text a finite verb stands right before or after its subject pronoun.
SUBJECT_PRONOUNS = frozenset(["ik", "je", "jij", "hij", "zij", "ze", "we", "wij", "u", "men"])


def dutch_joins(words: Sequence[str], lower: Sequence[str], content: list[bool]) -> list[bool]:
    """Return per word of a Dutch clause whether a content word right after it is in the
    same phrase, and mark in `content` the verbs its neighbours show: an infinitive after
    "te" ("over te steken naar de apotheek") and a verb form that may be a noun beside a
    subject pronoun ("ik vond", "leest u").

    Only an adjective or participle joins the next word ("ondergrondse container"), or two
    capitalised words inside a clause, a name ("Oude Pekela"): Dutch writes a compound as
    one word, and "Zwolle interesse" and "auto kun" were keywords of the demo.
    """
    last = len(words) - 1
    homographs = dutch_finite_homographs()
    for i, word in enumerate(lower):
        if i > 0 and lower[i - 1] == "te":
            content[i] = content[i] and not is_dutch_infinitive(word)
        elif word in homographs and (
            (i > 0 and lower[i - 1] in SUBJECT_PRONOUNS)
            or (i < last and lower[i + 1] in SUBJECT_PRONOUNS)
        ):
            content[i] = False
    return [
        not (content[i] and content[i + 1])
        or may_precede_noun(lower[i])
        or (i > 0 and words[i][:1].isupper() and words[i + 1][:1].isupper())
        for i in range(last)
    ] + [True]
