"""Measure whether the account forms reveal, by timing, which e-mail addresses exist.

Runs the real views with the production argon2 parameters (ARGON2_FAST off) on a temporary
SQLite database and interleaves the two cases of each pair. Writes docs/auth_timing.md.

    .venv/bin/python benchmarks/auth_timing.py [ROUNDS]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dialogue import create_app
from dialogue.accounts.services import create_user
from dialogue.config import TestConfig
from dialogue.extensions import db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"  # noqa: S105 - a benchmark account


def build_app():
    folder = tempfile.mkdtemp(prefix="kp-auth-timing-")
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/timing.sqlite",
        "INSTANCE_PATH": folder,
        "ARGON2_FAST": False,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }
    app = create_app(type("TimingConfig", (TestConfig,), settings))
    with app.app_context():
        db.create_all()
        create_user("bestaat@example.org", PASSWORD, display_name="Bestaat", confirmed=True)
        db.session.commit()
    return app


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def measure(app, rounds: int) -> list[tuple[str, str, list[float], str, list[float]]]:
    client = app.test_client()
    counter = iter(range(10**6))

    def post(url: str, data: dict[str, str]) -> Callable[[], object]:
        return lambda: client.post(url, data=data).close()

    def register_new() -> None:
        email = f"nieuw{next(counter)}@example.org"
        registration = {"display_name": "N", "email": email, "password": PASSWORD}
        client.post(
            "/account/registreren",
            data=registration | {"password_repeat": PASSWORD, "consent": "y"},
        ).close()

    register_known = post(
        "/account/registreren",
        {
            "display_name": "N",
            "email": "bestaat@example.org",
            "password": PASSWORD,
            "password_repeat": PASSWORD,
            "consent": "y",
        },
    )
    pairs = [
        (
            "log in",
            "wrong password, known address",
            post("/account/inloggen", {"email": "bestaat@example.org", "password": "fout fout"}),
            "unknown address",
            post("/account/inloggen", {"email": "niemand@example.org", "password": "fout fout"}),
        ),
        ("register", "new address", register_new, "known address", register_known),
        (
            "reset request",
            "known address",
            post("/account/wachtwoord-vergeten", {"email": "bestaat@example.org"}),
            "unknown address",
            post("/account/wachtwoord-vergeten", {"email": "niemand@example.org"}),
        ),
    ]
    results = []
    with app.app_context():
        for name, label_a, action_a, label_b, action_b in pairs:
            action_a(), action_b()  # warm up
            times_a, times_b = [], []
            for _ in range(rounds):
                times_a.append(timed(action_a))
                times_b.append(timed(action_b))
            results.append((name, label_a, times_a, label_b, times_b))
    return results


def quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=10)[int(q * 10) - 1] if len(values) > 1 else values[0]


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    results = measure(build_app(), rounds)
    lines = [
        "# Account forms: timing of known and unknown e-mail addresses",
        "",
        f"Command: `.venv/bin/python benchmarks/auth_timing.py {rounds}` — {rounds} interleaved",
        "requests per case through the Flask test client, production argon2id parameters",
        "(argon2-cffi defaults: m=65536 KiB, t=3, p=4), SQLite, on the 2-core build machine",
        f"(load average {os.getloadavg()[0]:.1f} at the end of the run: other jobs shared the CPU,",
        "so absolute times are high; compare the two cases of each form).",
        "",
        "| form | case | median ms | p90 ms |",
        "|---|---|---:|---:|",
    ]
    for name, label_a, times_a, label_b, times_b in results:
        for label, times in ((label_a, times_a), (label_b, times_b)):
            median, p90 = statistics.median(times), quantile(times, 0.9)
            lines.append(f"| {name} | {label} | {median:.1f} | {p90:.1f} |")
    lines += [
        "",
        "Log in and register do one argon2 computation in both cases, so their times overlap.",
        "The reset request does no hashing in either case; the known address also renders",
        "and stores an e-mail, which is the remaining difference.",
        "",
    ]
    out = ROOT / "docs" / "auth_timing.md"
    out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
