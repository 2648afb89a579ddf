"""Find boilerplate: sentences that recur verbatim across many texts and carry no topic.

E-mail sign-offs ("Verstuurd vanaf mijn iPhone"), greetings ("Met vriendelijke groet"),
politeness ("Alvast bedankt voor het lezen") and framing ("Ik heb de brief gelezen") are
repeated word for word by residents writing about any topic. A repeated sentence is only
boilerplate when the rest of the texts it occurs in is no more alike than texts picked at
random: a sentence that many residents repeat about one topic ("Er wordt gedeald bij de
skatebaan") keeps its topical company and stays.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from nlp.themes.clustering import reduce

SEGMENT_END = re.compile(r"\n+|(?<=[.!?;:])\s+")
WORD = re.compile(r"[^\W\d_][^\W_]*", re.UNICODE)
#: A sentence must recur, with other content beside it, in at least this many texts and
#: this share of all texts before it can be judged.
MIN_TEXTS = 5
MIN_SHARE = 0.001
#: Sentences longer than this many words are never treated as boilerplate.
MAX_WORDS = 12
#: At least this share of the texts with the sentence must have other content beside it:
#: a sentence that mostly is the whole contribution is content.
MIN_ACCOMPANIED_SHARE = 0.6
#: Boilerplate when the rest of its texts is not more alike (mean cosine in an LSA space)
#: than this many standard deviations of the same number of texts drawn at random (at 2, a
#: sign-off on every third text of four generated subjects passed by the chance mix of
#: subjects it landed on; on the real sets 3 adds only HuffPost's "Dr.", docs/nlp.md).
MAX_Z = 3.0
NULL_DRAWS = 50
MAX_SAMPLE = 2_000
RESIDUAL_DIMENSIONS = 50


Segment = tuple[str, int, int]


@dataclass
class Boilerplate:
    """The boilerplate sentences found in a corpus, with their content tokens.

    `find` also keeps each text of the corpus without its boilerplate, and the tokens to
    drop from those that had some, so that stripping the corpus does not split it again.
    """

    sentences: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _stripped: dict[str, str] = field(default_factory=dict, repr=False)
    _dropped: dict[str, Counter[str]] = field(default_factory=dict, repr=False)

    def __bool__(self) -> bool:
        return bool(self.sentences)

    def strip_tokens(self, text: str, tokens: Sequence[str]) -> list[str]:
        """Return the tokens of a text without those of its boilerplate sentences."""
        if text in self._dropped:
            drop = self._dropped[text].copy()
        else:
            drop = Counter() if text in self._stripped else self._drop(segments(text))
        if not drop:
            return list(tokens)
        kept = []
        for token in tokens:
            if drop[token] > 0:
                drop[token] -= 1
            else:
                kept.append(token)
        return kept

    def strip_text(self, text: str) -> str:
        """Return the text without its boilerplate sentences (for sentence vectors)."""
        known = self._stripped.get(text)
        return known if known is not None else self._strip(text, segments(text))

    def _remember(self, text: str, parts: list[Segment]) -> None:
        """Keep a corpus text without its boilerplate, and the tokens to drop from it."""
        if any(key in self.sentences for key, _, _ in parts):
            self._stripped[text] = self._strip(text, parts)
            self._dropped[text] = self._drop(parts)
        else:  # the same text, or its parts joined by single spaces
            joined = " ".join([text[start:end] for _, start, end in parts])
            self._stripped[text] = text if joined == text else joined

    def _drop(self, parts: list[Segment]) -> Counter[str]:
        drop: Counter[str] = Counter()
        for key, _, _ in parts:
            drop.update(self.sentences.get(key, ()))
        return drop

    def _strip(self, text: str, parts: list[Segment]) -> str:
        return " ".join([text[a:b] for key, a, b in parts if key not in self.sentences])


def segments(text: str) -> list[Segment]:
    """Split a text into lines and sentences: (normalised words, start, end) each."""
    found = []
    start = 0
    for match in SEGMENT_END.finditer(text):
        if match.start() > start:
            found.append((start, match.start()))
        start = match.end()
    if start < len(text):
        found.append((start, len(text)))
    return [(" ".join(WORD.findall(text[a:b].lower())), a, b) for a, b in found]


def find(
    texts: Sequence[str],
    tokens: Sequence[Sequence[str]],
    analyse: Callable[[list[str]], list[list[str]]],
    seed: int = 0,
) -> Boilerplate:
    """Return the recurring sentences of `texts` that carry no topic.

    `tokens` are the content tokens of each text; `analyse` returns the content tokens of
    a list of sentences, the way the texts themselves were analysed.
    """
    split = [segments(text) for text in texts]
    keys_per_text = [{key for key, _, _ in parts if key} for parts in split]
    counts = Counter(key for keys in keys_per_text for key in keys)
    least = max(MIN_TEXTS, MIN_SHARE * len(texts))
    # Sorted: the counts were filled from sets, whose order changes with PYTHONHASHSEED, and
    # the random draws below follow the candidates' order.
    candidates = sorted(
        key for key, n in counts.items() if n >= least and len(key.split()) <= MAX_WORDS
    )
    if not candidates:
        return Boilerplate()
    analysed = dict(zip(candidates, analyse(candidates), strict=True))
    candidates = [key for key in candidates if analysed[key]]  # nothing to remove otherwise
    if not candidates:
        return Boilerplate()
    candidate_tokens = {token for key in candidates for token in analysed[key]}
    rest = _rest_matrix(tokens, candidate_tokens)
    has_rest = rest.getnnz(axis=1) > 0
    points = reduce(rest, seed, RESIDUAL_DIMENSIONS)
    baseline = _coherence(points[has_rest])
    members: dict[str, list[int]] = {key: [] for key in candidates}
    for row, keys in enumerate(keys_per_text):
        for key in keys & members.keys():
            members[key].append(row)
    found = Boilerplate()
    rng = np.random.default_rng(seed)
    pool = np.flatnonzero(has_rest)
    for key in candidates:
        rows = np.asarray(members[key])
        accompanied = rows[has_rest[rows]]
        if len(accompanied) < max(least, MIN_ACCOMPANIED_SHARE * len(rows)):
            continue  # too rare to judge, or mostly a whole contribution on its own
        if len(accompanied) > MAX_SAMPLE:
            accompanied = rng.choice(accompanied, MAX_SAMPLE, replace=False)
        if _excess_z(points, accompanied, pool, baseline, rng) < MAX_Z:
            found.sentences[key] = tuple(analysed[key])
    if found:
        for text, parts in zip(texts, split, strict=True):
            found._remember(text, parts)
    return found


def _excess_z(
    points: np.ndarray,
    rows: np.ndarray,
    pool: np.ndarray,
    baseline: float,
    rng: np.random.Generator,
) -> float:
    """Return how many null standard deviations the rows are more alike than random rows."""
    size = len(rows)
    null = [_coherence(points[rng.choice(pool, size, replace=False)]) for _ in range(NULL_DRAWS)]
    spread = max(float(np.std(null)), 1e-6)
    return (_coherence(points[rows]) - baseline) / spread


def _rest_matrix(tokens: Sequence[Sequence[str]], removed: set[str]) -> sparse.csr_matrix:
    """Return unit-length idf-weighted rows of each text's tokens outside the candidates."""
    index: dict[str, int] = {}
    columns: list[int] = []
    pointers = [0]
    for text_tokens in tokens:
        # In the text's order (a set's order changes with PYTHONHASHSEED, and the columns'
        # order decides the random projection that follows).
        distinct = dict.fromkeys(token for token in text_tokens if token not in removed)
        columns.extend(index.setdefault(token, len(index)) for token in distinct)
        pointers.append(len(columns))
    matrix = sparse.csr_matrix(
        (
            np.ones(len(columns), dtype=np.float32),
            np.asarray(columns, dtype=np.int64),
            np.asarray(pointers, dtype=np.int64),
        ),
        shape=(len(tokens), max(len(index), 1)),
    )
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = np.log((1 + len(tokens)) / (1 + frequency)).astype(np.float32) + 1
    matrix = normalize(matrix @ sparse.diags(idf)).tocsr()
    return matrix


def _coherence(points: np.ndarray) -> float:
    """Return the mean cosine between distinct pairs of unit-length rows."""
    count = len(points)
    if count < 2:
        return 0.0
    total = points.sum(axis=0, dtype=np.float64)
    return float((total @ total - count) / (count * (count - 1)))
