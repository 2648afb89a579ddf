"""The steps of a re-analysis, as the job page shows them, each with its share of the progress."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from dialogue.jobs import Job, JobStatus

#: Each step and the progress (0..1) at which it starts; the job records progress as it goes.
STEPS = (
    ("prepare", _l("teksten voorbereiden"), 0.0),
    ("themes", _l("thema's zoeken"), 0.3),
    ("signals", _l("signalen"), 0.8),
)
STEP_START = {key: start for key, _label, start in STEPS}
STATE_LABELS = {"done": _l("klaar"), "running": _l("bezig"), "waiting": _l("nog niet begonnen")}


@dataclass(frozen=True)
class StepState:
    """One step of a job and how far it is: "done", "running" or "waiting"."""

    label: str
    state: str

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def step_progress(step: str, fraction: float = 0.0) -> float:
    """Return the job progress for `fraction` (0..1) of the way through `step`."""
    keys = [key for key, _label, _start in STEPS]
    index = keys.index(step)
    start = STEPS[index][2]
    end = STEPS[index + 1][2] if index + 1 < len(STEPS) else 1.0
    return start + (end - start) * max(0.0, min(1.0, fraction))


def analysis_steps(job: Job) -> list[StepState]:
    """Return every step of an analysis job with its state, read from the job's progress."""
    finished = job.status == JobStatus.FINISHED
    steps = []
    for index, (_key, label, start) in enumerate(STEPS):
        end = STEPS[index + 1][2] if index + 1 < len(STEPS) else 1.0
        if finished or job.progress >= end:
            state = "done"
        elif job.status == JobStatus.RUNNING and job.progress >= start:
            state = "running"
        else:
            state = "waiting"
        steps.append(StepState(str(label), state))
    return steps
