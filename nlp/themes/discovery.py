"""Discover themes in a set of texts and put new texts into them."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import Any, Literal

import numpy as np
from scipy import sparse
from threadpoolctl import threadpool_limits

from nlp.components.language import context_language
from nlp.themes import (
    boilerplate,
    clustering,
    crosslingual,
    describe,
    graph,
    identity,
    large,
    placement,
    scoring,
    splitting,
)
from nlp.themes.encoder import sentence_encoder
from nlp.themes.features import LexicalVectoriser, content_tokens
from nlp.themes.model import Theme, ThemeModel, empty_model
from nlp.themes.phrases import PhraseIndex
from nlp.themes.tokens import placement_tokens, theme_tokens

#: Sentence vectors are used up to this many texts (about 380 texts/s on 2 cores).
SENTENCE_VECTOR_LIMIT = 5_000
#: Fewer distinct texts with content than this give no themes at all.
MIN_DISTINCT_TEXTS = 5
#: A text less similar than this to its theme centre goes to "Overig".
REMAINDER_SIMILARITY = placement.REMAINDER_SIMILARITY
#: Input placed with a confidence below this goes to the "Onzeker" list for an analyst
#: (about 15% of the input; their themes agree with the categories about half as often
#: as the rest on the demo corpus and Pol.is, docs/nlp.md).
UNCERTAIN_BELOW = 0.1
#: A theme needs at least this many texts, and at least this share of the input.
MIN_THEME_SIZE = 3
MIN_THEME_SHARE = 0.005
#: How k="auto" finds themes: "graph" (Louvain communities of a kNN graph; the number of
#: themes follows from the graph; above graph.GRAPH_LIMIT distinct texts on a sample, the
#: rest placed by a classifier, `large.py`) or "kmeans" (spherical k-means, k by silhouette).
AUTO_CLUSTERING: Literal["graph", "kmeans"] = "graph"
#: A re-analysis starts from the previous themes while at least this share of its input was
#: in the previous analysis; beyond that the input is grouped afresh (`_start_from`).
WARM_START_KNOWN_SHARE = 2 / 3


def discover(
    texts: Sequence[str],
    *,
    ids: Sequence[Any] | None = None,
    previous: ThemeModel | None = None,
    k: int | Literal["auto"] = "auto",
    enrichments: Sequence[Any] | None = None,
    seed: int = 0,
    sentence_vectors: bool | Literal["auto"] = "auto",
    places: Collection[str] = (),
) -> ThemeModel:
    """Group texts into themes; ids of themes that persist from `previous` are kept.

    `places` are names (municipality, kernen) that may never be a label on their own.
    """
    if sentence_vectors is not False and len(texts):
        sentence_encoder().load_in_background()  # beside the texts' preparation
    with threadpool_limits(limits=1):  # one BLAS/OpenMP thread: far faster on a busy host
        return _discover(texts, ids, previous, k, enrichments, seed, sentence_vectors, places)


def _sentence_vectors(texts: list[str], languages: list[str], rows: np.ndarray) -> np.ndarray:
    """Sentence vectors of the rows, other languages moved onto the Dutch ones."""
    vectors = sentence_encoder().encode([texts[i] for i in rows])
    if not crosslingual.across_languages():
        return vectors
    return crosslingual.language_neutral(vectors, [languages[i] for i in rows])


def _discover(texts, ids, previous, k, enrichments, seed, sentence_vectors, places) -> ThemeModel:
    texts, keys = _texts_and_keys(texts, ids)
    if not texts:
        return empty_model(keys, previous)
    enrichments = enrich(texts) if enrichments is None else enrichments
    if len(enrichments) != len(texts):
        raise ValueError("enrichments and texts must have the same length")
    languages, tokens = theme_tokens(texts, enrichments)
    found = boilerplate.find(texts, tokens, _analyse_sentences, seed)
    if found:  # recurring sign-offs and politeness carry no topic: leave them out
        tokens = [found.strip_tokens(text, t) for text, t in zip(texts, tokens, strict=True)]
    vectoriser = LexicalVectoriser()
    words, chars = vectoriser.fit_transform(tokens)
    lexical = describe.lexical_matrix(words, chars)
    rows = np.flatnonzero(lexical.getnnz(axis=1) > 0)
    if len(rows) < MIN_DISTINCT_TEXTS:
        return empty_model(keys, previous)
    with_sentences = sentence_vectors is True or (
        sentence_vectors == "auto" and len(rows) <= SENTENCE_VECTOR_LIMIT
    )
    stripped = [found.strip_text(t) if found else t for t in texts]
    sentences = _sentence_vectors(stripped, languages, rows) if with_sentences else None
    points = clustering.embed(words[rows], chars[rows], sentences, seed, languages=languages)
    first, inverse, counts = clustering.deduplicate(points)
    unique = points[first]
    if len(unique) < MIN_DISTINCT_TEXTS:
        return empty_model(keys, previous)
    basis = unique if sentences is None else sentences[first]
    if _sampled_path(k, len(unique)) and sentence_vectors is not False:
        large.encode_sample_soon([stripped[i] for i in rows[first]], seed)
    phrases = PhraseIndex(stripped, places, seed, languages)
    views = large.SampleViews.of(
        (words, chars), (stripped, languages), rows[first], sentence_vectors, seed, phrases
    )
    start = _start_from(previous, keys)
    old = [start.assignment.get(keys[rows[i]], large.NEW) for i in first] if start else None
    fresh = _cluster(unique, counts, basis, k, seed, (views, old))
    if fresh is None:
        return empty_model(keys, previous)
    min_size = max(MIN_THEME_SIZE, math.ceil(MIN_THEME_SHARE * len(texts)))
    warm = _warm_start_applies(start, k, views)
    unique_labels, centres, floors, owners = _start(unique, counts, fresh, (old, min_size), warm)
    if views.sampled:  # never a warm start; words alone are less similar than with meaning
        floors = np.full(len(unique), large.REMAINDER_SIMILARITY)
    labels = unique_labels[inverse]
    similarity = np.einsum("ij,ij->i", points, centres[labels])
    labels[similarity < floors[inverse]] = -1
    sizes = np.bincount(labels[labels >= 0], minlength=len(centres))
    clusters = [c for c in np.argsort(-sizes, kind="stable") if sizes[c] >= min_size]
    describers = (phrases, previous, owners)
    drafts, kept = _describe_clusters(
        clusters, labels, rows, (keys, texts), similarity, lexical, vectoriser, describers
    )
    scores = points @ centres[kept].T if kept else np.zeros((len(rows), 0), np.float32)
    own = np.full(len(rows), -1)
    for number, cluster in enumerate(kept):
        own[labels == cluster] = number
    method = "lexical+sentence" if with_sentences else views.method
    model = _build_model(drafts, keys, rows, (scores, own), vectoriser, previous, method)
    return replace(model, context_language=context_language(languages))


def _texts_and_keys(texts: Sequence[Any], ids: Sequence[Any] | None) -> tuple[list[str], list[str]]:
    """Return the texts (a missing one empty) and their ids as strings (by default 0, 1, ...)."""
    keys = [str(i) for i in ids] if ids is not None else [str(i) for i in range(len(texts))]
    if len(keys) != len(texts):
        raise ValueError("ids and texts must have the same length")
    return [text if isinstance(text, str) else "" for text in texts], keys


def _start(
    unique: np.ndarray,
    counts: np.ndarray,
    fresh: tuple[np.ndarray, np.ndarray],
    previous: tuple[list[str | None] | None, int],
    warm: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str | None] | None]:
    """Return the clusters' labels and centres, each point's floor for "Overig" and the
    previous theme each cluster stands for: the fresh clusters, or the warm start's."""
    if not warm:
        return *fresh, np.full(len(unique), REMAINDER_SIMILARITY), None
    old, min_size = previous
    return placement.warm_start(unique, fresh, old, counts, min_size)  # type: ignore[arg-type]


