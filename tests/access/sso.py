"""Expected access: inloggen via de gemeente (OpenID Connect) and its settings page."""

from tests.access import row

EXPECTED = {
    # Municipality A has no SSO set up: the start page says so (403, audited) to everyone.
    "sso.start": row(403, 403, 403, 403, 403, 403, network=403, platform=403),
    # Without a login attempt in this session, the callback refuses.
    "sso.callback": row(403, 403, 403, 403, 403, 403, network=403, platform=403),
    "sso.settings_page": row(302, 403, 403, 403, 200, 200, network=403, platform=403),
}

SSO_SETTINGS = (302, "/beheer/inloggen-via-gemeente")
POST_EXPECTED = {
    # An empty form switches SSO off, which it already is: nothing changes.
    "sso.settings_page": row(
        302, 403, 403, 403, SSO_SETTINGS, SSO_SETTINGS, network=403, platform=403
    ),
}
