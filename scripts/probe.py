#!/usr/bin/env python3
"""Probe a Kernpunt URL (/healthz, /readyz): exit 0 on HTTP 200, 1 otherwise; standard library only.

Used by the Dockerfile's HEALTHCHECK, compose, the systemd units' checks and the tests:
    python3 scripts/probe.py http://127.0.0.1:8000/readyz
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request


def probe(url: str, timeout: float) -> tuple[bool, str]:
    """Return whether url answered 200, and what it said (first 500 characters)."""
    if not url.startswith(("http://", "https://")):
        return False, "only http:// and https:// URLs are probed"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - checked
            return response.status == 200, response.read(500).decode(errors="replace")
    except urllib.error.HTTPError as error:
        return False, f"HTTP {error.code}: {error.read(500).decode(errors='replace')}"
    except OSError as error:
        return False, f"no answer: {error}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds (default 5)")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    arguments = parser.parse_args()
    healthy, said = probe(arguments.url, arguments.timeout)
    if not healthy or not arguments.quiet:
        print(said.strip(), file=sys.stdout if healthy else sys.stderr)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
