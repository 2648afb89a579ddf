"""Themes for inputs above `graph.GRAPH_LIMIT` distinct texts: find them on a sample, place the rest.

Sentence vectors and the kNN graph are what make themes agree with people's categories
(docs/nlp.md), but encoding 100,000 texts takes minutes and the graph splits too finely at
that size. So the communities are found on a sample of distinct texts (`sample_size`)
with both (as `discover` does for a small input), and every other text goes to the theme
that linear classifiers fitted on the sample predict for it: one on the word and character
n-gram TF-IDF (which placed better than the nearest centre or the nearest sampled texts on
real labelled text), one on the meaning of its words (`wordmeaning.py`), and for the texts
these place least clearly, one on their sentence vectors (docs/nlp.md). The sample is
chosen by a seeded hash of each text, so the same input gives the same sample, and adding
or removing a few texts changes it by those texts only.

A re-analysis (a previous model) starts from the previous themes instead of the sample's
fresh communities, as k-means does on the small path: removing or adding 5% of the input
changes the sample by 5%, and its communities moved a quarter of the texts (docs/nlp.md).
The classifier is fitted on the sampled texts' previous themes ("Overig" as one more
class), and a text keeps its previous theme unless the classifier clearly prefers another
one. A community of the sample whose texts are mostly new input is a new subject and
becomes a theme of its own when it gets a label; a community of texts that were in "Overig"
(no label was found for it) stays there rather than flip with a borderline label.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from nlp.themes import clustering, graph, splitting
from nlp.themes.crosslingual import across_languages, language_neutral
from nlp.themes.encoder import sentence_encoder
from nlp.themes.phrases import PhraseIndex
from nlp.themes.ridge import combined, decision_values
from nlp.themes.wordmeaning import WordMeaning

#: Distinct texts the communities are found on at least, encoded with sentence vectors: as
#: many as the graph takes for a whole input (`analyze_vs_nmf.py` within 2x; docs/nlp.md).
SAMPLE_SIZE = graph.GRAPH_LIMIT
#: ... and this share of a larger input, up to `MAX_SAMPLE_SIZE`: on 100,000 WordNet glosses
#: it gave 0.019 ARI more (generated text 0.079) for 4 s, within the 60 s goal, while
#: 21,000 texts keep 5,000 (the goal of twice the NMF baseline; docs/nlp.md).
SAMPLE_SHARE = 0.1
MAX_SAMPLE_SIZE = 10_000
#: In a re-analysis a text keeps its previous theme unless the classifier's decision value
#: for another theme is higher by more than this (targets are -1 and 1; docs/nlp.md).
KEEP_MARGIN = 0.3
#: A community of the sample is a new subject when at least this share of its texts was
#: not in the previous run's input.
NEW_SUBJECT_SHARE = 0.5
#: Weight of each lexical view beside the sentence vectors in the sample's graph; None: the
#: small path's for the input's languages (`clustering.weight_for_languages`). A weight of
#: its own (0.35 for every input) cost the German complaints and the demo corpus 0.04-0.05
#: ARI on the large path scaled down (docs/nlp.md, *The large path's weight back at 0.5*);
#: benchmarks set one here.
SAMPLE_LEXICAL_WEIGHT: float | None = None
#: A guessed sample (`guess_sample`) holds this share more texts than the sample.
GUESS_MARGIN = 0.05
#: Of the texts outside the sample, this many that the classifier places least clearly on
#: their words (smallest margin between its two best themes) are encoded with sentence
#: vectors and placed again on words + meaning: on Stack Overflow and HuffPost this gave
#: part of what encoding every text gives, at a fraction of its time; 2,000 placed Stack
#: Overflow 0.011 and HuffPost 0.004 ARI better than 1,000 (docs/nlp.md).
UNSURE_ENCODED = 2_000
#: On the sampled path a text less similar than this to its theme centre goes to "Overig"
#: (the small path's 0.2 is on words + meaning; on words alone it sent 5% of the Stack
#: Overflow titles there, against 0.3% in a 5,000-text sample; docs/nlp.md).
REMAINDER_SIMILARITY = 0.1
#: Stands for a text that was not in the previous run's input.
NEW = ""


@dataclass
class SampleViews:
    """The rows the graph is built on for sampled distinct texts, computed when asked."""

    words: sparse.csr_matrix  #: word TF-IDF of every distinct text
    chars: sparse.csr_matrix  #: character n-gram TF-IDF of every distinct text
    texts: list[str]  #: every distinct text, without boilerplate
    languages: list[str]  #: the language of every distinct text
    sentence_vectors: bool | Literal["auto"]  #: False: lexical views only
    seed: int
    #: whether a group of distinct texts (their indices) would get a label; None: not asked
    labelled: Callable[[np.ndarray], bool] | None = None
    method: str = "lexical"  #: what the model reports; set when the sample is used
    _meaning: WordMeaning | None = field(default=None, init=False, repr=False)

    @property
    def sampled(self) -> bool:
        """Whether the themes came from the sample (the views were asked for its rows)."""
        return self.method.endswith("(sample)")

    @classmethod
    def of(
        cls,
        views: tuple[sparse.csr_matrix, sparse.csr_matrix],
        texts: tuple[Sequence[str], Sequence[str]],
        distinct: np.ndarray,
        sentence_vectors: bool | Literal["auto"],
        seed: int,
        phrases: PhraseIndex | None = None,
    ) -> SampleViews:
        """Return the views of the rows `distinct` (one per distinct text) of all texts.

        `views` are the word and character TF-IDF of all texts, `texts` the texts without
        boilerplate and their languages; `phrases` (of all texts) tells which groups would
        get a label.
        """
        words, chars = views
        stripped, languages = texts
        chosen = [stripped[i] for i in distinct]
        spoken = [languages[i] for i in distinct]
        labelled = None
        if phrases is not None:

            def labelled(members: np.ndarray) -> bool:
                return phrases.describe(distinct[members])[0] is not None

        return cls(
            words[distinct], chars[distinct], chosen, spoken, sentence_vectors, seed, labelled
        )

    def __call__(self, indices: np.ndarray) -> np.ndarray:
        """Return unit rows of the lexical views (+ sentence vectors) of those texts."""
        sentences = self.sentences(indices)
        self.method = "lexical (sample)" if sentences is None else "lexical+sentence (sample)"
        words, chars = self.words[indices], self.chars[indices]
        weight = SAMPLE_LEXICAL_WEIGHT  # None: by the input's languages, as on the graph path
        return clustering.embed(words, chars, sentences, self.seed, weight, self.languages)

    def word_meaning(self) -> WordMeaning | None:
        """Return the meaning of every distinct text by its words (built once), or None on
        lexical views."""
        if self.sentence_vectors is not False and self._meaning is None:
            self._meaning = WordMeaning(self.texts)
        return self._meaning

    def sentences(self, indices: np.ndarray) -> np.ndarray | None:
        """Return the sentence vectors of those texts, or None on lexical views only."""
        if self.sentence_vectors is False:
            return None
        sentences = sentence_encoder().encode([self.texts[i] for i in indices])
        if across_languages():
            sentences = language_neutral(sentences, [self.languages[i] for i in indices])
        return sentences


def sample_size(distinct: int) -> int:
    """Return how many of `distinct` texts the communities are found on: `SAMPLE_SIZE`, or
    `SAMPLE_SHARE` of a larger input up to `MAX_SAMPLE_SIZE`."""
    return max(SAMPLE_SIZE, min(MAX_SAMPLE_SIZE, int(SAMPLE_SHARE * distinct)))


def encode_sample_soon(texts: Sequence[str], seed: int) -> None:
    """Start encoding the sample of these distinct texts (those `sample_communities` will
    choose) on a thread, while the caller prepares the rest: the encoder uses the cores
    that the preparation, in Python, leaves idle."""
    chosen = choose_sample(texts, sample_size(len(texts)), seed)
    sentence_encoder().encode_soon([texts[i] for i in chosen])


def guess_sample(texts: Sequence[str], seed: int = 0) -> list[str]:
    """Return the texts the sample will most likely hold, known before the texts are enriched
    (nothing for an input that will not be sampled): the sample of the distinct texts as
    written, with `GUESS_MARGIN` more, since the sample is chosen among texts without their
    boilerplate and with the same words only once (on 21,000 generated texts the guess held
    91% of the sample, on 20,000 WordNet glosses all of it; docs/nlp.md)."""
    distinct = list(dict.fromkeys(text for text in texts if text.strip()))
    if len(distinct) <= graph.GRAPH_LIMIT:
        return []
    size = math.ceil(sample_size(len(distinct)) * (1 + GUESS_MARGIN))
    return [distinct[i] for i in choose_sample(distinct, size, seed)]


def sample_encoded_elsewhere(
    texts: Sequence[str], enabled: bool = True
) -> AbstractContextManager[None]:
    """Return a context in which the guessed sample of these texts (before they are
    enriched) is encoded in another process (`SentenceEncoder.encoding_elsewhere`)."""
    return sentence_encoder().encoding_elsewhere(guess_sample(texts) if enabled else [])


def choose_sample(texts: Sequence[str], size: int, seed: int) -> np.ndarray:
    """Return the sorted indices of the `size` texts with the smallest seeded hash."""
    if len(texts) <= size:
        return np.arange(len(texts))
    salt = str(seed).encode()
    keys = [
        hashlib.blake2b(text.encode("utf-8"), digest_size=8, salt=salt).digest() for text in texts
    ]
    order = sorted(range(len(texts)), key=lambda i: (keys[i], i))
    return np.sort(np.asarray(order[:size], dtype=np.int64))


def sample_communities(
    lexical: np.ndarray,
    weights: np.ndarray,
    views: SampleViews,
    seed: int,
    previous: Sequence[str | None] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return a theme number per distinct text and unit-length lexical centres.

    `lexical` holds the unit lexical rows of the distinct texts; `views` their texts, word
    and n-gram TF-IDF, and the rows the graph is built on for the sample. Oversized and
    unlabelled communities are split (`splitting.py`), each sampled text then settling at
    its nearest part's centre. Sampled texts keep their community; the others get the one
    a linear classifier on the sample's TF-IDF predicts for them. `previous` (a
    re-analysis) holds each distinct text's theme id in the previous run, None ("Overig")
    or `NEW`: see `warm_labels`. Label -1 is "Overig".
    """
    chosen = choose_sample(views.texts, sample_size(len(views.texts)), seed)
    points = views(chosen)
    adjacency = graph.knn_graph(points)
    known = weights[chosen]

    def settled(before: np.ndarray, split: np.ndarray) -> np.ndarray:
        """Once a split changed anything, each sampled text goes to its nearest part's
        centre, as `graph.communities` leaves a small input after its refinement."""
        same = np.array_equal(split, before)
        return before if same else graph.nearest_centres(points, known, split)[0]

    community, _ = graph.communities(points, known, seed, adjacency=adjacency)
    community = settled(
        community, splitting.split_oversized(points, community, known, seed, adjacency)
    )
    labelled = views.labelled
    on_sample = None if labelled is None else (lambda rows: labelled(chosen[rows]))

    def split_unlabelled(community: np.ndarray, numbers: list[int] | None = None) -> np.ndarray:
        split = splitting.split_unlabelled(points, community, known, seed, on_sample, numbers)
        return settled(community, split)

    community = split_unlabelled(community)  # a community whose texts share no phrase
    features = normalize(sparse.hstack([views.words, views.chars]).tocsr())
    if previous is not None and any(theme not in (None, NEW) for theme in previous):
        meaning = views.word_meaning()
        labels = warm_labels(features, weights, (chosen, community), previous, meaning)
        if np.any(labels >= 0):
            return _renumber(labels, lexical, weights)
    labels = np.empty(len(lexical), dtype=np.int64)
    labels[chosen] = community
    rest = np.setdiff1d(np.arange(len(lexical)), chosen, assume_unique=True)
    if len(rest):
        labels[rest] = place_rest(features, views, (chosen, community), weights, rest)
        drowned = _drowned(labels, (chosen, community), views)
        split = split_unlabelled(community, drowned) if drowned else community
        if not np.array_equal(split, community):  # what the sample tells apart: place again
            community = split
            labels[chosen] = community
            labels[rest] = place_rest(features, views, (chosen, community), weights, rest)
    return _renumber(labels, lexical, weights)


