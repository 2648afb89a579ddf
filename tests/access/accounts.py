"""Expected access: account pages (an invalid e-mail link gives 400 to everybody)."""

from sqlalchemy import func, select

from dialogue.accounts.models import ApiToken
from dialogue.accounts.services import create_api_token
from dialogue.extensions import db
from tests.access import everyone, row


def _resident_token_id(world) -> int:
    """An API token of the resident of municipality A (revoking it is a POST)."""
    create_api_token(world.users["resident"])
    db.session.commit()
    return db.session.scalar(select(func.max(ApiToken.id)))


SAMPLES = {"token_id": _resident_token_id}

EXPECTED = {
    # Logged-in visitors are sent on to their account page.
    "accounts.register": row(200, 302, 302, 302, 302, 302),
    "accounts.login": row(200, 302, 302, 302, 302, 302),
    "accounts.check_email": everyone(200),
    "accounts.confirm_email": everyone(400),
    # Without a pending login the code step sends everybody back to the login page.
    "accounts.login_code": row(302, 302, 302, 302, 302, 302),
    "accounts.mfa_setup": row(302, 403, 200, 200, 200, 200, network=200, platform=200),
    "accounts.reset_request": everyone(200),
    "accounts.reset_password": everyone(400),
    "accounts.change_password": row(302, 200, 200, 200, 200, 200, network=200, platform=200),
    "accounts.my_account": row(302, 200, 200, 200, 200, 200, network=200, platform=200),
    "accounts.api_tokens": row(302, 200, 200, 200, 200, 200, network=200, platform=200),
}


ACCOUNT = (302, "/account/")
LOGIN = (302, "/account/inloggen")
HOME = (302, "/")
#: A POST with only a CSRF token. Officials' forms re-show with messages (200); a logged-in
#: visitor is sent from the login and registration forms to their account.
POST_EXPECTED = {
    "accounts.change_password": row(302, 200, 200, 200, 200, 200, network=200, platform=200),
    "accounts.confirm_email": everyone(400),  # the sample link is invalid
    "accounts.login": row(200, *[ACCOUNT] * 5, network=ACCOUNT),
    # Without a login in progress, the code form sends everyone back to log in.
    "accounts.login_code": row(302, *[LOGIN] * 5, network=LOGIN),
    "accounts.logout": everyone(HOME),
    # Without a login in progress, the recovery-code form sends everyone back to log in too.
    "accounts.login_recovery": row(302, *[LOGIN] * 5, network=LOGIN),
    # Officials renew their own recovery codes (shown once); residents have none.
    "accounts.new_recovery_codes_view": row(
        302, 403, 200, 200, 200, 200, network=200, platform=200
    ),
    # The sample token is the resident's: only they may revoke it, anyone else gets 404.
    "accounts.revoke_api_token": row(
        302, (302, "/account/api-tokens"), 404, 404, 404, 404, network=404
    ),
    # Residents need no second factor: the setup refuses them.
    "accounts.mfa_setup": row(302, 403, 200, 200, 200, 200, network=200, platform=200),
    "accounts.my_account": row(302, 200, 200, 200, 200, 200, network=200, platform=200),
    "accounts.register": row(200, *[ACCOUNT] * 5, network=ACCOUNT),
    "accounts.reset_password": everyone(400),  # the sample link is invalid
    "accounts.reset_request": everyone(200),
}
