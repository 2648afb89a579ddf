"""Readable names of states, for templates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from dialogue.jobs import Job
from dialogue.themes.sparkline import sparkline

_THEME_STATUS = {
    "open": _l("open"),
    "in_behandeling": _l("in behandeling"),
    "beantwoord": _l("beantwoord"),
}
_JOB_STATUS = {
    "queued": _l("wacht op een vrije verwerker"),
    "running": _l("bezig"),
    "finished": _l("klaar"),
    "failed": _l("mislukt"),
}
_CONTRIBUTION_STATUS = {
    "pending": _l("wacht op controle"),
    "published": _l("gepubliceerd"),
    "hidden": _l("verborgen"),
    "rejected": _l("afgewezen"),
    "withdrawn": _l("ingetrokken"),
}
_SIGNAL_KIND = {"rising_volume": _l("meer reacties"), "rising_discontent": _l("meer onvrede")}
_SIGNAL_STATUS = {"new": _l("nieuw"), "acknowledged": _l("opgepakt"), "dismissed": _l("afgewezen")}


def _value(item: object) -> str:
    return str(getattr(item, "value", item))


def theme_status_label(status: object) -> str:
    return str(_THEME_STATUS.get(_value(status), _value(status)))


def job_status_label(job: Job) -> str:
    return str(_JOB_STATUS.get(_value(job.status), _value(job.status)))


def contribution_status_label(status: object) -> str:
    return str(_CONTRIBUTION_STATUS.get(_value(status), _value(status)))


def signal_kind_label(kind: object) -> str:
    return str(_SIGNAL_KIND.get(_value(kind), _value(kind)))


def signal_status_label(status: object) -> str:
    return str(_SIGNAL_STATUS.get(_value(status), _value(status)))


def template_helpers() -> dict:
    """Return the label functions for the Jinja context."""
    return {
        "theme_status_label": theme_status_label,
        "job_status_label": job_status_label,
        "contribution_status_label": contribution_status_label,
        "signal_kind_label": signal_kind_label,
        "signal_status_label": signal_status_label,
        "sparkline": sparkline,
    }