def _drowned(
    labels: np.ndarray, sample: tuple[np.ndarray, np.ndarray], views: SampleViews
) -> list[int]:
    """Return the sample's communities that had a label and lost it once the rest was placed.

    A catch-all of texts with no clear subject draws the texts that the classifier places
    least clearly; on 100,000 WordNet glosses one grew from 17% of the sample to 31% of
    all texts, and its label phrase fell below the share a label needs (docs/nlp.md).
    """
    chosen, community = sample
    if views.labelled is None:
        return []
    return [
        int(number)
        for number in np.unique(community)
        if not views.labelled(np.flatnonzero(labels == number))
        and views.labelled(chosen[community == number])
    ]


def place_rest(
    features: sparse.csr_matrix,
    views: SampleViews,
    sample: tuple[np.ndarray, np.ndarray],
    weights: np.ndarray,
    rest: np.ndarray,
) -> np.ndarray:
    """Return the theme number of each text in `rest` (rows outside the sample).

    Two ridge classifiers fitted on the sampled rows score every row, one on the TF-IDF
    `features` and, with sentence vectors, one on the meaning of its words (`WordMeaning`);
    their decision values add up (one classifier on both was as good and ten times slower).
    The `UNSURE_ENCODED` rows placed least clearly are then encoded with sentence vectors,
    and a classifier on those, fitted on the sampled rows' (which the graph used already),
    takes the place of the one on word meaning for them.
    """
    chosen, community = sample
    known = weights[chosen]
    classes, lexical = decision_values(features[chosen], community, known, features[rest])
    if len(classes) < 2 or (meaning := views.word_meaning()) is None:
        return classes[np.argmax(lexical, axis=1)].astype(np.int64)
    _, by_words = decision_values(meaning.rows(chosen), community, known, rest, meaning.rows)
    scores = combined(lexical, by_words)
    labels = classes[np.argmax(scores, axis=1)].astype(np.int64)
    best_two = -np.partition(-scores, 1, axis=1)[:, :2]
    unsure = np.argsort(best_two[:, 0] - best_two[:, 1], kind="stable")[:UNSURE_ENCODED]
    if not len(unsure):
        return labels
    sentences = views.sentences(np.concatenate([chosen, rest[unsure]]))
    _, by_sentence = decision_values(
        sentences[: len(chosen)], community, known, sentences[len(chosen) :]
    )
    scores = combined(lexical[unsure], by_sentence)
    labels[unsure] = classes[np.argmax(scores, axis=1)]
    return labels


