"""The deployment files run only commands this suite runs, and those commands work.

Containers cannot run here, so the Dockerfile, compose.yaml and the systemd units are
checked for what they start, and each of those commands is started below: gunicorn through
scripts/serve.sh (probed on /healthz, /readyz and /metrics), `flask db upgrade`,
`flask worker --burst`, and the PostgreSQL restore script. `flask scheduler --once` is
started in test_scheduler.py.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, make_url, text

from tests.conftest import ON_POSTGRES
from tests.ops.test_health import REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
#: The commands the deployment files may start, each exercised by a test.
TESTED_COMMANDS = {
    "scripts/serve.sh",
    "flask db upgrade",
    "flask worker",
    "flask scheduler",
    "flask db backup",
    "scripts/probe.py",
}


def _command_name(words: list[str]) -> str:
    words = [Path(word).name if word.endswith(("/flask", "/python")) else word for word in words]
    words = [word for word in words if word not in ("python", "--quiet")]
    for known in TESTED_COMMANDS:
        if " ".join(words).replace("/srv/kernpunt/", "").startswith(known):
            return known
    return " ".join(words)


def deployment_commands() -> dict[str, str]:
    """Every command the Dockerfile, compose.yaml and the systemd units start."""
    found: dict[str, str] = {}
    dockerfile = (ROOT / "Dockerfile").read_text()
    for instruction in re.findall(r"^(?:CMD|\s+CMD) (\[.*\])$", dockerfile, re.MULTILINE):
        found[f"Dockerfile {instruction}"] = _command_name(yaml.safe_load(instruction))
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    for name, service in compose["services"].items():
        if service.get("build") and service.get("command"):
            found[f"compose {name}"] = _command_name(service["command"])
    for unit in sorted((ROOT / "deploy" / "systemd").glob("*.service")):
        for line in unit.read_text().splitlines():
            if line.startswith(("ExecStart=", "ExecStartPre=")):
                command = line.split("=", 1)[1]
                if command.startswith("/bin/sh -c"):
                    command = shlex.split(command)[2]
                found[f"{unit.name} {line.split('=')[0]}"] = _command_name(
                    shlex.split(command.split(";")[0].replace("for i in $(seq 60); do ", ""))
                )
    return found


def test_deployment_files_start_only_tested_commands():
    commands = deployment_commands()
    assert len(commands) >= 10, commands
    untested = {
        where: command for where, command in commands.items() if command not in TESTED_COMMANDS
    }
    assert untested == {}
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert {"web1", "web2", "worker", "scheduler", "db", "redis", "proxy"} <= set(
        compose["services"]
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def probe(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/probe.py", "--timeout", "10", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def production_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "PYTHONPATH": str(ROOT),
        "PYTHON": sys.executable,
        "KERNPUNT_ENV": "production",
        "SECRET_KEY": "deployment-test-secret-key-0123456789",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "KERNPUNT_INSTANCE_PATH": str(tmp_path),
        "KERNPUNT_METRICS_TOKEN": "deploy-test-token",
        "KERNPUNT_LOG_FORMAT": "json",
        "KERNPUNT_BASE_URL": "https://inspraak.dijkzicht.example",
        "KERNPUNT_PRIVACY_CONTACT": "privacy@dijkzicht.example",
    }


def flask(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.slow
def test_gunicorn_from_serve_script_answers_probes_and_metrics(tmp_path):
    env = production_env(tmp_path, f"sqlite:///{tmp_path / 'kernpunt.sqlite'}")
    port = free_port()
    env |= {"KERNPUNT_BIND": f"127.0.0.1:{port}", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "m")}
    upgraded = flask(env, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        ["scripts/serve.sh"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while probe(f"{base}/healthz").returncode != 0:
            assert server.poll() is None, server.communicate()[1].decode()[-2000:]
            assert time.monotonic() < deadline, "gunicorn did not answer /healthz in 120 s"
            time.sleep(0.5)
        ready = probe(f"{base}/readyz")
        assert ready.returncode == 0, ready.stderr
        assert '"migrations":"ok"' in ready.stdout.replace(" ", "")
        for _ in range(6):
            probe(f"{base}/healthz")
        request = urllib.request.Request(  # noqa: S310 - a local http URL
            f"{base}/metrics", headers={"Authorization": "Bearer deploy-test-token"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local
            metrics = response.read().decode()
        # Both gunicorn workers write to the multiprocess folder; /metrics adds them up.
        healthz = re.search(
            r'kernpunt_http_requests_total\{endpoint="ops.healthz",method="GET",status="200"\} (\S+)',
            metrics,
        )
        assert healthz and float(healthz.group(1)) >= 7
    finally:
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=60)
    assert server.returncode == 0, stderr.decode()[-2000:]
    request_lines = [
        line for line in stderr.decode().splitlines() if '"message": "request"' in line
    ]
    assert any('"route": "/readyz"' in line for line in request_lines)


def test_worker_command_runs_and_stops_in_burst_mode(tmp_path):
    env = production_env(tmp_path, f"sqlite:///{tmp_path / 'kernpunt.sqlite'}")
    env["REDIS_URL"] = REDIS_URL
    worked = flask(env, "worker", "--burst")
    assert worked.returncode == 0, worked.stderr


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL")
def test_postgres_backup_restores_with_the_restore_script(tmp_path):
    url = make_url(os.environ["DATABASE_URL"])
    source, target = (f"{url.database}_{kind}_{os.getpid()}" for kind in ("source", "restored"))
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in (source, target):
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    source_url = url.set(database=source).render_as_string(hide_password=False)
    target_url = url.set(database=target).render_as_string(hide_password=False)
    dump = tmp_path / "kernpunt.dump"
    try:
        env = production_env(tmp_path, source_url)
        for arguments in (
            ("db", "upgrade"),
            ("municipalities", "create", "Hersteldorp", "--kern", "Oosteinde"),
            ("db", "backup", str(dump)),
        ):
            done = flask(env, *arguments)
            assert done.returncode == 0, (arguments, done.stderr)
        restore = ["scripts/restore_postgres.sh", str(dump)]
        restored = subprocess.run(
            restore,
            cwd=ROOT,
            env=env | {"DATABASE_URL": target_url},
            capture_output=True,
            text=True,
        )
        assert restored.returncode == 0, restored.stderr
        again = subprocess.run(
            restore,
            cwd=ROOT,
            env=env | {"DATABASE_URL": target_url},
            capture_output=True,
            text=True,
        )
        assert again.returncode == 1 and "refusing" in again.stderr  # never over live data
        engine = create_engine(target_url)
        with engine.connect() as connection:
            names = connection.execute(text("SELECT name FROM municipality")).scalars().all()
            kernen = connection.execute(text("SELECT name FROM kern")).scalars().all()
        engine.dispose()
        assert names == ["Hersteldorp"] and kernen == ["Oosteinde"]
        checked = flask(env | {"DATABASE_URL": target_url}, "db", "check")
        assert checked.returncode == 0, checked.stderr  # the restored schema is at head
    finally:
        with admin.connect() as connection:
            for name in (source, target):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
@pytest.mark.parametrize("site", ["kernpunt.conf", "compose.conf"])
def test_nginx_examples_pass_nginx_t(tmp_path, site):
    """`nginx -t` on the examples, with a self-signed certificate and local upstreams."""
    key, certificate = tmp_path / "key.pem", tmp_path / "cert.pem"
    openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    subprocess.run(
        [
            *openssl,
            "-keyout",
            str(key),
            "-out",
            str(certificate),
            "-subj",
            "/CN=kernpunt.example.nl",
        ],
        check=True,
        capture_output=True,
    )
    config = (ROOT / "deploy" / "nginx" / site).read_text()
    live = "/etc/letsencrypt/live/kernpunt.example.nl"
    config = config.replace(f"{live}/fullchain.pem", str(certificate))
    config = config.replace(f"{live}/privkey.pem", str(key))
    config = config.replace("/var/log/nginx/", f"{tmp_path}/")
    config = config.replace("web1:8000", "127.0.0.1:8001").replace("web2:8000", "127.0.0.1:8002")
    (tmp_path / "site.conf").write_text(config)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    checked = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
