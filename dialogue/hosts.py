"""The request's host and client address behind a reverse proxy: ProxyFix and trusted hosts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wsgi import get_host

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from flask import Flask

#: Answer to a request for a host this instance does not serve (no template: nothing runs).
FOREIGN_HOST_BODY = "Onbekend webadres. Gebruik het adres van de website van de gemeente.\n"
#: Probes that build no links, asked for by health checks and Prometheus on an internal address
#: (http://127.0.0.1:8000/healthz): any host may ask for them.
PROBE_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class TrustedHostGuard:
    """Answer 400 to a request whose Host header names a host that is not trusted.

    Runs before Flask, so no page, link or e-mail is ever built from a foreign host. The
    operational probes are answered for any host: they hold no links.
    """

    def __init__(self, wsgi_app: WSGIApplication, trusted_hosts: Iterable[str]) -> None:
        self.wsgi_app = wsgi_app
        self.trusted_hosts = list(trusted_hosts)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") in PROBE_PATHS and self.trusted_hosts:
            # Flask checks TRUSTED_HOSTS again: answer the probe as the instance's own host.
            environ["HTTP_HOST"] = self.trusted_hosts[0]
            return self.wsgi_app(environ, start_response)
        try:
            get_host(environ, self.trusted_hosts)
        except SecurityError:
            body = FOREIGN_HOST_BODY.encode()
            start_response(
                "400 Bad Request",
                [
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("X-Content-Type-Options", "nosniff"),
                    ("Cache-Control", "no-store"),
                ],
            )
            return [body]
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    """Trust PROXY_COUNT proxies' X-Forwarded-For/-Proto, and only the TRUSTED_HOSTS."""
    trusted = app.config.get("TRUSTED_HOSTS")
    if trusted:
        app.wsgi_app = TrustedHostGuard(app.wsgi_app, trusted)  # type: ignore[method-assign]
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies < 0:
        raise RuntimeError("KERNPUNT_PROXY_COUNT must be 0 or more.")
    if proxies:
        # The Host header is the one the proxy passes on (nginx: proxy_set_header Host $host);
        # X-Forwarded-Host is not trusted, so a client cannot choose the host links are built on.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0, x_port=0, x_prefix=0
        )
