"""Flask commands: municipalities, users, tokens, retention, demo data."""

from __future__ import annotations

import secrets
import sys

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from dialogue import backup
from dialogue.accounts.models import MFA_ROLES, OFFICIAL_ROLES, Role
from dialogue.accounts.services import (
    AccountError,
    create_user,
)
from dialogue.accounts.token_commands import tokens
from dialogue.consultations.services import add_kern
from dialogue.contributions.validation import InvalidInput
from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from dialogue.municipalities.services import (
    MunicipalityError,
    create_municipality,
    list_municipalities,
)
from dialogue.security import password_problem

municipalities = AppGroup("municipalities", help="Set up municipalities.")
users = AppGroup("users", help="Manage user accounts.")
contributions = AppGroup("contributions", help="Residents' input: retention.")
demo = AppGroup("demo", help="Demo data.")


@municipalities.command("create")
@click.argument("name")
@click.option("--slug", help="Part of the web address (/SLUG); made from NAME when left out.")
@click.option("--kern", "kernen", multiple=True, help="A kern (village or district); repeatable.")
def create_municipality_command(name: str, slug: str | None, kernen: tuple[str, ...]) -> None:
    """Create a municipality (not shared with the network partners) and its kernen."""
    try:
        municipality = create_municipality(name, slug)
    except MunicipalityError as error:
        raise click.ClickException(str(error)) from error
    for kern in kernen:
        try:
            add_kern(municipality, kern)
        except InvalidInput as error:
            db.session.rollback()
            problems = " ".join(str(message) for message in error.errors.values())
            raise click.ClickException(f"kern {kern!r}: {problems}") from error
    db.session.commit()
    click.echo(
        f"created municipality {municipality.id}: {municipality.name} (/{municipality.slug})"
    )
    for kern in municipality.kernen:
        click.echo(f"  kern: {kern.name}")
    click.echo(
        "next: flask users create EMAIL --role admin "
        f"--municipality {municipality.slug} --name 'NAME'"
    )


@municipalities.command("list")
def list_municipalities_command() -> None:
    """List the municipalities: slug, name, kernen, shared with the network partners."""
    found = list_municipalities()
    if not found:
        click.echo("no municipalities yet: flask municipalities create NAME")
    for municipality in found:
        network = "in network" if municipality.in_network else "not in network"
        click.echo(
            f"{municipality.slug}\t{municipality.name}\t{len(municipality.kernen)} kernen\t{network}"
        )


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.RESIDENT.value)
@click.option("--municipality", "municipality_slug", help="Slug of the official's municipality.")
@click.option("--name", "display_name", help="Display name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(
    email: str,
    role: str,
    municipality_slug: str | None,
    display_name: str | None,
    password_stdin: bool,
) -> None:
    """Create a user; without --password-stdin a generated password is printed once."""
    role_enum = Role(role)
    municipality = None
    if municipality_slug:
        municipality = db.session.scalar(select(Municipality).filter_by(slug=municipality_slug))
        if municipality is None:
            raise click.ClickException(f"unknown municipality: {municipality_slug}")
    if role_enum in OFFICIAL_ROLES and municipality is None:
        raise click.ClickException("officials need --municipality")
    if role_enum in (Role.PLATFORM_ADMIN, Role.NETWORK) and municipality is not None:
        raise click.ClickException(f"a {role_enum.value} belongs to no municipality")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        problem = password_problem(
            password, email=email, official=role_enum in OFFICIAL_ROLES or role_enum in MFA_ROLES
        )
        if problem:
            raise click.ClickException(f"password not accepted: {problem}")
        generated = False
    else:
        password = secrets.token_urlsafe(15)
        generated = True
    try:
        user = create_user(
            email,
            password,
            display_name=display_name,
            role=role_enum,
            municipality=municipality,
            confirmed=True,
        )
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"created user {user.id} ({user.role.value})")
    if generated:
        click.echo(f"password (shown once): {password}")


@contributions.command("purge-unconfirmed")
def purge_unconfirmed_command() -> None:
    """Delete input, accounts and voters never confirmed or used in time (daily cron)."""
    from dialogue.accounts.retention import purge_unconfirmed_accounts
    from dialogue.contributions.retention import purge_unconfirmed, unconfirmed_retention
    from dialogue.votes.retention import purge_voters_without_votes

    deleted = purge_unconfirmed()
    accounts = purge_unconfirmed_accounts()
    voters = purge_voters_without_votes()
    db.session.commit()
    days = unconfirmed_retention().days
    click.echo(
        f"deleted {deleted} unconfirmed contributions, {accounts} unconfirmed accounts and "
        f"{voters} voters without votes older than {days} days"
    )


@demo.command("load")
def load_demo_command() -> None:
    """Load the demo municipality, its kernen, consultation and input (idempotent)."""
    from dialogue.demo.loader import DEMO_PASSWORD, demo_logins, load_demo

    summary = load_demo()
    db.session.commit()
    click.echo(summary)
    click.echo(
        f"Demo officials (password {DEMO_PASSWORD}); add the secret to an authenticator app, "
        "or type the code shown (valid for about 30 seconds):"
    )
    for login in demo_logins():
        click.echo(
            f"  {login.email} ({login.role}): secret {login.totp_secret}, "
            f"current code {login.current_code}"
        )


def register(app: Flask) -> None:
    """Add the command groups to the app."""
    from dialogue.ops.worker import worker_command
    from dialogue.signals.digest import signals_cli
    from dialogue.themes.cli import analysis
    from dialogue.votes.cli import polis

    groups = (municipalities, users, tokens, contributions, demo, analysis, signals_cli, polis)
    for group in (*groups, worker_command):
        app.cli.add_command(group)
    backup.register()
