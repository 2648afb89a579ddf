"""Measure the reset request for a known and an unknown address with a slow SMTP server.

Without Redis, a request hands its e-mail to a background thread (dialogue/mail/background.py)
instead of talking to the mail server, so both cases should take about as long. Runs the real
view through the Flask test client, MAIL_TRANSPORT "smtp" to tests/smtp_sink.py with a delay
per message, on a temporary SQLite database. Writes docs/reset_timing_smtp.md.

    PYTHONPATH=. .venv/bin/python benchmarks/reset_timing_smtp.py [ROUNDS] [SMTP_DELAY_S]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dialogue import create_app
from dialogue.accounts.services import create_user
from dialogue.config import TestConfig
from dialogue.extensions import db
from dialogue.mail.background import background
from tests.smtp_sink import SmtpSink

ROOT = Path(__file__).resolve().parent.parent
URL = "/account/wachtwoord-vergeten"


def build_app(sink: SmtpSink):
    folder = tempfile.mkdtemp(prefix="kp-reset-timing-")
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/timing.sqlite",
        "INSTANCE_PATH": folder,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_TRANSPORT": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": sink.port,
        "MAIL_SUPPRESS_SEND": False,
    }
    app = create_app(type("TimingConfig", (TestConfig,), settings))
    with app.app_context():
        db.create_all()
        create_user("bestaat@example.org", "correct horse battery staple", confirmed=True)
        db.session.commit()
    return app


def measure(app, rounds: int) -> dict[str, list[float]]:
    client = app.test_client()
    times: dict[str, list[float]] = {"known address": [], "unknown address": []}
    addresses = {"known address": "bestaat@example.org", "unknown address": "niemand@example.org"}
    with app.app_context():
        for _ in range(rounds):
            for label, address in addresses.items():
                start = time.perf_counter()
                client.post(URL, data={"email": address}).close()
                times[label].append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else 0.3
    sink = SmtpSink(delay=delay).start()
    try:
        app = build_app(sink)
        times = measure(app, rounds)
        started = time.perf_counter()
        background.wait(timeout=rounds * delay + 60)
        drained = time.perf_counter() - started
    finally:
        sink.stop()
    lines = [
        "# Reset request timing with a slow mail server (no Redis)",
        "",
        f"Command: `PYTHONPATH=. .venv/bin/python benchmarks/reset_timing_smtp.py {rounds} {delay}`",
        f"— {rounds} interleaved requests per case through the Flask test client, SMTP transport to",
        f"tests/smtp_sink.py taking {delay} s per message, SQLite, on the shared 2-core machine",
        f"(load average {os.getloadavg()[0]:.1f} at the end of the run).",
        "",
        "| case | median ms | p90 ms | max ms |",
        "|---|---:|---:|---:|",
    ]
    for label, values in times.items():
        p90 = statistics.quantiles(values, n=10)[8]
        lines.append(
            f"| {label} | {statistics.median(values):.1f} | {p90:.1f} | {max(values):.1f} |"
        )
    lines += [
        "",
        f"The background thread needed another {drained:.1f} s after the last request to hand",
        f"the {len(sink.received)} messages to the slow server; no request waited for it.",
        "",
    ]
    (ROOT / "docs" / "reset_timing_smtp.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
