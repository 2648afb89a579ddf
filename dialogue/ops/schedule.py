"""The table of recurring work that `flask scheduler` runs: what, and when (UTC).

Add a task by adding a ScheduledTask to TASKS; its function takes the id of the Job row
that records the run, commits its own work, and returns a short result (counts only; it
stays in the Job row and the log, admins see the status).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Protocol

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from dialogue.extensions import db

MONDAY = 0


class Schedule(Protocol):
    """When a task is due: the latest due moment at or before now, and the time between two."""

    period: timedelta

    def last_due(self, now: datetime) -> datetime: ...


@dataclass(frozen=True)
class Every:
    """Every period, counted from midnight UTC (every 5 minutes: 00:00, 00:05, …)."""

    period: timedelta

    def last_due(self, now: datetime) -> datetime:
        midnight = datetime.combine(now.date(), time(0))
        return midnight + (now - midnight) // self.period * self.period


@dataclass(frozen=True)
class Daily:
    """Every day at a time of day (UTC)."""

    at: time
    period: timedelta = timedelta(days=1)

    def last_due(self, now: datetime) -> datetime:
        today = datetime.combine(now.date(), self.at)
        return today if today <= now else today - self.period


@dataclass(frozen=True)
class Weekly:
    """Every week on a weekday (0 is Monday) at a time of day (UTC)."""

    weekday: int
    at: time
    period: timedelta = timedelta(days=7)

    def last_due(self, now: datetime) -> datetime:
        days_back = (now.weekday() - self.weekday) % 7
        candidate = datetime.combine(now.date() - timedelta(days=days_back), self.at)
        return candidate if candidate <= now else candidate - self.period


@dataclass(frozen=True)
class ScheduledTask:
    """One line of the schedule: name (also the Job kind), when, what, what admins read, and
    whether it applies to this installation's settings."""

    name: str
    schedule: Schedule
    function: Callable[[int], str | None]
    label: LazyString
    applies: Callable[[Mapping[str, Any]], bool] = lambda config: True


def nightly_analysis(job_id: int) -> str:
    """Queue a re-analysis of every open consultation (each runs as its own job)."""
    from dialogue.consultations.models import Consultation, ConsultationStatus
    from dialogue.themes.analysis import request_analysis

    consultations = db.session.scalars(
        select(Consultation).where(Consultation.status == ConsultationStatus.OPEN)
    ).all()
    for consultation in consultations:
        request_analysis(consultation)
    return f"{len(consultations)} raadplegingen in de wachtrij"


def purge_unconfirmed_input(job_id: int) -> str:
    """Delete input and resident accounts nobody confirmed in time (privacy statement)."""
    from dialogue.accounts.retention import purge_unconfirmed_accounts
    from dialogue.contributions.retention import purge_unconfirmed
    from dialogue.votes.retention import purge_voters_without_votes

    contributions = purge_unconfirmed()
    accounts = purge_unconfirmed_accounts()
    voters = purge_voters_without_votes()
    db.session.commit()
    return (
        f"onbevestigde inbreng ({contributions}), onbevestigde accounts ({accounts}) en "
        f"stemmers zonder stemmen ({voters}) verwijderd"
    )


def purge_old_mail(job_id: int) -> str:
    """Delete records of e-mail sent or given up longer ago than the retention."""
    from dialogue.mail.delivery import purge_old_mail as purge

    deleted = purge()
    db.session.commit()
    return f"{deleted} oude e-mailberichten verwijderd"


#: Records of scheduled runs that ended longer ago than this are deleted (the admins'
#: overview shows the latest run of each task; a run every 5 minutes would otherwise keep
#: 100,000 rows a year).
SCHEDULED_RUN_RETENTION = timedelta(days=30)


def purge_old_records(job_id: int) -> str:
    """Delete records of scheduled runs that ended long ago, and e-mail links long expired."""
    from dialogue.jobs import Job, JobStatus
    from dialogue.mail.links import purge_expired_links
    from dialogue.timeutil import utcnow

    runs = db.session.execute(
        delete(Job)
        .where(
            Job.kind.in_([task.name for task in TASKS]),
            Job.status.in_([JobStatus.FINISHED, JobStatus.FAILED]),
            Job.finished_at < utcnow() - SCHEDULED_RUN_RETENTION,
            Job.id != job_id,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    links = purge_expired_links()
    db.session.commit()
    return f"{runs or 0} oude taakregels en {links} verlopen e-maillinks verwijderd"


def deliver_waiting_mail(job_id: int) -> str:
    """Send e-mail still waiting after a mail server failure."""
    from dialogue.mail.delivery import deliver_undelivered

    result = deliver_undelivered()
    return f"{result.sent} verstuurd, {result.failed} mislukt"


def sweep_stuck_jobs(job_id: int) -> str:
    """Mark jobs whose process died as failed ("onderbroken"), so nothing waits on them."""
    from dialogue.jobsweep import sweep_task

    return sweep_task(job_id)


def send_signal_digests(job_id: int) -> str:
    """Send the Monday digest of early-warning signals to the analysts who asked for it."""
    from dialogue.signals.digest import send_digests
    from dialogue.timeutil import utcnow

    sent = send_digests(utcnow().date())
    db.session.commit()
    return f"{sent} e-mails met signalen verstuurd"


def _sends_mail(config: Mapping[str, Any]) -> bool:
    return config.get("MAIL_TRANSPORT") == "smtp"


#: The schedule. Times are UTC; a run is recorded as a Job row of kind `name`.
TASKS: tuple[ScheduledTask, ...] = (
    ScheduledTask(
        "nightly_analysis",
        Daily(time(2, 0)),
        nightly_analysis,
        _l("De thema's van alle open raadplegingen opnieuw bepalen"),
    ),
    ScheduledTask(
        "purge_unconfirmed",
        Daily(time(3, 30)),
        purge_unconfirmed_input,
        _l("Inbreng en accounts verwijderen die niemand op tijd bevestigde"),
    ),
    ScheduledTask(
        "mail_purge_old",
        Daily(time(3, 40)),
        purge_old_mail,
        _l("Oude gegevens over verstuurde e-mail verwijderen"),
    ),
    ScheduledTask(
        "records_purge_old",
        Daily(time(3, 50)),
        purge_old_records,
        _l("Oude regels van geplande taken en verlopen e-maillinks verwijderen"),
    ),
    ScheduledTask(
        "mail_deliver",
        Every(timedelta(minutes=5)),
        deliver_waiting_mail,
        _l("E-mail opnieuw versturen die de mailserver nog niet aannam"),
        applies=_sends_mail,
    ),
    ScheduledTask(
        "jobs_sweep",
        Every(timedelta(minutes=10)),
        sweep_stuck_jobs,
        _l("Taken die bleven hangen omdat hun proces stopte als onderbroken markeren"),
    ),
    ScheduledTask(
        "signals_digest",
        Weekly(MONDAY, time(7, 0)),
        send_signal_digests,
        _l("Analisten die dat willen het overzicht van de signalen van de week mailen"),
    ),
)


def active_tasks() -> list[ScheduledTask]:
    """Return the tasks that apply to this installation's settings."""
    return [task for task in TASKS if task.applies(current_app.config)]
