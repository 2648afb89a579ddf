"""Where a phrase of a Dutch clause may run on: verbs told by their neighbours, and which
words join the next one without a linking word.

Without a tagger (spaCy has no trained Dutch pipeline here) a word's class comes from
lexicons (`wordclass.py`); a few neighbours settle what a lexicon leaves open.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from nlp.themes.wordclass import (
    dutch_finite_homographs,
    is_dutch_infinitive,
    may_precede_noun,
)

#: In Dutch text a finite verb stands right before or after its subject pronoun.
SUBJECT_PRONOUNS = frozenset(["ik", "je", "jij", "hij", "zij", "ze", "we", "wij", "u", "men"])
#: A noun may follow these; a finite verb does not.
DETERMINERS = frozenset(
    ["de", "het", "een", "deze", "die", "dit", "dat", "mijn", "jouw", "uw", "zijn", "haar",
     "onze", "ons", "hun", "geen", "elke", "iedere", "welke"]
)  # fmt: skip
#: A verb's object may start with these; a noun is not followed by one ("vond het boek";
#: "die", "dat" and "zijn" may follow a noun as relative pronoun or verb).
OBJECT_OPENERS = DETERMINERS - {"die", "dat", "zijn", "haar", "welke"}
#: A verb form that may be a noun is a verb right before one of these.
AFTER_A_VERB = SUBJECT_PRONOUNS | OBJECT_OPENERS


def dutch_joins(words: Sequence[str], lower: Sequence[str], content: list[bool]) -> list[bool]:
    """Return per word of a Dutch clause whether a content word right after it is in the
    same phrase, and mark in `content` the verbs its neighbours show: an infinitive after
    "te" ("over te steken naar de apotheek") and a verb form that may be a noun beside a
    subject pronoun ("ik vond", "leest u") or before its object ("vond het einde").

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
            or (i < last and lower[i + 1] in AFTER_A_VERB)
        ):
            content[i] = False
    return [
        not (content[i] and content[i + 1])
        or may_precede_noun(lower[i])
        or (i > 0 and words[i][:1].isupper() and words[i + 1][:1].isupper())
        for i in range(last)
    ] + [True]


def used_as_verb(word: str, texts: Iterable[str]) -> bool:
    """Return whether a verb form that may be a noun ("leest", "vond") is mostly no noun in
    these Dutch texts: less than half its uses follow a determiner ("de leest" against "dit
    boek leest lekker weg", which labelled a theme of real book reviews "Leest")."""
    if word not in dutch_finite_homographs():
        return False
    uses = re.compile(rf"(?:(\w+)\s+)?\b{re.escape(word)}\b", re.IGNORECASE)
    found = [(m.group(1) or "").lower() in DETERMINERS for t in texts for m in uses.finditer(t)]
    return 2 * sum(found) < len(found)
