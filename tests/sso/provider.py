"""A small OpenID Connect provider on 127.0.0.1 for the tests: discovery, JWKS and a token
endpoint that issues RS256-signed ID tokens with the claims a test registered for a code."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, abort, jsonify, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import BaseWSGIServer, make_server

CLIENT_ID = "kernpunt-test"
CLIENT_SECRET = "test-secret-of-the-provider"


@dataclass
class Provider:
    """The running provider: its issuer address and the codes it will accept once."""

    issuer: str
    key: RSAKey
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Form fields of the token requests received, for assertions.
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def id_token(self, **claims: Any) -> str:
        now = int(time.time())
        body = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300} | claims
        return jwt.encode({"alg": "RS256", "kid": "test-key"}, body, self.key)

    def issue_code(self, code: str, **claims: Any) -> str:
        """Register the claims the token endpoint signs for code."""
        self.codes[code] = claims
        return code


def _app(provider: Provider) -> Flask:
    app = Flask("test-oidc-provider")

    @app.get("/.well-known/openid-configuration")
    def discovery():
        return jsonify(
            issuer=provider.issuer,
            authorization_endpoint=f"{provider.issuer}/authorize",
            token_endpoint=f"{provider.issuer}/token",
            jwks_uri=f"{provider.issuer}/jwks",
            id_token_signing_alg_values_supported=["RS256"],
        )

    @app.get("/jwks")
    def jwks():
        return jsonify(keys=[provider.key.as_dict(private=False)])

    @app.post("/token")
    def token():
        form = request.form.to_dict()
        provider.token_requests.append(form)
        auth = request.authorization
        client = (
            (auth.username, auth.password)
            if auth
            else (form.get("client_id"), form.get("client_secret"))
        )
        if client != (CLIENT_ID, CLIENT_SECRET):
            abort(401)
        claims = provider.codes.pop(form.get("code", ""), None)
        if claims is None:
            return jsonify(error="invalid_grant"), 400
        return jsonify(
            access_token="at",
            token_type="Bearer",
            expires_in=300,
            id_token=provider.id_token(**claims),
        )

    return app


@contextmanager
def running_provider() -> Iterator[Provider]:
    """Serve a provider on a free port of 127.0.0.1 in a background thread."""
    key = RSAKey.generate_key(2048, parameters={"kid": "test-key"}, private=True)
    provider = Provider(issuer="", key=key)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, _app(provider), threaded=True)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
