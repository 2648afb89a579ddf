"""Opinion groups and common ground for 5,000 voters x 500 input: time per analysis.

A synthetic vote matrix (three camps, a block of shared statements, Pol.is-like sparsity)
goes through nlp.common_ground: building the matrix from (voter, input, vote) triples, PCA,
k-means for 2-5 groups with the silhouette, and the per-group statistics. The goal is under
5 s; results are recorded in docs/performance.md (## Common ground).

    PYTHONPATH=. .venv/bin/python benchmarks/bench_common_ground.py [--voters 5000]
        [--statements 500] [--density 0.1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from nlp.common_ground import analyse, build_matrix


def synthetic_votes(voters: int, statements: int, density: float, seed: int = 0):
    """Three camps; the first tenth of the statements is shared, the rest splits the camps."""
    rng = np.random.default_rng(seed)
    camps = rng.integers(0, 3, size=voters)
    stance = rng.choice([-1.0, 1.0], size=(3, statements))
    stance[:, : statements // 10] = 1.0
    voted = rng.random((voters, statements)) < density
    noise = rng.random((voters, statements))
    values = np.where(noise < 0.8, stance[camps], np.where(noise < 0.9, 0.0, -stance[camps]))
    rows, columns = np.nonzero(voted)
    return [(int(r), int(c), float(values[r, c])) for r, c in zip(rows, columns, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=5000)
    parser.add_argument("--statements", type=int, default=500)
    parser.add_argument("--density", type=float, default=0.1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    votes = synthetic_votes(args.voters, args.statements, args.density)
    print(f"{args.voters} voters x {args.statements} input, {len(votes)} votes")
    for run in range(args.repeat):
        start = time.perf_counter()
        matrix = build_matrix(votes)
        built = time.perf_counter()
        result = analyse(matrix)
        done = time.perf_counter()
        print(
            f"run {run + 1}: matrix {built - start:.2f} s, analysis {done - built:.2f} s, "
            f"total {done - start:.2f} s; {result.groups.count} groups, "
            f"{len(result.common_ground)} common ground, {len(result.divisive)} divisive"
        )


if __name__ == "__main__":
    main()
