"""The public pages against their floor, with wrk, in one run (issue 16).

Kernpunt (the demo municipality, about 2,000 published contributions) and the page floor
(``page_floor_app.py``: one indexed read of 20 published texts and one template render, on
the same database with the same engine settings) run under the same gunicorn (2 sync
workers). wrk (2 threads, 32 connections, loopback, bounded in time) drives each page in
turn, logged out and logged in as a resident (a real login through the form; wrk sends its
session cookie). Each page is measured right after a floor run, and its ratio is to that.

Run (SQLite):      .venv/bin/python benchmarks/public_pages.py
Run (PostgreSQL):  .venv/bin/python benchmarks/public_pages.py \
                       --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test_surge
Needs wrk (Debian package wrk). The PostgreSQL database is emptied: give it its own.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from harness import Instance, Server, machine
from wrk_method import run_wrk

BENCHMARKS = Path(__file__).resolve().parent
RESIDENT_EMAIL = "bench-reader@example.org"
ANALYST_EMAIL = "bench-analyst@example.org"
PASSWORD = "lees-mee-op-de-pagina-2026"  # noqa: S105 - throwaway benchmark accounts
PAGES = {
    "consultation": "/dijkzicht/samen-verder",
    "municipality": "/dijkzicht",
    "home": "/",
    "themes": "/dijkzicht/samen-verder/themas",
}


def prepare(instance: Instance) -> dict[str, Any]:
    """Create the reading resident and an analyst; return the consultation and a theme."""
    output = instance.run_python(
        "import pyotp\n"
        "from sqlalchemy import select\n"
        "from dialogue import create_app\n"
        "from dialogue.accounts.models import Role\n"
        "from dialogue.accounts.services import create_user\n"
        "from dialogue.consultations.models import Consultation\n"
        "from dialogue.extensions import db\n"
        "from dialogue.themes.models import Theme\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        f"    create_user({RESIDENT_EMAIL!r}, {PASSWORD!r}, confirmed=True)\n"
        "    consultation = db.session.scalar(select(Consultation).filter_by(slug='samen-verder'))\n"
        f"    analyst = create_user({ANALYST_EMAIL!r}, {PASSWORD!r}, confirmed=True,\n"
        "        role=Role.ANALYST, municipality=consultation.municipality)\n"
        "    analyst.totp_secret = pyotp.random_base32()\n"
        "    analyst.totp_enabled = True\n"
        "    theme = db.session.scalar(select(Theme.id).filter_by(consultation_id=consultation.id)\n"
        "        .order_by(Theme.id).limit(1))\n"
        "    db.session.commit()\n"
        "    print(consultation.id, theme, analyst.totp_secret)\n",
        extra_env={"KERNPUNT_ARGON2_FAST": "true"},
    )
    consultation_id, theme_id, secret = output.split()[-3:]
    return {"consultation_id": int(consultation_id), "theme_id": theme_id, "totp": secret}


def _session_cookie(response: http.client.HTTPResponse) -> str:
    for name, value in response.getheaders():
        if name.lower() == "set-cookie" and value.startswith("kernpunt_session="):
            return value.split(";", 1)[0]
    raise RuntimeError("no session cookie in the answer")


def _form_token(page: str) -> str:
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    if token is None:
        raise RuntimeError("no CSRF token on the page")
    return token.group(1)


def _post_form(port: int, path: str, cookie: str | None, fields: dict[str, str]) -> str:
    """GET path, POST fields with its CSRF token; return the session cookie after the redirect."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    page = response.read().decode()
    cookie = _session_cookie(response) if response.getheader("Set-Cookie") else cookie
    body = urlencode({"csrf_token": _form_token(page), **fields})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie or ""}
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    if response.status != 302:
        raise RuntimeError(f"{path} answered {response.status}")
    return _session_cookie(response)


def log_in(port: int, email: str = RESIDENT_EMAIL, totp: str | None = None) -> str:
    """Log in through the forms (and the code form for officials); return the Cookie header."""
    cookie = _post_form(port, "/account/inloggen", None, {"email": email, "password": PASSWORD})
    if totp:
        import pyotp

        code = pyotp.TOTP(totp).now()
        cookie = _post_form(port, "/account/inloggen/code", cookie, {"code": code})
    return cookie


def worker_cpu_seconds(server: Server) -> float:
    """Return the CPU time (user + system) the server's workers have used so far."""
    master = server.process.pid if server.process else -1
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # fields[1] is the parent's pid
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def measure(
    server: Server, url: str, args: argparse.Namespace, cookie: str | None = None
) -> dict[str, Any]:
    """Warm up, then measure one page with wrk, with the workers' CPU time per request."""
    headers = ["--header", f"Cookie: {cookie}"] if cookie else []
    run_wrk(url, connections=args.connections, duration=args.warmup, extra=headers)
    before = worker_cpu_seconds(server)
    result = run_wrk(url, connections=args.connections, duration=args.duration, extra=headers)
    used = worker_cpu_seconds(server) - before
    result["server_cpu_ms_per_request"] = round(used * 1000 / max(1, result["requests"]), 3)
    return result