def _start_from(previous: ThemeModel | None, keys: list[str]) -> ThemeModel | None:
    """Return the previous themes a re-analysis starts from, or None to group afresh: once
    most input is new since then, the themes of a few early texts must not stay frozen
    (ids, labels and curation still carry over by identity)."""
    if previous is None or not keys:
        return None
    known = sum(key in previous.assignment for key in keys)
    return previous if known >= WARM_START_KNOWN_SHARE * len(keys) else None


def _warm_start_applies(
    previous: ThemeModel | None, k: int | str, views: large.SampleViews
) -> bool:
    """Whether a re-analysis starts from the previous themes (`placement.warm_start`).

    Not on the sampled path, which starts from them its own way (`large.warm_labels`):
    k-means on the lexical views alone undid the sample's communities there (a
    re-analysis of the same input kept 62% in their theme).
    """
    return previous is not None and bool(previous.themes) and k == "auto" and not views.sampled


def _cluster(
    unique: np.ndarray,
    counts: np.ndarray,
    basis: np.ndarray,
    k: int | str,
    seed: int,
    sampled: tuple[large.SampleViews, list[str | None] | None],
) -> tuple[np.ndarray, np.ndarray] | None:
    """Return labels and centres of the distinct points, or None when no theme fits.

    `sampled` holds the views of the large path and each point's previous theme (or None).
    """
    views, old = sampled
    if k == "auto" and AUTO_CLUSTERING == "graph":
        # Communities of the kNN graph beat k-means with k by silhouette (docs/nlp.md).
        if not _sampled_path(k, len(unique)):

            def split(labels: np.ndarray) -> np.ndarray:  # a catch-all without a label
                return splitting.split_unlabelled(unique, labels, counts, seed, views.labelled)

            return graph.communities(unique, counts, seed, refine=split)
        # Above it: communities of a sample with sentence vectors, the rest placed by
        # a classifier fitted on the sample (beat k-means on real labelled text, docs/nlp.md).
        return large.sample_communities(unique, counts, views, seed, old)
    if k == "auto":
        # The silhouette of the combined views keeps rising with k; on the smoother
        # sentence vectors it peaks near the true number of topics (docs/nlp.md).
        n_themes = clustering.choose_k(basis, counts, seed)
    else:
        n_themes = max(1, min(int(k), len(unique) - 1))
    if n_themes < 1:
        return None
    return clustering.spherical_kmeans(unique, n_themes, counts, seed)


