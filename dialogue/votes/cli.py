"""flask polis import DIR --municipality SLUG; flask polis evaluate DIR... --municipality SLUG."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from dialogue.extensions import db
from dialogue.municipalities.models import Municipality
from dialogue.votes.polis import PolisFormatError, import_polis
from dialogue.votes.polis_evaluation import compare_with_polis

polis = AppGroup("polis", help="Import Pol.is conversations and compare the analysis with Pol.is.")

_FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)


def _municipality(slug: str) -> Municipality:
    found = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
    if found is None:
        raise click.ClickException(f"No municipality with slug {slug!r}.")
    return found


@polis.command("import")
@click.argument("folder", type=_FOLDER)
@click.option("--municipality", "slug", required=True, help="Slug of the municipality.")
def import_command(folder: Path, slug: str) -> None:
    """Import a Pol.is export folder (comments.csv, votes.csv) as a closed consultation."""
    try:
        done = import_polis(folder, _municipality(slug))
    except PolisFormatError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(
        f"Imported {done.contributions} input, {done.participants} participants and "
        f"{done.votes} votes into /{slug}/{done.consultation.slug}."
    )


@polis.command("evaluate")
@click.argument("folders", type=_FOLDER, nargs=-1, required=True)
@click.option("--municipality", "slug", required=True, help="Slug of the municipality.")
def evaluate_command(folders: tuple[Path, ...], slug: str) -> None:
    """Import each folder and compare groups (ARI) and top-10 common ground with Pol.is's."""
    municipality = _municipality(slug)
    click.echo(
        "| conversation | participants | input | votes | groups Kernpunt / Pol.is "
        "| participants compared | ARI | top-10 overlap |"
    )
    click.echo("|---|---:|---:|---:|---|---:|---:|---:|")
    for folder in folders:
        if (
            not (folder / "votes.csv").is_file()
            or not (folder / "participants-votes.csv").is_file()
        ):
            click.echo(f"| {folder.name} | no votes in the export | | | | | | |")
            continue
        done = import_polis(folder, municipality)
        db.session.commit()
        result = compare_with_polis(done.consultation, folder)
        click.echo(
            f"| {folder.name} | {result.participants} | {result.statements} | {result.votes} "
            f"| {result.kernpunt_groups} / {result.polis_groups} | {result.compared} "
            f"| {result.ari:.2f} | {result.top_overlap}/10 |"
        )
