"""Opinion groups and common ground for 5,000 voters x 500 input: time per analysis.

A synthetic vote matrix (three camps, a block of shared statements, Pol.is-like sparsity)
goes through nlp.common_ground: building the matrix from (voter, input, vote) triples, PCA,
k-means for 2-5 groups with the silhouette, and the per-group statistics. The goal is under
5 s; results are recorded in docs/performance.md (## Common ground).

    PYTHONPATH=. .venv/bin/python benchmarks/bench_common_ground.py [--voters 5000]
        [--statements 500] [--density 0.1 | --votes-per-input 3] [--repeat 3]
        [--through-app] [--trace-memory]

--votes-per-input N: instead of a density, every input gets votes from N distinct voters
drawn at random (the scale benchmark's voting: 3 per input from 40,000 residents).
--trace-memory: one more run under tracemalloc, printing the peak of the memory Python and
NumPy allocated during it (the process's peak resident size is printed at the end).

--through-app stores the same votes in a fresh SQLite database (or DATABASE_URL) as residents'
votes on published input and times what the "Wat verbindt ons" page computes on its first
visit: reading the votes, the analysis, the texts and the per-group descriptions.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

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


def votes_per_input(voters: int, statements: int, per_input: int, seed: int = 0):
    """The same camps and stances, but each input voted on by per_input distinct random voters.

    Never builds a voters x statements array (that is what the benchmark is about).
    """
    rng = np.random.default_rng(seed)
    camps = rng.integers(0, 3, size=voters)
    stance = rng.choice([-1.0, 1.0], size=(3, statements))
    stance[:, : statements // 10] = 1.0
    votes = []
    for statement in range(statements):
        for voter in rng.choice(voters, size=per_input, replace=False).tolist():
            noise, own = rng.random(), stance[camps[voter], statement]
            value = own if noise < 0.8 else (0.0 if noise < 0.9 else -own)
            votes.append((voter, statement, float(value)))
    return votes


def through_app(votes: list[tuple[int, int, float]], statements: int, repeat: int) -> None:
    """Time common_ground_view on a fresh database holding the votes (cache emptied each run)."""
    import os
    import tempfile

    from sqlalchemy import insert

    from dialogue import create_app
    from dialogue.accounts.models import Role, User
    from dialogue.config import TestConfig
    from dialogue.contributions.models import Contribution, ContributionStatus
    from dialogue.extensions import db
    from dialogue.votes import analysis
    from dialogue.votes.models import Vote, VoteValue
    from tests.factories import make_consultation

    folder = tempfile.mkdtemp()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite"
    app = create_app(type("Bench", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    values = {1.0: VoteValue.AGREE, -1.0: VoteValue.DISAGREE, 0.0: VoteValue.PASS}
    with app.app_context():
        db.drop_all()
        db.create_all()
        consultation = make_consultation(voting=True)
        voters = sorted({v for v, _s, _x in votes})
        db.session.execute(
            insert(User), [{"display_name": f"v{v}", "role": Role.RESIDENT} for v in voters]
        )
        # Voters who cast no vote are not stored: map each voter to its own user.
        made = db.session.scalars(db.select(User.id).order_by(User.id)).all()
        users = dict(zip(voters, made, strict=True))
        db.session.execute(
            insert(Contribution),
            [
                {
                    "consultation_id": consultation.id,
                    "text": f"Voorstel {n}",
                    "text_fingerprint": f"{n:016x}",
                    "status": ContributionStatus.PUBLISHED,
                }
                for n in range(statements)
            ],
        )
        items = db.session.scalars(db.select(Contribution.id).order_by(Contribution.id)).all()
        db.session.execute(
            insert(Vote),
            [
                {"contribution_id": items[s], "user_id": users[v], "value": values[x]}
                for v, s, x in votes
            ],
        )
        db.session.commit()
        for run in range(repeat):
            analysis._CACHE.clear()
            start = time.perf_counter()
            view = analysis.common_ground_view(consultation)
            print(
                f"through the app, run {run + 1}: {time.perf_counter() - start:.2f} s "
                f"({len(view.groups)} groups shown, {len(view.common_ground)} common ground)",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=5000)
    parser.add_argument("--statements", type=int, default=500)
    parser.add_argument("--density", type=float, default=0.1)
    parser.add_argument("--votes-per-input", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--through-app", action="store_true")
    parser.add_argument("--trace-memory", action="store_true")
    args = parser.parse_args()
    if args.votes_per_input:
        votes = votes_per_input(args.voters, args.statements, args.votes_per_input)
    else:
        votes = synthetic_votes(args.voters, args.statements, args.density)
    print(f"{args.voters} voters x {args.statements} input, {len(votes)} votes", flush=True)
    if args.through_app:
        through_app(votes, args.statements, args.repeat)
    else:
        in_process(votes, args.repeat)
    if args.trace_memory:
        traced(votes, args.statements, args.through_app)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident size of the process: {peak:.0f} MB")


def traced(votes: list[tuple[int, int, float]], statements: int, app: bool) -> None:
    """One more run under tracemalloc: the peak memory allocated while it ran."""
    tracemalloc.start()
    start = time.perf_counter()
    if app:
        through_app(votes, statements, 1)
    else:
        analyse(build_matrix(votes))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"under tracemalloc: {time.perf_counter() - start:.2f} s, "
        f"peak traced memory {peak / 2**20:.0f} MB"
    )


def in_process(votes: list[tuple[int, int, float]], repeat: int) -> None:
    """Build the matrix and analyse it, repeat times."""
    for run in range(repeat):
        start = time.perf_counter()
        matrix = build_matrix(votes)
        built = time.perf_counter()
        result = analyse(matrix)
        done = time.perf_counter()
        print(
            f"run {run + 1}: matrix {built - start:.2f} s, analysis {done - built:.2f} s, "
            f"total {done - start:.2f} s; {result.groups.count} groups, "
            f"{len(result.common_ground)} common ground, {len(result.divisive)} divisive",
            flush=True,
        )


if __name__ == "__main__":
    main()
