"""`flask worker`: the RQ worker that runs Kernpunt's background jobs (dialogue/jobs.py)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run an RQ worker for Kernpunt's queue (needs REDIS_URL); `flask scheduler` plans work."""
    from redis import Redis
    from rq import Queue, Worker

    from dialogue.jobs import QUEUE_NAME

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: jobs run inline, no worker is needed.")
    connection = Redis.from_url(url)
    queue = Queue(QUEUE_NAME, connection=connection)
    Worker([queue], connection=connection).work(burst=burst)