def warm_labels(
    features: sparse.csr_matrix,
    weights: np.ndarray,
    sample: tuple[np.ndarray, np.ndarray],
    previous: Sequence[str | None],
    meaning: WordMeaning | None = None,
) -> np.ndarray:
    """Return a theme number per row, or -1 for "Overig", starting from the previous themes.

    `sample` holds the sampled rows and their fresh communities; `previous` each row's
    theme id in the previous run, None for "Overig" or `NEW` for new input. A sampled text
    is taught to the classifier with its previous theme (or "Overig"), or with its
    community when most of that community is new input (a new subject). Every row
    then gets the classifier's best class, except that a row keeps its previous theme (or
    "Overig") when that class's decision value is within `KEEP_MARGIN` of the best one.
    With `meaning` (the texts' word meaning) a second classifier scores on it, as in
    `place_rest`, so that a text placed by meaning is not moved back by its words alone.
    """
    chosen, community = sample
    names = sorted({theme for theme in previous if theme is not None and theme != NEW})
    code = {theme: number for number, theme in enumerate(names)}
    remainder = len(names)  # the class of the texts that were in "Overig"
    code[None] = remainder
    old = np.array([code.get(theme, -1) for theme in previous], dtype=np.int64)
    taught = old[chosen].copy()
    for number in np.unique(community):
        members = np.flatnonzero(community == number)
        if np.mean(taught[members] < 0) >= NEW_SUBJECT_SHARE:
            taught[members] = remainder + 1 + number
    known = taught >= 0
    classes, scores = decision_values(
        features[chosen[known]], taught[known], weights[chosen[known]], features
    )
    if meaning is not None and len(classes) >= 2:  # as `place_rest` placed them
        everything = np.arange(features.shape[0])
        _, more = decision_values(
            meaning.rows(chosen[known]), taught[known], weights[chosen[known]], everything,
            meaning.rows,
        )  # fmt: skip
        scores = combined(scores, more)
    column = np.full(remainder + int(community.max()) + 2, -1, dtype=np.int64)
    column[classes] = np.arange(len(classes))
    if column[remainder] >= 0:  # a text leaves a theme for "Overig" only by its similarity
        scores[np.ix_((old >= 0) & (old != remainder), [column[remainder]])] = -np.inf
    best = np.argmax(scores, axis=1)
    labels = classes[best]
    rows = np.flatnonzero((old >= 0) & (column[np.maximum(old, 0)] >= 0))
    own = column[old[rows]]
    close = scores[rows, best[rows]] - scores[rows, own] <= KEEP_MARGIN
    labels[rows[close]] = old[rows[close]]
    labels[labels == remainder] = -1
    return labels


def _renumber(
    labels: np.ndarray, lexical: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Drop empty labels and return consecutive labels (-1 stays) with their lexical centres."""
    placed = labels >= 0
    used, inverse = np.unique(labels[placed], return_inverse=True)
    result = np.full(len(labels), -1, dtype=np.int64)
    result[placed] = inverse
    sums = np.zeros((len(used), lexical.shape[1]), dtype=np.float64)
    np.add.at(sums, inverse, weights[placed, None] * lexical[placed])
    return result, normalize(sums).astype(np.float32)