def _sampled_path(k: int | str, distinct: int) -> bool:
    """Whether the themes of this many distinct texts are found on a sample (`large.py`)."""
    return k == "auto" and AUTO_CLUSTERING == "graph" and distinct > graph.GRAPH_LIMIT


def _describe_clusters(
    clusters: list[int],
    labels: np.ndarray,
    rows: np.ndarray,
    keys_and_texts: tuple[list[str], list[str]],
    similarity: np.ndarray,
    lexical: sparse.csr_matrix,
    vectoriser: LexicalVectoriser,
    describers: tuple[PhraseIndex, ThemeModel | None, list[str | None] | None],
) -> tuple[list[dict[str, Any]], list[int]]:
    """Return a draft theme per cluster that has a label (or keeps its previous one)."""
    keys, texts = keys_and_texts
    phrases, previous, owners = describers
    lexical_names = [f"w:{t}" for t in vectoriser.word_idf] + [
        f"c:{t}" for t in vectoriser.char_idf
    ]
    drafts = []
    kept: list[int] = []
    positions = [np.flatnonzero(labels == cluster) for cluster in clusters]
    described = [phrases.describe(rows[local]) for local in positions]
    first_choices = {label.lower() for label, _ in described if label}
    taken: set[str] = set()
    for cluster, local, (label, keywords) in zip(clusters, positions, described, strict=True):
        members = rows[local]
        if label and label.lower() in taken:  # a larger theme's: another theme's phrase never
            label = phrases.describe(members, taken | first_choices)[0] or label  # else "(2)"
        if label is None:  # a persisting theme whose phrase got just too rare keeps its name
            label = identity.previous_label(previous, [keys[i] for i in members])
        if label is None:  # no phrase shared by enough texts: a common word, not a theme
            continue
        taken.add(label.lower())
        kept.append(cluster)
        centre = describe.centroid(lexical, members, lexical_names)
        drafts.append(
            {
                "members": members,
                "label": label,
                "owner": owners[cluster] if owners is not None else None,
                "keywords": keywords,
                "centroid": centre,
                "threshold": describe.assign_threshold(
                    _similarities(lexical, members, centre, lexical_names)
                ),
                "examples": describe.examples(
                    [keys[i] for i in members], similarity[local], [texts[i] for i in members]
                ),
            }
        )
    return drafts, kept


def assign(model: ThemeModel, text_or_enrichment: Any) -> str | None:
    """Return the id of the existing theme a new text belongs to, or None for "Overig"."""
    return place(model, text_or_enrichment)[0]


