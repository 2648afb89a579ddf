"""Expected access: analysts' themes, signals, dashboards, exports, open data and network."""

from dialogue.extensions import db
from dialogue.jobs import Job, JobStatus
from dialogue.themes.models import Theme
from tests.access import everyone, row
from tests.factories import make_signal

#: Analysts and admins of the municipality; other municipalities get 404 (security.own).
ANALYSTS = row(302, 403, 403, 200, 200, 404, network=403, platform=403)

EXPECTED = {
    "themes.themes": ANALYSTS,
    "themes.theme": ANALYSTS,
    "themes.job": ANALYSTS,
    "themes.dashboard": ANALYSTS,
    "themes.uncertain": ANALYSTS,
    "signals.index": ANALYSTS,
    "signals.detail": ANALYSTS,
    "exports.index": ANALYSTS,
    "exports.job": ANALYSTS,
    "exports.preview": ANALYSTS,
    # An invalid or expired link sends the official back to the workspace with a message.
    "exports.download": row(
        302, 403, 403, (302, "/werkplek"), (302, "/werkplek"), (302, "/werkplek"), network=403
    ),
    # Open data exists only once an admin published it: 404 for everyone before that.
    "exports.open_data": everyone(404),
    "exports.open_data_file": everyone(404),
    "network.overview": row(302, 403, 403, 403, 403, 403, network=200, platform=403),
}


def _theme(world) -> int:
    theme = Theme(
        consultation_id=world.consultation.id,
        municipality_id=world.municipality.id,
        key="t1",
        label="Verkeer",
        size=1,
    )
    db.session.add(theme)
    db.session.commit()
    return theme.id


def _job(world) -> int:
    job = Job(
        kind="analysis",
        subject=f"consultation:{world.consultation.id}",
        municipality_id=world.municipality.id,
        status=JobStatus.FINISHED,
    )
    db.session.add(job)
    db.session.commit()
    return job.id


def _signal(world) -> int:
    signal = make_signal(world.consultation, explanation="10 teksten in week 47, normaal 2–3")
    db.session.commit()
    return signal.id


SAMPLES = {"theme_id": _theme, "job_id": _job, "signal_id": _signal, "fmt": lambda world: "csv"}


#: Analysts' actions on municipality A's themes, signals and exports; B's admin gets 404, as
#: for an id that does not exist. A POST with only a CSRF token: forms redirect back with a
#: message (302) or answer 400.
THEME = (302, "/werkplek/themas/")
SIGNAL = (302, "/werkplek/signalen/")
POST_EXPECTED = {
    "themes.answer": row(302, 403, 403, 400, 400, 404, network=403, platform=403),
    "themes.merge": row(302, 403, 403, THEME, THEME, 404, network=403, platform=403),
    "themes.move": row(302, 403, 403, 400, 400, 404, network=403, platform=403),
    "themes.pin": row(302, 403, 403, THEME, THEME, 404, network=403, platform=403),
    # Without a contribution the Onzeker list is shown again with a message.
    "themes.place": row(
        302,
        403,
        403,
        (302, "/werkplek/raadplegingen/"),
        (302, "/werkplek/raadplegingen/"),
        404,
        network=403,
        platform=403,
    ),
    "themes.reanalyse": row(
        302, 403, 403, (302, "/werkplek/taken/"), (302, "/werkplek/taken/"), 404, network=403
    ),
    "themes.rename": row(302, 403, 403, THEME, THEME, 404, network=403, platform=403),
    "themes.split": row(302, 403, 403, THEME, THEME, 404, network=403, platform=403),
    "themes.status": row(302, 403, 403, THEME, THEME, 404, network=403, platform=403),
    "exports.index": row(302, 403, 403, 400, 400, 404, network=403, platform=403),
    # Publishing open data is for admins only.
    "exports.publish_open_data": row(
        302, 403, 403, 403, (302, "/werkplek/raadplegingen/"), 404, network=403
    ),
    "signals.acknowledge": row(302, 403, 403, SIGNAL, SIGNAL, 404, network=403, platform=403),
    "signals.dismiss": row(302, 403, 403, SIGNAL, SIGNAL, 404, network=403, platform=403),
    # The analyst's own weekly digest switch; back to the consultation's signals.
    "signals.toggle_digest": row(302, 403, 403, 302, 302, 404, network=403, platform=403),
}
