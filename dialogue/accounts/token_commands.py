"""`flask tokens`: create, list and revoke API tokens."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from dialogue.accounts.models import ApiToken
from dialogue.accounts.services import (
    API_TOKEN_DEFAULT_DAYS,
    AccountError,
    create_api_token,
    find_user_by_email,
    revoke_api_token,
)
from dialogue.audit.services import SYSTEM_ACTOR, record
from dialogue.extensions import db
from dialogue.timeutil import utcnow

tokens = AppGroup("tokens", help="Manage API tokens.")


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


@tokens.command("create")
@click.argument("email")
@click.option(
    "--days",
    type=click.IntRange(min=1, max=3650),
    default=API_TOKEN_DEFAULT_DAYS,
    show_default=True,
    help="Days the token works.",
)
def create_token_command(email: str, days: int) -> None:
    """Create an API token for a user; the token is the last line of output."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"unknown user: {email}")
    try:
        token = create_api_token(user, days=days)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    if user.is_official:
        record("api_token.create", user, actor=SYSTEM_ACTOR, details={"days": days})
    db.session.commit()
    click.echo(f"token for user {user.id}, valid for {days} days (shown once):")
    click.echo(token)


@tokens.command("list")
@click.option("--email", help="Only this user's tokens.")
@click.option("--all", "include_all", is_flag=True, help="Also revoked and expired tokens.")
def list_tokens_command(email: str | None, include_all: bool) -> None:
    """List API tokens: prefix, user, created, expires, last used, state."""
    query = select(ApiToken).options(joinedload(ApiToken.user)).order_by(ApiToken.id)
    if email:
        user = find_user_by_email(email)
        if user is None:
            raise click.ClickException(f"unknown user: {email}")
        query = query.where(ApiToken.user_id == user.id)
    now = utcnow()
    shown = 0
    for token in db.session.scalars(query):
        usable = token.is_usable(now)
        if not (usable or include_all):
            continue
        state = "active" if usable else ("revoked" if token.revoked_at else "expired")
        click.echo(
            f"{token.prefix}  {token.user.email or token.user_id}  {token.user.role.value}  "
            f"created {_when(token.created_at)}  expires {_when(token.expires_at)}  "
            f"last used {_when(token.last_used_at)}  {state}"
        )
        shown += 1
    if not shown:
        click.echo("no tokens")


@tokens.command("revoke")
@click.argument("prefix")
def revoke_token_command(prefix: str) -> None:
    """Revoke the token that starts with PREFIX (as shown by `flask tokens list`)."""
    if len(prefix) < 6:
        raise click.ClickException("give at least the first 6 characters of the token")
    active = db.session.scalars(select(ApiToken).where(ApiToken.revoked_at.is_(None)))
    matches = [token for token in active if token.prefix.startswith(prefix[:10])]
    if not matches:
        raise click.ClickException(f"no active token starts with {prefix}")
    if len(matches) > 1:
        raise click.ClickException(f"{len(matches)} tokens start with {prefix}: give more")
    token = matches[0]
    revoke_api_token(token)
    if token.user.is_official:
        record("api_token.revoke", token.user, actor=SYSTEM_ACTOR, details={"prefix": token.prefix})
    db.session.commit()
    click.echo(f"revoked {token.prefix} of user {token.user_id}")