def place(
    model: ThemeModel, text_or_enrichment: Any, text: str | None = None
) -> tuple[str | None, float | None]:
    """Return the theme a new text belongs to (or None) and how clearly it beat the next one.

    The confidence is the margin of `placement.confidence` on the lexical centroids
    (`scoring.margin`, the same for one text). Given an enrichment, `text` is its text: a
    mostly English or German model reads it in context as it read its input.
    """
    scores = _centroid_scores(model, text_or_enrichment, text)
    if scores is None:
        return None, None
    best = int(np.argmax(scores))
    theme = model.themes[best]
    if scores[best] < theme.threshold:
        return None, None
    return theme.id, round(scoring.margin(scores, best), 3)


def ranked(model: ThemeModel, text_or_enrichment: Any, text: str | None = None) -> list[str]:
    """Return the ids of the themes a text shares words with, nearest first (as `place`
    scores them): the runner-up of an uncertain placement is the second."""
    scores = _centroid_scores(model, text_or_enrichment, text)
    if scores is None:
        return []
    order = np.argsort(-scores, kind="stable")
    return [model.themes[int(column)].id for column in order if scores[column] > 0]


def _centroid_scores(
    model: ThemeModel, text_or_enrichment: Any, text: str | None
) -> np.ndarray | None:
    """Return a text's score against each theme's lexical centroid, or None."""
    if not model.themes:
        return None
    enrichment = text_or_enrichment
    if isinstance(enrichment, str):
        from nlp import pipeline

        text, enrichment = enrichment, pipeline.enrich_one(enrichment)
    return model.scorer().scores(placement_tokens(model, enrichment, text))


def enrich(texts: Sequence[str]) -> list[Any]:
    """Return the Dutch pipeline's enrichment of each text."""
    from nlp import pipeline

    return pipeline.enrich(list(texts))


def _analyse_sentences(sentences: list[str]) -> list[list[str]]:
    """Return the content tokens of sentences, as for whole texts."""
    return [content_tokens(e.lemmas) for e in enrich(sentences)]


def _similarities(lexical, members: np.ndarray, centre: dict[str, float], names: list[str]):
    column = {name: i for i, name in enumerate(names)}
    dense = np.zeros(len(names), dtype=np.float32)
    for term, value in centre.items():
        dense[column[term]] = value
    return lexical[members] @ dense


def _build_model(
    drafts: list[dict[str, Any]],
    keys: list[str],
    rows: np.ndarray,
    placed: tuple[np.ndarray, np.ndarray],
    vectoriser: LexicalVectoriser,
    previous: ThemeModel | None,
    method: str,
) -> ThemeModel:
    """Give the drafts their ids, place every text and build the model."""
    theme_ids, matched, next_index = identity.theme_ids(drafts, keys, previous)
    scores, own = placed
    if previous is not None and matched:
        old_ids = [previous.assignment.get(keys[row]) for row in rows]
        position_of = {theme_ids[p]: p for p in matched}
        own = placement.keep_previous(scores, own, old_ids, position_of)
    certainty = placement.confidence(scores, own)
    assignment: dict[str, str | None] = dict.fromkeys(keys)
    confidence: dict[str, float] = {}
    for number in np.flatnonzero(own >= 0):
        key = keys[rows[number]]
        assignment[key] = theme_ids[own[number]]
        confidence[key] = round(float(certainty[number]), 3)
    sizes = np.bincount(own[own >= 0], minlength=len(drafts))
    taken: set[str] = set()
    themes = tuple(
        Theme(
            id=theme_id,
            label=describe.unique_label(draft["label"], taken),
            keywords=tuple(draft["keywords"]),
            size=int(sizes[position]),
            examples=tuple(e for e in draft["examples"] if assignment.get(e) == theme_id),
            centroid=draft["centroid"],
            threshold=draft["threshold"],
        )
        for position, (theme_id, draft) in enumerate(zip(theme_ids, drafts, strict=True))
        if sizes[position] > 0  # all its texts stayed with their previous themes
    )
    found = {theme.id for theme in themes}
    vanished = tuple(t.id for t in previous.themes if t.id not in found) if previous else ()
    return ThemeModel(
        themes=themes,
        assignment=assignment,
        vectoriser=vectoriser,
        confidence=confidence,
        vanished=vanished,
        next_index=next_index,
        method=method,
    )
