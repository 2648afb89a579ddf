"""Measure the moderation queue: page time with a long queue, and bulk decisions.

    python benchmarks/bench_moderation.py --waiting 2000 --repeat 5

Builds a fresh SQLite file (or uses the PostgreSQL database in DATABASE_URL, whose tables are
dropped and recreated) with N waiting demo contributions (a tenth held for personal data, a
tenth reported), then times through the Flask test client, in one process:
  - GET /werkplek/moderatie (first page of 100, all filters off) and with a reason filter;
  - clearing the whole queue with bulk "approve" on pages of 100, like a moderator does.
Prints one JSON line; times are wall-clock milliseconds (median over --repeat for the pages).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dialogue import create_app  # noqa: E402
from dialogue.accounts.models import Role  # noqa: E402
from dialogue.config import TestConfig  # noqa: E402
from dialogue.contributions.fingerprint import text_fingerprint  # noqa: E402
from dialogue.contributions.models import ContributionStatus, Report  # noqa: E402
from dialogue.extensions import db  # noqa: E402
from tests.conftest import login  # noqa: E402
from tests.factories import make_consultation, make_municipality, make_user  # noqa: E402


def demo_texts() -> list[str]:
    lines = resources.files("dialogue.demo").joinpath("corpus_nl.jsonl").read_text("utf-8")
    return [json.loads(line)["text"] for line in lines.splitlines() if line.strip()]


def build(instance: Path, waiting: int):
    settings = {"INSTANCE_PATH": str(instance), "ARGON2_FAST": True, "RATELIMIT_ENABLED": False}
    if not os.environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'bench.sqlite'}"
    app = create_app(type("BenchConfig", (TestConfig,), settings))
    texts = demo_texts()
    with app.app_context():
        db.drop_all()
        db.create_all()
        municipality = make_municipality(name="Benchmark")
        moderator = make_user(Role.MODERATOR, municipality=municipality)
        consultation = make_consultation(municipality=municipality)
        rows = []
        for n in range(waiting):
            kind = n % 10
            rows.append(
                {
                    "consultation_id": consultation.id,
                    "text": texts[n % len(texts)][:2000],
                    "text_fingerprint": text_fingerprint(texts[n % len(texts)][:2000]),
                    "status": ContributionStatus.PUBLISHED
                    if kind == 1
                    else ContributionStatus.PENDING,
                    "hold_reason": {0: "pii", 1: None}.get(kind, "pre_moderation"),
                }
            )
        from dialogue.contributions.models import Contribution

        db.session.execute(db.insert(Contribution), rows)
        reported = db.session.scalars(
            db.select(Contribution.id).where(Contribution.status == ContributionStatus.PUBLISHED)
        ).all()
        db.session.execute(
            db.insert(Report), [{"contribution_id": cid, "reason": "kwetsend"} for cid in reported]
        )
        db.session.commit()
        moderator_id = moderator.id
    return app, moderator_id


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--waiting", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app, moderator_id = build(Path(folder), args.waiting)
        with app.app_context():
            from dialogue.accounts.models import User

            client = login(app.test_client(), db.session.get(User, moderator_id))
            client.get("/werkplek/moderatie")  # warm up templates and caches
            page_ms = [
                timed(lambda: client.get("/werkplek/moderatie"))[0] for _ in range(args.repeat)
            ]
            filtered_ms = [
                timed(lambda: client.get("/werkplek/moderatie?reason=pii"))[0]
                for _ in range(args.repeat)
            ]
            bulk_ms, pages = [], 0
            start = time.perf_counter()
            while True:
                body = client.get("/werkplek/moderatie").get_data(as_text=True)
                pages += 1
                ids = re.findall(r'name="ids" value="(\d+)"', body)
                if not ids:
                    break
                seen = dict(re.findall(r'name="seen-(\d+)" value="(\w+)"', body))
                token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
                data = {"csrf_token": token, "action": "approve", "ids": ids}
                data.update({f"seen-{i}": seen[i] for i in ids})
                elapsed, response = timed(
                    lambda data=data: client.post("/werkplek/moderatie/besluit", data=data)
                )
                assert response.status_code == 302
                bulk_ms.append(elapsed)
            total_s = time.perf_counter() - start
    print(
        json.dumps(
            {
                "benchmark": "moderation_queue",
                "database": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite",
                "waiting": args.waiting,
                "queue_page_ms_median": round(statistics.median(page_ms), 1),
                "queue_page_reason_filter_ms_median": round(statistics.median(filtered_ms), 1),
                "bulk_approve_100_ms_median": round(statistics.median(bulk_ms), 1),
                "bulk_approve_100_ms_max": round(max(bulk_ms), 1),
                "clear_all_seconds": round(total_s, 1),
                "pages_loaded": pages,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
            }
        )
    )


if __name__ == "__main__":
    main()
