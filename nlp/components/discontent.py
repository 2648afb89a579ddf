"""kernpunt_discontent: a discontent score in [0, 1] and a ``negative`` flag per text.

Evidence comes from Pattern's Dutch sentiment lexicon (adjectives, PDDL) and our complaint
vocabulary (``nlp/data/complaint_nl.tsv``, single words, phrases and emoji), with Dutch
compounds read through their negative head or swear-word prefix. Negators flip a
following sentiment word, intensifiers and downtoners scale it, praise beside a complaint
with an irony marker ("hoor", "?!", 🙄) counts as complaint, and exclamation marks and
words in capitals amplify negative evidence. The summed evidence, divided by the square
root of the number of sentiment words, goes through a logistic function; ``negative`` is
``discontent >= threshold`` with the threshold calibrated on labelled data (docs/nlp.md).
"""

from __future__ import annotations

import math

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from nlp.components.batching import BatchedComponent
from nlp.components.resources import complaint_terms, modifiers, pattern_polarity
from nlp.components.tokens import (
    CAPITALS,
    PUNCT,
    TokenRows,
    set_doc_value,
    set_token_value,
    token_rows,
)

NEGATION_WINDOW = 3
#: Dutch compounds: a modifier of at least 3 letters before a negative head of at least 5
#: ("parkeer|ellende", "hondenpoep|overlast"), or a swear-word prefix ("kut|plan").
COMPOUND_MODIFIER_MIN = 3
COMPOUND_HEAD_MIN = 5
NEGATIVE_PREFIXES = ("kut", "klote", "kolere", "tering")
NEGATIVE_PREFIX_WEIGHT = -0.7
#: Beside a complaint, these make praise ironic; "?!" and "!?" do too.
IRONY_WORDS = frozenset({"hoor", "🙄", "😒", "pfff", "tja", "jaja"})
#: Languages with their own word list (``complaint_<code>.tsv``); any other detected language
#: is read with the Dutch one. Pattern's adjective lexicons exist for Dutch and English only.
LEXICON_LANGUAGES = ("en", "nl", "de", "fy")
#: Languages read with another's words underneath their own (Frisian on top of Dutch).
LEXICON_BASE = {"fy": "nl"}
PATTERN_LANGUAGES = ("en", "nl")
#: Word forms remembered per language as trigger or not, before the cache is emptied.
TRIGGER_CACHE_LIMIT = 500_000


