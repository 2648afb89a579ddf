"""`flask analysis run`: re-analyse consultations (for cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from dialogue.consultations.models import Consultation, ConsultationStatus
from dialogue.extensions import db

analysis = AppGroup("analysis", help="Theme analysis and signals.")


@analysis.command("run")
@click.option("--consultation", "consultation_id", type=int, help="Only this consultation.")
def run_command(consultation_id: int | None) -> None:
    """Re-analyse one consultation, or every open one (nightly from cron or `flask scheduler`)."""
    from dialogue.jobs import Job
    from dialogue.themes.analysis import request_analysis

    query = select(Consultation)
    if consultation_id is not None:
        query = query.where(Consultation.id == consultation_id)
    else:
        query = query.where(Consultation.status == ConsultationStatus.OPEN)
    consultations = db.session.scalars(query).all()
    if consultation_id is not None and not consultations:
        raise click.ClickException(f"unknown consultation: {consultation_id}")
    for consultation in consultations:
        job = request_analysis(consultation)
        job = db.session.get(Job, job.id)
        click.echo(
            f"{consultation.slug}: job {job.id} {job.status.value} {job.result or job.error or ''}"
        )
