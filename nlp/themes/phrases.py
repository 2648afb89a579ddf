"""Labels and keywords an official would write: phrases that really occur in a theme's texts.

A candidate phrase is a run of words inside one clause of a text that starts and ends with
a content word and may hold a linking word in between ("slagschaduw van de windmolens",
"opvang in het dorpshotel", "ondergrondse container"). Numbers, filler and function words
never count as content, and a place name (a municipality or kern, or a word written with
a capital in the middle of sentences; German text, where every noun has one, counts only
the capitals of personal names) is never a label or keyword on its own. Phrases are
scored like keywords, by how typical they are of the theme against the whole input, with
a bonus per extra content word; a theme without any phrase shared by enough of its texts
gets no label (the caller leaves its texts in "Overig").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Sequence

import numpy as np

from nlp.themes import crosslingual, names
from nlp.themes.choice import as_label, choose_label, distinct
from nlp.themes.dutch_clause import dutch_joins, used_as_verb
from nlp.themes.features import offensive_words
from nlp.themes.wordclass import (
    TIMES,
    is_content_word,
    is_dutch_verb_form,
    is_subject_word,
    names_a_subject,
)

CLAUSE_END = re.compile(r"[.!?;:,()\[\]\"“”/\n]+|\s[-–]\s")
#: Links, e-mail addresses, @-handles and the retweet mark are no words of the text: a label
#: "Https" (German "gsm") or "RT Kryoriaa" came from them. Each becomes a clause end.
NOT_TEXT = re.compile(r"(?:https?:|www\.)\S*|\S+@\S+\.\w+|(?:\bRT\s+)?@\w+")
WORD = names.WORD
#: Words that may join two content words inside a phrase.
LINKS = frozenset(
    [
        "van",
        "de",
        "het",
        "der",
        "in",
        "op",
        "voor",
        "bij",
        "aan",
        "met",
        "naar",
        "over",
        "door",
        "om",
        "tegen",
        "zonder",
        "onder",
        "of",
        "the",
        "for",
        "on",
        "to",
        "at",
        "from",
        "with",
    ]
)
#: Articles inside a phrase follow a preposition ("drempel bij de ingang"); after a content
#: word they start the next part of the sentence ("brengen het afval", "Dijkzicht de lasten").
ARTICLES = frozenset(["de", "het", "the"])
#: In English text the word after one of these is a verb ("we need", "you can", "will fix").
VERB_CUES_EN = frozenset(
    ["i", "we", "you", "they", "he", "she", "will", "would", "can", "could", "should", "must"]
)
MAX_WORDS = 5
MAX_CONTENT_WORDS = 3
#: A label phrase must be in at least 3 texts (and `choice.MIN_LABEL_SHARE` of them).
MIN_LABEL_TEXTS = 3
#: A keyword must occur in at least this share of the theme's texts (and 2 texts).
MIN_KEYWORD_SHARE = 0.03
#: Each content word beyond the first adds this much to a phrase's score.
EXTRA_WORD_BONUS = 0.35
#: A word capitalised in at least this share of its non-initial uses is a proper name.
PROPER_NAME_SHARE = 0.7
#: Texts read for the corpus-wide phrase counts and per theme (seeded samples above this).
BACKGROUND_SAMPLE = 20_000
THEME_SAMPLE = 1_000
#: A theme is described by its Dutch texts alone when they are at least this share of it.
DUTCH_LABEL_SHARE = 0.25


def clause_phrases(text: str, language: str | None = None) -> dict[str, str]:
    """Return the candidate phrases of one text in `language` (None: Dutch or English):
    lower-case key -> the form as written."""
    found: dict[str, str] = {}
    text = text[:2000]
    if "@" in text or "http" in text or "www." in text:
        text = NOT_TEXT.sub("\n", text)
    for clause in CLAUSE_END.split(text):
        words = WORD.findall(clause)
        if not words:
            continue
        kinds = _kinds_of(words, language)
        content = [kind != NO_PHRASE_WORD for kind in kinds]
        if True not in content:
            continue
        lower = [w.lower() for w in words]
        if language == "en":  # the word after a subject pronoun or a modal is a verb
            for i in range(1, len(words)):
                if lower[i - 1] in VERB_CUES_EN and kinds[i] != SHORT_NAME:
                    content[i] = False
        joins = dutch_joins(words, lower, content) if language == "nl" else [True] * len(words)
        for start, is_content in enumerate(content):
            if not is_content:
                continue
            count = 0
            for end in range(start, min(start + MAX_WORDS, len(words))):
                if content[end]:
                    count += 1
                    if count > MAX_CONTENT_WORDS or (count > 1 and not joins[end - 1]):
                        break
                    key = " ".join(lower[start : end + 1])
                    if key not in found:
                        found[key] = " ".join(words[start : end + 1])
                elif lower[end] not in LINKS or (lower[end] in ARTICLES and content[end - 1]):
                    break
    return found


#: What a written word may be in a phrase (`_kinds_of`).
NO_PHRASE_WORD, PHRASE_WORD, SHORT_NAME = 0, 1, 2
_KINDS: dict[str | None, dict[str, int]] = {}


def _kinds_of(words: Sequence[str], language: str | None) -> list[int]:
    """Return per written word whether it may be in a phrase: a content word (in Dutch text
    no finite verb: "boer zoekt overheid", "noem"), a two-letter name or acronym, which always
    may, or neither. Remembered per language (at most 200,000 words each)."""
    known = _KINDS.setdefault(language, {})
    if len(known) > 200_000:
        known.clear()
    kinds = [known.get(written, -1) for written in words]
    if -1 in kinds:
        for i, written in enumerate(words):
            if kinds[i] == -1:
                kinds[i] = known[written] = _word_kind(written, language)
    return kinds


def _word_kind(written: str, language: str | None) -> int:
    """Return what one written word may be in a phrase (`_kinds_of`)."""
    if names.is_short_proper_noun(written):
        return SHORT_NAME
    word = written.lower()
    in_phrase = is_content_word(word, language) and (
        language not in (None, "nl") or not is_dutch_verb_form(word)
    )
    return PHRASE_WORD if in_phrase else NO_PHRASE_WORD


class PhraseIndex:
    """Phrase counts of a whole input, to describe any group of its texts.

    With `languages` (one code per text) labels and keywords stay Dutch: a theme is described
    by its Dutch texts when they are enough, else its phrases are put into Dutch through the
    cross-lingual table (`crosslingual.py`).
    """

    def __init__(
        self,
        texts: Sequence[str],
        places: Collection[str] = (),
        seed: int = 0,
        languages: Sequence[str] | None = None,
    ) -> None:
        self.texts = texts
        self.languages = languages
        rng = np.random.default_rng(seed)
        rows = np.arange(len(texts))
        if len(rows) > BACKGROUND_SAMPLE:
            rows = np.sort(rng.choice(rows, BACKGROUND_SAMPLE, replace=False))
        self.background: Counter[str] = Counter()
        capitals: Counter[str] = Counter()
        uses: Counter[str] = Counter()
        persons: Counter[str] = Counter()
        joined: Counter[str] = Counter()
        # a theme's texts are described again from the same phrases: kept per text
        self._phrases: dict[int, dict[str, str]] = {}
        for row in rows:
            found = self._phrases[int(row)] = clause_phrases(texts[row], self._language(row))
            self.background.update(found.keys())
            names.count_capitals(texts[row], capitals, uses, self._language(row), persons, joined)
        self.sampled = max(len(rows), 1)
        named = {p.lower() for p in places if p} | names.home_places()
        self.places = named | {part for p in named for part in re.split(r"[-\s]+", p)}
        proper = {w for w, n in uses.items() if n >= 3 and capitals[w] >= PROPER_NAME_SHARE * n}
        self.places |= {word for word in proper if names.looks_like_place(word)}
        self.proper = proper - self.places  # may name a theme unless a personal name
        self.persons = {w for w, n in persons.items() if n >= names.MIN_PERSON_TEXTS} & proper
        # a word mostly written inside a longer name ("Bowling" of "Bowling Green") names
        # no subject: the theme of a town's comments was labelled "Bowling"
        self.fragments = {w for w in proper if joined[w] >= PROPER_NAME_SHARE * capitals[w]}
        self.seed = seed

    def phrases(self, row: int) -> dict[str, str]:
        """Return the candidate phrases of one text of the input (`clause_phrases`)."""
        found = self._phrases.get(row)
        return clause_phrases(self.texts[row], self._language(row)) if found is None else found

    def _language(self, row: int) -> str | None:
        """Return the language of one text of the input, None when not known."""
        return None if self.languages is None else self.languages[row]

    def describe(
        self, members: Sequence[int], avoid: Collection[str] = ()
    ) -> tuple[str | None, list[str]]:
        """Return (label or None, keywords) for a group of texts given by their rows; the
        label is none of the lower-case phrases in `avoid` (other themes' labels)."""
        rows = np.asarray(members)
        if self.languages is None:
            return self._describe(rows, None, avoid)
        languages = [self.languages[row] for row in rows]
        dutch = rows[[language == "nl" for language in languages]] if len(rows) else rows
        if len(dutch) >= max(MIN_LABEL_TEXTS, DUTCH_LABEL_SHARE * len(rows)):
            label, keywords = self._describe(dutch, None, avoid)
            if label is not None:
                return label, keywords
        foreign = Counter(code for code in languages if code in crosslingual.TRANSLATED)
        if sum(foreign.values()) <= len(rows) / 2:
            return self._describe(rows, None, avoid)
        return self._describe(rows, foreign.most_common(1)[0][0], avoid)

    def _describe(
        self, rows: np.ndarray, translate: str | None = None, avoid: Collection[str] = ()
    ) -> tuple[str | None, list[str]]:
        """Return (label or None, keywords) of these rows; with `translate`, put into Dutch."""
        if len(rows) > THEME_SAMPLE:
            rng = np.random.default_rng(self.seed)
            rows = np.sort(rng.choice(rows, THEME_SAMPLE, replace=False))
        counts: Counter[str] = Counter()
        for row in rows:
            counts.update(self.phrases(int(row)).keys())
        ranked = self._rank(counts, len(rows))
        written: dict[str, Counter[str]] = {}
        no_subject: set[str] = set()
        if translate is not None:
            ranked, counts, written, no_subject = self._translated(
                ranked, counts, translate, self._written(rows, {key for key, _ in ranked})
            )
        may_label = [
            (key, share)
            for key, share in ranked
            if key not in no_subject
            and key not in TIMES
            and counts[key]
            >= (names.MIN_PROPER_TEXTS if names.proper_head(key, self.proper) else MIN_LABEL_TEXTS)
        ]

        def shown(key: str) -> str:  # the label as written
            return as_label(written.get(key) or self._written(rows, {key})[key])

        def allowed(key: str) -> bool:  # asked only of the phrases a label is chosen from
            dutch = [self.texts[row] for row in rows if self._language(int(row)) == "nl"]
            taken = bool(avoid) and shown(key).lower() in avoid
            return not taken and not (dutch and used_as_verb(key, dutch))

        # a translated phrase is no Dutch phrase ("Stemmen systeem"): the word alone
        label = choose_label(may_label, allowed, expand=translate is None)
        keywords = distinct(
            [
                key
                for key, share in ranked
                if share >= MIN_KEYWORD_SHARE and counts[key] >= MIN_LABEL_TEXTS
            ]
        )
        if label is None or (keywords == [label] and self._is_name(label)):
            return None, keywords  # texts that share only a name ("Bowling Green") are no theme
        return shown(label), keywords

    def _written(self, rows: np.ndarray, keys: set[str]) -> dict[str, Counter[str]]:
        """Return, per phrase of `keys`, how often each written form of it is in the rows."""
        written: dict[str, Counter[str]] = {key: Counter() for key in keys}
        for row in rows:
            for key, form in self.phrases(int(row)).items():
                if key in keys:
                    written[key][form] += 1
        return written

    def _translated(
        self,
        ranked: list[tuple[str, float]],
        counts: Counter[str],
        language: str,
        forms: dict[str, Counter[str]],
    ) -> tuple[list[tuple[str, float]], Counter[str], dict[str, Counter[str]], set[str]]:
        """Return the ranked phrases put into Dutch (those the table can translate), and
        those that end in no noun in their own language (keywords, never a label)."""
        result: list[tuple[str, float]] = []
        dutch_counts: Counter[str] = Counter()
        written: dict[str, Counter[str]] = {}
        no_subject: set[str] = set()
        for key, share in ranked:
            # a name is not translated ("Cocoa"), nor a phrase with one ("Twitter user");
            # a capitalised word that the table translates is no name ("Dutch embassy")
            if self._is_name(key):
                dutch = key
            elif any(self._name_in(word, language) for word in key.split()):
                dutch = None
            else:
                dutch = crosslingual.translate_phrase(key, language)
            if dutch is None or dutch in dutch_counts or not self.acceptable(dutch):
                continue
            result.append((dutch, share))
            dutch_counts[dutch] = counts[key]
            source = forms.get(key, Counter([key]))
            written[dutch] = source if dutch == key else Counter([dutch])
            if not names_a_subject(source, language, dutch):
                no_subject.add(dutch)
        return result, dutch_counts, written, no_subject

    def _rank(self, counts: Counter[str], size: int) -> list[tuple[str, float]]:
        """Return acceptable phrases, most typical of the group first, with their share."""
        scored = []
        for key, count in counts.items():
            if count < 2 or not self.acceptable(key):
                continue
            share_in = count / size
            share_all = max(self.background[key], 1) / self.sampled
            if share_in <= share_all:
                continue
            content = sum(1 for word in key.split() if is_content_word(word))
            score = share_in * math.log(share_in / share_all)
            score *= 1 + EXTRA_WORD_BONUS * (content - 1)
            scored.append((-score, key, share_in))
        scored.sort()
        return [(key, share) for _, key, share in scored]

    def _is_name(self, key: str) -> bool:
        return all(word in self.proper for word in key.split())

    def _name_in(self, word: str, language: str) -> bool:
        dutch = crosslingual.translate_phrase(word, language) if word in self.proper else ""
        return dutch is None or dutch.lower() == word

    def acceptable(self, key: str) -> bool:
        """Return whether a phrase may name a theme.

        Its last word must be a subject word (a noun, not an adjective or verb), and not a
        place name unless a linking word comes before it ("Nieuwbouw in Nijeveen-Zuid"). No
        word written as a proper noun may be a personal name (`names.py`), and no word may
        be offensive (`nlp/data/offensive_nl.txt`).
        """
        words = key.split()
        head = words[-1]
        if not is_subject_word(head) and not (len(head) == 2 and head in self.proper):
            return False
        if any(word.lower() in offensive_words() for word in words):
            return False
        if names.holds_person_name(words, self.proper) or not self.persons.isdisjoint(words):
            return False
        if head in self.places:
            return len(words) > 2 and words[-2] in LINKS and self.acceptable(words[0])
        # the whole name ("Tata Steel") may be a label, a part of it alone not
        return head not in self.fragments or (len(words) > 1 and self._is_name(key))
