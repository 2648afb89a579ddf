"""The abusive-words and shouting checks give what their plain per-word rules give."""

from __future__ import annotations

import json
import random
from importlib import resources

from dialogue.moderation.flags import (
    SHOUTING_CAPITAL_SHARE,
    SHOUTING_MIN_LETTERS,
    _spellings,
    _tokens,
    abuse_list,
    is_abusive,
    is_shouting,
)


def _abusive_word_by_word(text: str) -> bool:
    """The rule spelled out: every spelling of every word, then every phrase at every place."""
    listing = abuse_list()
    tokens = _tokens(text)
    for token in tokens:
        for spelling in _spellings(token):
            if spelling in listing.words or spelling.startswith(listing.prefixes):
                return True
    for phrase in listing.phrases:
        size = len(phrase)
        if any(tuple(tokens[i : i + size]) == phrase for i in range(len(tokens) - size + 1)):
            return True
    return False


def _shouting_letter_by_letter(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < SHOUTING_MIN_LETTERS:
        return False
    return sum(1 for ch in letters if ch.isupper()) / len(letters) >= SHOUTING_CAPITAL_SHARE


def _texts() -> list[str]:
    corpus = resources.files("dialogue").joinpath("demo/corpus_nl.jsonl").read_text("utf-8")
    texts = [json.loads(line)["text"] for line in corpus.splitlines() if line.strip()]
    listing = abuse_list()
    entries = [*listing.words, *(p + "gemeente" for p in listing.prefixes)]
    entries += [" ".join(phrase) for phrase in listing.phrases]
    generator = random.Random(19)
    made = []
    for number in range(600):
        words = generator.sample(texts, 1)[0].split()
        entry = generator.choice(entries)
        if number % 3 == 0:  # stretched letters, as residents type them
            entry = "".join(ch * generator.choice((1, 1, 3)) for ch in entry)
        if number % 5 == 0:
            entry = entry.upper()
        words.insert(generator.randrange(len(words) + 1), entry)
        made.append(" ".join(words))
    shouts = [text.upper() for text in texts[:200]] + ["ZO KAN HET ÉCHT NIET MEER, GEMEENTE!!"]
    odd = ["", "aaa 111 ___", "zak  hooi", "zak, hooi", "Fok\nop", "xxx zaaak hoooi yyy"]
    return texts + made + shouts + odd


def test_abusive_matches_the_word_by_word_rule() -> None:
    texts = _texts()
    differ = [text for text in texts if is_abusive(text) != _abusive_word_by_word(text)]
    assert differ == []
    assert sum(map(is_abusive, texts)) > 300  # the made texts are found


def test_shouting_matches_the_letter_by_letter_rule() -> None:
    texts = _texts()
    differ = [text for text in texts if is_shouting(text) != _shouting_letter_by_letter(text)]
    assert differ == []
    assert sum(map(is_shouting, texts)) > 150
