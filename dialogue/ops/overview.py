"""What admins see of the scheduled work: each task, when it runs, and its last runs."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from dialogue.extensions import db
from dialogue.jobs import Job
from dialogue.ops.schedule import TASKS, Daily, Every, Schedule, ScheduledTask, Weekly

#: Runs listed below the tasks.
RECENT_RUNS = 20


@dataclass(frozen=True)
class TaskLine:
    """One task as the admin reads it."""

    task: ScheduledTask
    when: str
    applies: bool
    last_run: Job | None


def schedule_in_words(schedule: Schedule) -> str:
    """Say when a schedule runs, in Dutch (UTC)."""
    if isinstance(schedule, Every):
        return _("elke %(minutes)d minuten", minutes=schedule.period.total_seconds() // 60)
    if isinstance(schedule, Weekly):
        days = [_("maandag"), _("dinsdag"), _("woensdag"), _("donderdag"), _("vrijdag")]
        days += [_("zaterdag"), _("zondag")]
        return _(
            "elke %(day)s om %(time)s", day=days[schedule.weekday], time=f"{schedule.at:%H:%M}"
        )
    if isinstance(schedule, Daily):
        return _("elke dag om %(time)s", time=f"{schedule.at:%H:%M}")
    return ""


def task_lines() -> list[TaskLine]:
    """Every task of the schedule with its last run (or None)."""
    lines = []
    for task in TASKS:
        last_run = db.session.scalar(
            select(Job).filter_by(kind=task.name).order_by(Job.id.desc()).limit(1)
        )
        applies = task.applies(current_app.config)
        lines.append(TaskLine(task, schedule_in_words(task.schedule), applies, last_run))
    return lines


def recent_runs() -> list[tuple[ScheduledTask, Job]]:
    """The latest runs of scheduled tasks, newest first."""
    tasks = {task.name: task for task in TASKS}
    jobs = db.session.scalars(
        select(Job).where(Job.kind.in_(tasks)).order_by(Job.id.desc()).limit(RECENT_RUNS)
    )
    return [(tasks[job.kind], job) for job in jobs]
