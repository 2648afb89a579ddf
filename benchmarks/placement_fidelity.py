"""Where the large path loses against a sample alone: its sample's partition or its placement.

    .venv/bin/python benchmarks/placement_fidelity.py LABELLED.jsonl [--seeds 0,1,2]

LABELLED.jsonl has `id`, `text` and `category` per line (benchmarks/build_labelled_corpus.py).
For each seed `discover` runs on the whole corpus (above `graph.GRAPH_LIMIT` distinct texts:
the sampled path of `nlp/themes/large.py`) and the script prints:

- the split: ARI / NMI of the whole's themes on its own sample's texts, of `discover` run
  on exactly those texts as a small input, and of the whole's themes on the other texts
  ("Overig" counts as one cluster);
- for the first seed, placement's fidelity: 5-fold cross-validation on the whole's sample of
  how often a method fitted on four fifths of it gives a held-out sampled text the community
  the graph gave it (the product's two classifiers, and the alternatives measured beside
  them in docs/nlp.md, *Where the WordNet gap sits*).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.model_selection import KFold
from sklearn.preprocessing import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import enrich  # noqa: E402
from nlp.themes import clustering, discover, large, ridge  # noqa: E402

#: Neighbours that vote in the nearest-sampled-texts placement.
NEIGHBOURS = 10


def figures(truth: list[str], predicted: list[str]) -> str:
    """Return ARI / NMI."""
    ari = adjusted_rand_score(truth, predicted)
    return f"{ari:.3f} / {normalized_mutual_info_score(truth, predicted):.3f}"


def neighbour_votes(known: np.ndarray, labels: np.ndarray, rows: np.ndarray, classes: np.ndarray):
    """Return per row the similarity-weighted votes of its nearest known rows per class."""
    similarity = rows @ known.T
    nearest = np.argpartition(-similarity, NEIGHBOURS, axis=1)[:, :NEIGHBOURS]
    column = np.searchsorted(classes, labels[nearest])
    votes = np.zeros((len(rows), len(classes)))
    np.add.at(votes, (np.arange(len(rows))[:, None], column), np.maximum(0, similarity[
        np.arange(len(rows))[:, None], nearest]))  # fmt: skip
    return votes


def fidelity(captured: dict[str, Any], seed: int) -> dict[str, float]:
    """Return each placement method's share of held-out sampled texts put in their community."""
    features, views = captured["features"], captured["views"]
    chosen, community = captured["sample"]
    weights = captured["weights"][chosen]
    views_rows = {
        "tfidf": features[chosen],
        "meaning": views.word_meaning().rows(chosen),
        "sentences": views.sentences(chosen),
        "graph rows": views(chosen),
    }
    lexical = normalize(
        np.hstack([clustering.reduce(views.words[chosen], seed), clustering.reduce(views.chars[chosen], seed)])
    )  # fmt: skip
    views_rows["lsa + meaning"] = normalize(np.hstack([0.35 * lexical, views_rows["meaning"]]))

    def fitted(name: str) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
        matrix = views_rows[name]

        def scores(train: np.ndarray, test: np.ndarray) -> np.ndarray:
            known = community[train], weights[train]
            return ridge.decision_values(matrix[train], *known, matrix[test])[1]

        return scores

    def nearest(name: str) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
        matrix = views_rows[name]

        def scores(train: np.ndarray, test: np.ndarray) -> np.ndarray:
            classes = np.unique(community[train])
            return neighbour_votes(matrix[train], community[train], matrix[test], classes)

        return scores

    def mean_of(*parts: Callable) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
        return lambda train, test: sum(part(train, test) for part in parts) / len(parts)

    methods = {
        "ridge on TF-IDF alone": fitted("tfidf"),
        "ridge on TF-IDF + ridge on word meaning (the product, most texts)": mean_of(
            fitted("tfidf"), fitted("meaning")
        ),
        "ridge on TF-IDF + ridge on sentence vectors (the product, least clear)": mean_of(
            fitted("tfidf"), fitted("sentences")
        ),
        "ridge on the graph's own rows": fitted("graph rows"),
        f"{NEIGHBOURS} nearest sampled texts on the graph's rows": nearest("graph rows"),
        f"{NEIGHBOURS} nearest sampled texts on LSA + word meaning": nearest("lsa + meaning"),
    }
    shares: dict[str, list[float]] = {name: [] for name in methods}
    for train, test in KFold(5, shuffle=True, random_state=0).split(chosen):
        classes = np.unique(community[train])
        for name, method in methods.items():
            predicted = classes[np.argmax(method(train, test), axis=1)]
            shares[name].append(float(np.mean(predicted == community[test])))
    return {name: float(np.mean(values)) for name, values in shares.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--seeds", default="0,1,2")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.path.read_text("utf-8").splitlines() if line]
    ids = [str(row["id"]) for row in rows]
    texts = [row["text"] for row in rows]
    category = {key: row["category"] for key, row in zip(ids, rows, strict=True)}
    enrichments = enrich(texts)
    first_of = {}
    for number, text in enumerate(texts):
        first_of.setdefault(text, number)

    captured: dict[str, Any] = {}
    choose, place = large.choose_sample, large.place_rest

    def choose_and_keep(candidates, size, seed):
        chosen = choose(candidates, size, seed)
        captured["sampled"] = [candidates[i] for i in chosen]
        return chosen

    def place_and_keep(features, views, sample, weights, rest):
        captured.update(features=features, views=views, sample=sample, weights=weights)
        return place(features, views, sample, weights, rest)

    large.choose_sample, large.place_rest = choose_and_keep, place_and_keep
    print(
        "| whole seed | whole on its own sample | small path on the same texts | whole on the rest |"
    )
    print("|---|---|---|---|")
    for seed in [int(s) for s in args.seeds.split(",")]:
        model = discover(texts, ids=ids, enrichments=enrichments, seed=seed)
        whole = {key: theme or "Overig" for key, theme in model.assignment.items()}
        # the sample holds texts without boilerplate: where none was found, the texts as given
        sampled = sorted({first_of[t] for t in captured["sampled"] if t in first_of})
        keys = [ids[i] for i in sampled]
        small = discover(
            [texts[i] for i in sampled], ids=keys, enrichments=[enrichments[i] for i in sampled],
            seed=seed,
        )  # fmt: skip
        alone = {key: theme or "Overig" for key, theme in small.assignment.items()}
        truth = [category[key] for key in keys]
        inside = set(keys)
        rest = [key for key in ids if key not in inside]
        print(f"| {seed} | {figures(truth, [whole[k] for k in keys])} "
              f"| {figures(truth, [alone[k] for k in keys])} "
              f"| {figures([category[k] for k in rest], [whole[k] for k in rest])} |", flush=True)  # fmt: skip
        if seed == int(args.seeds.split(",")[0]):
            shares = fidelity(captured, seed)
    print(f"\nplacement's fidelity on the sample of whole seed {args.seeds.split(',')[0]}:")
    for name, share in shares.items():
        print(f"- {name}: {share:.3f}")


if __name__ == "__main__":
    main()