class DiscontentScorer(BatchedComponent):
    """Set ``doc._.discontent``, ``doc._.negative`` and ``token._.polarity``."""

    def __init__(
        self,
        nlp: Language,
        threshold: float,
        slope: float,
        offset: float,
        negated_positive: float,
        negated_negative: float,
        exclamation_boost: float,
        capitals_boost: float,
        contrast: float,
    ) -> None:
        self.threshold = threshold
        self.slope = slope
        self.offset = offset
        self.negated_positive = negated_positive
        self.negated_negative = negated_negative
        self.exclamation_boost = exclamation_boost
        self.capitals_boost = capitals_boost
        self.contrast = contrast
        self.words_by_language: dict[str, dict[str, float]] = {}
        self.triggers_by_language: dict[str, frozenset[str]] = {}
        #: Per detected language: word-form id -> whether it can carry sentiment.
        self._trigger_forms: dict[str, dict[int, bool]] = {}
        negators = modifiers()["negator"]
        self.phrase_weights: dict[str, float] = {}
        emoji = {t: w for t, w in complaint_terms("nl").items() if not any(c.isalnum() for c in t)}
        for language in LEXICON_LANGUAGES:
            words = self._words(LEXICON_BASE[language]) if language in LEXICON_BASE else {}
            terms = complaint_terms(language)
            words.update(self._words(language))
            words.update(emoji)
            self.words_by_language[language] = words
            self.triggers_by_language[language] = frozenset(words) | frozenset(negators)
            self.phrase_weights.update({term: w for term, w in terms.items() if " " in term})
        #: Negative heads of Dutch compounds ("parkeerellende", "hondenpoepoverlast").
        self.compound_heads = {
            term: weight
            for term, weight in complaint_terms("nl").items()
            if weight < 0 and " " not in term and len(term) >= COMPOUND_HEAD_MIN
        }
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for term in self.phrase_weights:
            self.matcher.add(term, [nlp.make_doc(term)])
        self.phrase_keys = {nlp.vocab.strings[term]: term for term in self.phrase_weights}
        table = modifiers()
        self.negators = table["negator"]
        self.scalers = {**table["intensifier"], **table["downtoner"]}

    @staticmethod
    def _words(language: str) -> dict[str, float]:
        """Return Pattern's words of a language (where it has them) and our single words."""
        words = dict(pattern_polarity(language)) if language in PATTERN_LANGUAGES else {}
        terms = complaint_terms(language)
        words.update({term: weight for term, weight in terms.items() if " " not in term})
        return words

    def evidence(self, doc: Doc) -> tuple[float, int]:
        """Return (signed evidence sum, number of sentiment words) for a document."""
        rows = token_rows(doc)
        lowers = rows.lowers
        total = 0.0
        count = 0
        covered: set[int] = set()
        for match_id, start, end in self._longest_phrases(doc):
            weight = self.phrase_weights[self.phrase_keys[match_id]]
            if start > 0:
                weight *= self.scalers.get(lowers[start - 1], 1.0)
            total += weight
            count += 1
            covered.update(range(start, end))
            set_token_value(doc, start, "polarity", weight)
        # Lemmas depend on the detected language (German is re-lemmatised), so is the cache.
        detected = doc.user_data.get(("._.", "language", None, None), "nl")
        language = detected if detected in LEXICON_LANGUAGES else "nl"
        words = self.words_by_language[language]
        negators = self.negators
        lemmas = rows.lemmas
        hits = self._hits(rows, detected, language)
        if not hits:
            return total, count
        contrast_at = self._last_contrast(lowers)
        positive = 0.0
        used_negators: set[int] = set()
        bare_negators = []
        for index in hits:
            if index in covered:
                continue
            lower = lowers[index]
            weight = words.get(lower)
            if weight is None:
                weight = words.get(lemmas[index]) or words.get(lemmas[index].lower())
                if weight is None:
                    weight = self.compound(lower) if language == "nl" else 0.0
                if not weight:
                    bare_negators.append(index)
                    continue
            weight = self._modified(rows, index, weight, used_negators)
            if index < contrast_at:
                weight *= self.contrast
            set_token_value(doc, index, "polarity", weight)
            total += weight
            positive += max(weight, 0.0)
            count += 1
        for index in bare_negators:
            weight = negators.get(lowers[index]) or negators.get(lemmas[index], 0.0)
            if weight and index not in used_negators:
                if index < contrast_at:
                    weight *= self.contrast
                set_token_value(doc, index, "polarity", weight)
                total += weight
                count += 1
        if positive and total - positive < 0 and self._ironic(rows):
            # "Echt top geregeld hoor, weer niks gedaan 🙄": praise beside a complaint is irony.
            total -= positive * (1 + self.negated_positive)
        return total, count

    def _hits(self, rows: TokenRows, detected: str, language: str) -> list[int]:
        """Return the indices of tokens that can carry sentiment, in one cheap pass.

        Whether a word form is a trigger depends only on the form (and the language), so
        it is remembered per form.
        """
        triggers = self.triggers_by_language[language]
        lowers, lemmas, orths = rows.lowers, rows.lemmas, rows.orths
        if not orths:
            return [
                index
                for index, (lower, lemma) in enumerate(zip(lowers, lemmas, strict=True))
                if lower in triggers
                or lemma in triggers
                or lemma.lower() in triggers
                or self.compound(lower) != 0
            ]
        known = self._trigger_forms.get(detected)
        if known is None or len(known) >= TRIGGER_CACHE_LIMIT:
            known = self._trigger_forms[detected] = {}
        flags = [known.get(orth) for orth in orths]
        if None in flags:
            for index, flag in enumerate(flags):
                if flag is None:
                    lemma = lemmas[index]
                    flag = lowers[index] in triggers or lemma in triggers
                    flag = flag or lemma.lower() in triggers  # German nouns keep capitals
                    flag = flag or (language == "nl" and self.compound(lowers[index]) != 0)
                    flags[index] = known[orths[index]] = flag
        return [index for index, flag in enumerate(flags) if flag]

    @staticmethod
    def _ironic(rows: TokenRows) -> bool:
        """Return whether a text carries an irony marker ("hoor", "?!", an eye roll)."""
        return bool(IRONY_WORDS.intersection(rows.lowers)) or "?!" in rows.text or "!?" in rows.text

    def compound(self, lower: str) -> float:
        """Return the weight of a Dutch compound with a negative head or prefix, else 0."""
        for prefix in NEGATIVE_PREFIXES:
            if lower.startswith(prefix) and len(lower) - len(prefix) >= COMPOUND_HEAD_MIN:
                return NEGATIVE_PREFIX_WEIGHT
        for start in range(COMPOUND_MODIFIER_MIN, len(lower) - COMPOUND_HEAD_MIN + 1):
            weight = self.compound_heads.get(lower[start:])
            if weight is not None:
                return weight
        return 0.0

    @staticmethod
    def _last_contrast(lowers: list[str]) -> int:
        """Return the index of the last "maar"/"but" (evidence before it weighs less), or -1."""
        if "maar" not in lowers and "but" not in lowers and "aber" not in lowers:
            return -1
        for index in range(len(lowers) - 1, 0, -1):
            if lowers[index] in ("maar", "but", "aber"):
                return index
        return -1

    def _longest_phrases(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Return phrase matches without overlaps, preferring longer ones."""
        matches = self.matcher(doc)
        if len(matches) < 2:
            return matches
        matches.sort(key=lambda match: (match[1] - match[2], match[1]))
        kept: list[tuple[int, int, int]] = []
        for match in matches:
            if all(match[2] <= other[1] or match[1] >= other[2] for other in kept):
                kept.append(match)
        return kept

    def _modified(
        self, rows: TokenRows, index: int, weight: float, used_negators: set[int]
    ) -> float:
        """Apply intensifiers, downtoners and negation before the word at ``index``."""
        lowers = rows.lowers
        if index > 0:
            weight *= self.scalers.get(lowers[index - 1], 1.0)
        for back in range(index - 1, max(-1, index - 1 - NEGATION_WINDOW), -1):
            if rows.flags[back] & PUNCT:
                break
            if lowers[back] in self.negators:
                used_negators.add(back)
                factor = self.negated_positive if weight > 0 else self.negated_negative
                return -weight * factor
        return weight

    def score(self, doc: Doc) -> float:
        """Return the discontent of a document in [0, 1]."""
        total, count = self.evidence(doc)
        if total < 0:
            rows = token_rows(doc)
            exclamations = min(rows.text.count("!"), 3)
            capitals = min(sum(1 for flags in rows.flags if flags & CAPITALS), 3)
            total *= 1.0 + self.exclamation_boost * exclamations + self.capitals_boost * capitals
        signal = -total / math.sqrt(count) if count else 0.0
        return 1.0 / (1.0 + math.exp(-(self.slope * signal + self.offset)))

    def __call__(self, doc: Doc) -> Doc:
        discontent = self.score(doc)
        set_doc_value(doc, "discontent", discontent)
        set_doc_value(doc, "negative", discontent >= self.threshold)
        return doc


if not Doc.has_extension("discontent"):
    Doc.set_extension("discontent", default=0.0)
if not Doc.has_extension("negative"):
    Doc.set_extension("negative", default=False)
if not Token.has_extension("polarity"):
    Token.set_extension("polarity", default=0.0)


@Language.factory(
    "kernpunt_discontent",
    default_config={
        "threshold": 0.27,
        "slope": 2.5,
        "offset": -1.2,
        "negated_positive": 0.8,
        "negated_negative": 0.4,
        "exclamation_boost": 0.15,
        "capitals_boost": 0.1,
        "contrast": 0.5,
    },
)
def make_discontent_scorer(
    nlp: Language,
    name: str,
    threshold: float,
    slope: float,
    offset: float,
    negated_positive: float,
    negated_negative: float,
    exclamation_boost: float,
    capitals_boost: float,
    contrast: float,
) -> DiscontentScorer:
    """Build the discontent scorer component."""
    return DiscontentScorer(
        nlp,
        threshold,
        slope,
        offset,
        negated_positive,
        negated_negative,
        exclamation_boost,
        capitals_boost,
        contrast,
    )
