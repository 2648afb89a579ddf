"""CPU time per API post of two checkouts, measured in turns, so both see the same machine.

    python benchmarks/scale.py --load-only --keep --database kp_scale_dev   # once
    git archive <commit> | tar -x -C /tmp/before                             # the other code
    python benchmarks/bench_post_pairs.py --database kp_scale_dev --before /tmp/before

Each checkout runs in a process of its own (``bench_hot_paths.py``'s posts through the Flask
test client into the largest consultation, the JSON request log written to /dev/null as a
server would write it); after a warm-up the two take turns, block by block (the order
alternates), each block timing the process's CPU time over ``--posts`` posts. On a machine
shared with other work a single run's CPU time per post moves by a third; turns of a few
seconds put both checkouts under the same load, and the per-block differences show which is
cheaper. Posting adds rows to the database.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _serve_blocks(root: Path, database: str) -> None:
    """Child: post into the database with root's code; time one block per line on stdin."""
    sys.path[:0] = [str(root), str(root / "benchmarks")]
    import bench_hot_paths

    bench_hot_paths._environment(database)
    from dialogue import create_app
    from dialogue.extensions import db

    app = create_app()
    for handler in logging.getLogger("dialogue").handlers:
        if getattr(handler, "kernpunt", False):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - lives with the process
    post = bench_hot_paths._request("api", app, db)
    for _ in range(100):  # warm up: the NLP pipeline, the theme model, prepared statements
        post()
    print("ready", flush=True)
    for line in sys.stdin:
        count = int(line)
        started = time.process_time()
        for _ in range(count):
            post()
        print((time.process_time() - started) * 1000 / count, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="kp_scale_dev")
    parser.add_argument("--before", type=Path, required=True, help="checkout of the other code")
    parser.add_argument("--blocks", type=int, default=30)
    parser.add_argument("--posts", type=int, default=100, help="posts per block")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()
    if args.serve:
        _serve_blocks(args.serve, args.database)
        return
    roots = {"before": args.before.resolve(), "this": ROOT}
    children = {
        name: subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--serve",
                str(root),
                "--database",
                args.database,
                "--before",
                str(args.before),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for name, root in roots.items()
    }
    for child in children.values():
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    start, load_before = time.strftime("%H:%M:%S", time.gmtime()), os.getloadavg()[0]
    blocks: dict[str, list[float]] = {name: [] for name in children}
    for number in range(args.blocks):
        for name in list(children)[:: 1 if number % 2 == 0 else -1]:
            child = children[name]
            assert child.stdin is not None and child.stdout is not None
            child.stdin.write(f"{args.posts}\n")
            child.stdin.flush()
            blocks[name].append(float(child.stdout.readline()))
    for child in children.values():
        assert child.stdin is not None
        child.stdin.close()
        child.wait()
    end, load_after = time.strftime("%H:%M:%S", time.gmtime()), os.getloadavg()[0]
    print(f"{start}-{end} UTC, load {load_before:.2f} -> {load_after:.2f}; "
          f"{args.blocks} blocks of {args.posts} posts each; CPU ms per post")  # fmt: skip
    for name, values in blocks.items():
        print(f"{name}: median {statistics.median(values):.3f}, mean {statistics.mean(values):.3f}")
    differences = [b - a for a, b in zip(blocks["before"], blocks["this"], strict=True)]
    cheaper = sum(difference < 0 for difference in differences)
    print(f"this - before, per block: median {statistics.median(differences):+.3f} ms; "
          f"this code cheaper in {cheaper} of {len(differences)} blocks")  # fmt: skip


if __name__ == "__main__":
    main()
