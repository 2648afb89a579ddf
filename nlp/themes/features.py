"""Turn texts into the feature views that theme discovery clusters on."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
WORD_PATTERN = re.compile(r"[^\W\d_][^\W_]*", re.UNICODE)
CHAR_NGRAMS = (3, 5)
MAX_WORD_FEATURES = 20_000
MAX_CHAR_FEATURES = 30_000


@cache
def stop_words() -> frozenset[str]:
    """Return spaCy's Dutch and English stop words plus our extra list for themes."""
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH
    from spacy.lang.nl.stop_words import STOP_WORDS as DUTCH

    return frozenset(DUTCH | ENGLISH | word_list("theme_stopwords.txt"))


@cache
def offensive_words() -> frozenset[str]:
    """Return the Dutch words that never name a theme nor translate a word
    (`nlp/data/offensive_nl.txt`)."""
    return word_list("offensive_nl.txt")


def word_list(name: str) -> frozenset[str]:
    """Return the words of a one-word-per-line file in nlp/data ("#" starts a comment line)."""
    lines = (line.strip() for line in (DATA_DIR / name).read_text("utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def content_tokens(lemmas: Iterable[str]) -> list[str]:
    """Keep the lower-cased lemmas that can carry a topic."""
    stops = stop_words()
    tokens = []
    for lemma in lemmas:
        for word in WORD_PATTERN.findall(lemma.lower()):
            if len(word) > 1 and word not in stops:
                tokens.append(word)
    return tokens


def fallback_lemmas(text: str) -> list[str]:
    """Split a text into lower-cased words when no enrichment is available."""
    return WORD_PATTERN.findall(text.lower())


def char_terms(tokens: Sequence[str]) -> list[str]:
    """Return character 3-5-grams inside word boundaries, robust to typos."""
    low, high = CHAR_NGRAMS
    grams: list[str] = []
    for token in tokens:
        padded = f" {token} "
        size = len(padded)
        for n in range(low, high + 1):
            if size < n:
                break
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams


@dataclass
class LexicalVectoriser:
    """Sublinear TF-IDF over word terms and character n-grams, storable as plain data."""

    word_idf: dict[str, float] = field(default_factory=dict)
    char_idf: dict[str, float] = field(default_factory=dict)

    def fit_transform(
        self, token_lists: Sequence[list[str]]
    ) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """Learn both vocabularies and return the two L2-normalised TF-IDF matrices.

        Character n-grams are counted once per distinct token and spread to the texts with
        one sparse product, which is what makes 100,000 texts affordable.
        """
        n = len(token_lists)
        small = n < 20
        counts, tokens = _token_counts(token_lists)
        words, word_names, word_idf = _tfidf_from_counts(
            counts, tokens, 1 if small else 2, 1.0 if small else 0.6, MAX_WORD_FEATURES
        )
        grams, gram_names = _gram_matrix(tokens)
        chars, char_names, char_idf = _tfidf_from_counts(
            (counts @ grams).tocsr(), gram_names, 1 if small else 2, 1.0 if small else 0.9,
            MAX_CHAR_FEATURES,
        )  # fmt: skip
        self.word_idf = dict(zip(word_names, word_idf.tolist(), strict=True))
        self.char_idf = dict(zip(char_names, char_idf.tolist(), strict=True))
        return words, chars


def _token_counts(token_lists: Sequence[list[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """Return a texts x distinct tokens count matrix and the token names."""
    index: dict[str, int] = {}
    columns: list[int] = []
    pointers = [0]
    for tokens in token_lists:
        columns.extend(index.setdefault(token, len(index)) for token in tokens)
        pointers.append(len(columns))
    data = np.ones(len(columns), dtype=np.float32)
    matrix = sparse.csr_matrix(
        (data, np.asarray(columns, dtype=np.int64), np.asarray(pointers, dtype=np.int64)),
        shape=(len(token_lists), len(index)),
    )
    matrix.sum_duplicates()
    return matrix, list(index)


def _gram_matrix(tokens: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """Return a tokens x character n-grams count matrix and the n-gram names."""
    index: dict[str, int] = {}
    columns: list[int] = []
    pointers = [0]
    for token in tokens:
        columns.extend(index.setdefault(gram, len(index)) for gram in char_terms([token]))
        pointers.append(len(columns))
    data = np.ones(len(columns), dtype=np.float32)
    matrix = sparse.csr_matrix(
        (data, np.asarray(columns, dtype=np.int64), np.asarray(pointers, dtype=np.int64)),
        shape=(len(tokens), len(index)),
    )
    matrix.sum_duplicates()
    return matrix, list(index)


def _tfidf_from_counts(
    counts: sparse.csr_matrix, names: list[str], min_df: int, max_df: float, max_features: int
) -> tuple[sparse.csr_matrix, list[str], np.ndarray]:
    """Select terms like scikit-learn's TfidfVectorizer and weight them (sublinear tf, smooth idf)."""
    rows = counts.shape[0]
    if counts.shape[1] == 0:
        return sparse.csr_matrix((rows, 0), dtype=np.float32), [], np.zeros(0)
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = (document_frequency >= min_df) & (document_frequency <= max_df * rows)
    chosen = np.flatnonzero(keep)
    if len(chosen) > max_features:
        totals = np.asarray(counts.sum(axis=0)).ravel()[chosen]
        chosen = np.sort(chosen[np.argsort(-totals, kind="stable")[:max_features]])
    if len(chosen) == 0:
        return sparse.csr_matrix((rows, 0), dtype=np.float32), [], np.zeros(0)
    matrix = counts[:, chosen].tocsr().astype(np.float32)
    idf = np.round(np.log((1 + rows) / (1 + document_frequency[chosen])) + 1, 4)
    matrix.data = 1 + np.log(matrix.data)
    matrix = normalize(matrix @ sparse.diags(idf.astype(np.float32)))
    return matrix.tocsr(), [names[i] for i in chosen], idf
