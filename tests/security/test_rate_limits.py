"""Rate limits hold across gunicorn workers: 3 workers share their counters in Redis."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.browser.server import build_app

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
WORKERS = 3
LIMIT = 5
ATTEMPTS = 4 * LIMIT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2):  # noqa: S310 - local
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not come up")


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[str]:
    """Run the app under gunicorn with 3 workers and Redis rate-limit storage."""
    try:
        store = redis.Redis.from_url(REDIS_URL)
        store.flushdb()
    except redis.RedisError as error:
        # Redis runs on every machine this suite runs on (and in CI): a missing server is a
        # failure to fix, not a reason to pass silently.
        pytest.fail(f"Redis at {REDIS_URL} is not available ({error}); start redis-server")
    database = f"sqlite:///{tmp_path / 'limits.sqlite'}"
    build_app(database, tmp_path)  # creates the schema
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "rate-limit-test-secret",
        "KERNPUNT_INSTANCE_PATH": str(tmp_path),
        "KERNPUNT_RATELIMIT_ENABLED": "true",
        "KERNPUNT_AUTH_RATE_LIMIT": f"{LIMIT} per 10 minutes",
        "KERNPUNT_WTF_CSRF_ENABLED": "false",
    }
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn_bin),
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "wsgi:app",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stderr.close()
        store.flushdb()
        store.close()


def post(url: str, data: dict) -> int:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - local
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.slow
def test_login_limit_is_shared_by_all_workers(gunicorn: str) -> None:
    statuses = [
        post(
            gunicorn + "/account/inloggen",
            {"email": f"poging{n}@example.org", "password": "fout-fout-fout"},
        )
        for n in range(ATTEMPTS)
    ]
    # Each worker counting alone would let up to WORKERS * LIMIT attempts through.
    assert statuses[:LIMIT] == [200] * LIMIT, statuses
    assert statuses[LIMIT:] == [429] * (ATTEMPTS - LIMIT), statuses