def one_round(
    servers: tuple[Server, Server],
    floor_base: str,
    kernpunt_base: str,
    cookies: dict[str, str],
    args: argparse.Namespace,
) -> dict[str, Any]:
    """Every page logged out and logged in, each right after a floor run (its ratio's base).

    Measuring the floor beside each page keeps the ratio fair when other work on the machine
    comes and goes during the round. The ratio of the workers' CPU time per request (floor
    over page) says what the page would reach beside the floor on a machine of its own.
    """
    figures: dict[str, Any] = {}
    runs = [
        (f"{name} {state}", path, cookie)
        for name, path in PAGES.items()
        for state, cookie in (("logged_out", None), ("logged_in", cookies["resident"]))
    ]
    if "theme" in cookies:  # the analysts' page of one theme (officials only, never kept)
        runs.append(("theme analyst", cookies["theme_path"], cookies["theme"]))
    for label, path, page_cookie in runs:
        if not args.only or any(part in label for part in args.only):
            figures[label] = beside_floor(
                servers, floor_base, kernpunt_base + path, page_cookie, args
            )
    return figures


def beside_floor(
    servers: tuple[Server, Server],
    floor_url: str,
    url: str,
    cookie: str | None,
    args: argparse.Namespace,
) -> dict[str, Any]:
    """Measure the floor, then the page; return the page's figures with their ratios."""
    floor_server, kernpunt = servers
    floor = measure(floor_server, floor_url, args)
    result = measure(kernpunt, url, args, cookie)
    result["floor_requests_per_s"] = floor["requests_per_s"]
    result["floor_p99_ms"] = floor["p99_ms"]
    result["floor_server_cpu_ms_per_request"] = floor["server_cpu_ms_per_request"]
    result["ratio_to_floor"] = round(result["requests_per_s"] / floor["requests_per_s"], 3)
    result["cpu_ratio_to_floor"] = round(
        floor["server_cpu_ms_per_request"] / max(result["server_cpu_ms_per_request"], 1e-9), 3
    )
    return result


def print_round(number: int, figures: dict[str, Any]) -> None:
    print(f"## round {number}")
    print(
        f"{'page':24} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'floor/s':>8} "
        f"{'fl. p99':>7} {'ratio':>6} {'cpu ms':>7} {'fl. cpu':>7} {'cpu r.':>6} "
        f"{'errors':>6} load"
    )
    for name, result in figures.items():
        print(
            f"{name:24} {result['requests_per_s']:7.1f} {result['p50_ms']:7.1f} "
            f"{result['p99_ms']:7.1f} {result['floor_requests_per_s']:8.1f} "
            f"{result['floor_p99_ms']:7.1f} {result['ratio_to_floor']:6.0%} "
            f"{result['server_cpu_ms_per_request']:7.3f} "
            f"{result['floor_server_cpu_ms_per_request']:7.3f} {result['cpu_ratio_to_floor']:6.0%} "
            f"{result['non_2xx'] + result['socket_errors']:6d} {result['load_average_1min']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a fresh SQLite file)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here too")
    parser.add_argument(
        "--only", nargs="*", help="measure only pages whose label has one of these words"
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="kernpunt-pages-"))
    kind = "postgresql" if (args.database_url or "").startswith("postgres") else "sqlite"
    print(f"# public pages, {kind}, {args.connections} connections, {args.duration:.0f} s")
    print(f"# {machine()}; instance {folder}")
    instance = Instance.create(folder / "instance", args.database_url)
    prepared = prepare(instance)
    floor_env = {**instance.env, "FLOOR_DATABASE_URL": instance.database_url}
    floor = Server("page_floor_app:app", floor_env, folder / "floor.log", cwd=BENCHMARKS)
    report: dict[str, Any] = {
        "database": kind,
        "connections": args.connections,
        "duration_s": args.duration,
        "machine": machine(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "rounds": [],
    }
    floor.start()
    # Made after the floor is listening: free_port() would otherwise offer its port again.
    kernpunt = Server("wsgi:app", instance.env, folder / "kernpunt.log")
    kernpunt.start()
    try:
        cookies = {"resident": log_in(kernpunt.port)}
        if prepared["theme_id"] != "None":
            cookies["theme"] = log_in(kernpunt.port, ANALYST_EMAIL, prepared["totp"])
            cookies["theme_path"] = f"/werkplek/themas/{prepared['theme_id']}"
        floor_base = f"http://127.0.0.1:{floor.port}/page/{prepared['consultation_id']}"
        kernpunt_base = f"http://127.0.0.1:{kernpunt.port}"
        for number in range(1, args.rounds + 1):
            figures = one_round((floor, kernpunt), floor_base, kernpunt_base, cookies, args)
            report["rounds"].append(figures)
            print_round(number, figures)
    finally:
        kernpunt.stop()
        floor.stop()
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    failed = any(
        result["non_2xx"] or result["socket_errors"]
        for figures in report["rounds"]
        for result in figures.values()
    )
    print("result:", "FAILED (non-2xx answers or socket errors)" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
