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
    "accounts.mfa_setup": row(302, 403, 200, 200, 200, 200, network=200),
    "accounts.reset_request": everyone(200),
    "accounts.reset_password": everyone(400),
    "accounts.change_password": row(302, 200, 200, 200, 200, 200, network=200),
    "accounts.my_account": row(302, 200, 200, 200, 200, 200, network=200),
    "accounts.api_tokens": row(302, 200, 200, 200, 200, 200, network=200),
}
