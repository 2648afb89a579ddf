"""Meaning of a text from its words, at lexical speed: the input's frequent words encoded once.

Above `graph.GRAPH_LIMIT` distinct texts only a sample is encoded with sentence vectors
(`large.py`); the other texts were placed on their word and character n-grams alone, which
cannot see that two different words mean nearly the same. Here the `WORDS` words that most
texts of this input use are each encoded alone by the multilingual sentence encoder (2,000
words took 0.6 s on the Stack Overflow titles, against about 20 s for all 20,000 titles),
and a text's vector is the idf-weighted mean of its words' vectors, centred on the mean
word. This is model2vec's static word vectors, made per input instead of shipped: the
input's own vocabulary (product names, local words) is covered, and nothing is stored.
On real labelled text it placed better than the words alone (docs/nlp.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from nlp.themes.encoder import sentence_encoder

#: How many of the input's words (by the number of texts that use them) are encoded.
WORDS = 2_000
#: A word of two or more letters (no digits), lower-cased.
WORD_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"


class WordMeaning:
    """Per text, the idf-weighted frequent words; per word, its centred sentence vector."""

    def __init__(self, texts: Sequence[str]) -> None:
        counter = CountVectorizer(
            token_pattern=WORD_PATTERN, min_df=2, max_features=WORDS, binary=True, dtype=np.float32
        )
        try:
            counts = counter.fit_transform(texts).tocsr()
        except ValueError:  # no word in two texts
            self.weights = sparse.csr_matrix((len(texts), 0), dtype=np.float32)
            self.vectors = np.zeros((0, 512), dtype=np.float32)
            return
        used = np.maximum(counts.getnnz(axis=0), 1)
        idf = np.log(len(texts) / used).astype(np.float32)
        self.weights = (counts @ sparse.diags(idf)).tocsr()
        vectors = sentence_encoder().encode(list(counter.get_feature_names_out()))
        self.vectors = vectors - vectors.mean(axis=0)

    def rows(self, indices: np.ndarray) -> np.ndarray:
        """Return unit-length meaning vectors of those texts (zero when no frequent word)."""
        if not self.vectors.shape[0]:
            return np.zeros((len(indices), self.vectors.shape[1]), dtype=np.float32)
        return normalize(self.weights[indices] @ self.vectors).astype(np.float32)
