"""The OpenID Connect authorization-code flow: Authlib for the OAuth 2 client, joserfc
(Authlib's JOSE library) to check the RS256-signed ID token."""

from __future__ import annotations

import time

import requests
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from dialogue.sso.settings import SsoSettings

#: Seconds to wait for the identity provider.
TIMEOUT = 10
#: Clock difference tolerated between Kernpunt and the identity provider, in seconds.
LEEWAY = 60


class SsoRefused(Exception):
    """The login cannot go on; reason is a short key for the audit log and the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def discover(issuer: str) -> dict:
    """Return the provider's discovery document; its issuer must be the one configured."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SsoRefused("provider_unreachable") from error
    if document.get("issuer") != issuer:
        raise SsoRefused("issuer_mismatch")
    return document


def _session(settings: SsoSettings, secret: str | None, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        settings.client_id, secret, scope="openid email profile", redirect_uri=redirect_uri
    )


def authorization_url(
    settings: SsoSettings, document: dict, redirect_uri: str, state: str, nonce: str
) -> str:
    """Return the provider's login address for this attempt."""
    session = _session(settings, None, redirect_uri)
    url, _state = session.create_authorization_url(
        document["authorization_endpoint"], state=state, nonce=nonce
    )
    return url


def exchange_code(
    settings: SsoSettings, secret: str, document: dict, code: str, redirect_uri: str
) -> str:
    """Trade the authorization code for tokens; return the ID token."""
    session = _session(settings, secret, redirect_uri)
    try:
        token = session.fetch_token(
            document["token_endpoint"], code=code, timeout=TIMEOUT, grant_type="authorization_code"
        )
    except Exception as error:  # Authlib raises several kinds; all mean "no token"
        raise SsoRefused("token_refused") from error
    id_token = token.get("id_token")
    if not id_token:
        raise SsoRefused("no_id_token")
    return id_token


def _keys(document: dict) -> KeySet:
    try:
        response = requests.get(document["jwks_uri"], timeout=TIMEOUT)
        response.raise_for_status()
        return KeySet.import_key_set(response.json())
    except (requests.RequestException, ValueError, KeyError) as error:
        raise SsoRefused("provider_unreachable") from error


def verified_claims(settings: SsoSettings, document: dict, id_token: str, nonce: str) -> dict:
    """Check the ID token's signature (RS256), issuer, audience, expiry and nonce."""
    try:
        token = jwt.decode(id_token, _keys(document), algorithms=["RS256"])
    except (JoseError, ValueError) as error:
        raise SsoRefused("bad_signature") from error
    claims = token.claims
    if claims.get("iss") != settings.issuer:
        raise SsoRefused("wrong_issuer")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else audience or []
    if settings.client_id not in audiences:
        raise SsoRefused("wrong_audience")
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or expires + LEEWAY < time.time():
        raise SsoRefused("expired")
    if not nonce or claims.get("nonce") != nonce:
        raise SsoRefused("nonce_mismatch")
    return claims
