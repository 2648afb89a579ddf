"""Re-analysis as a job: steps with progress, the page usable meanwhile, never in the request."""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.extensions import db
from dialogue.jobs import Job, JobStatus
from dialogue.themes.models import Theme
from dialogue.themes.steps import analysis_steps, step_progress
from dialogue.timeutil import utcnow
from tests.conftest import login
from tests.factories import make_consultation, make_contribution, make_user
from tests.themes.corpus import corpus
from tests.themes.test_job_pages import job_page

COPIES = 8


def states(progress: float, status: JobStatus = JobStatus.RUNNING) -> list[str]:
    return [step.state for step in analysis_steps(Job(status=status, progress=progress))]


def test_steps_follow_the_progress():
    assert states(0.0, JobStatus.QUEUED) == ["waiting", "waiting", "waiting"]
    assert states(0.1) == ["running", "waiting", "waiting"]
    assert states(step_progress("themes")) == ["done", "running", "waiting"]
    assert states(step_progress("signals", 0.5)) == ["done", "done", "running"]
    assert states(0.95, JobStatus.FINISHED) == ["done", "done", "done"]
    assert step_progress("prepare", 0.5) == pytest.approx(0.15)


def test_job_page_names_the_steps_and_the_current_one(client, as_user):
    html = job_page(client, as_user, "analysis", JobStatus.RUNNING, progress=0.45)
    assert re.search(r'role="status">bezig: thema&#39;s zoeken \(45%\)<', html)
    steps = re.findall(r'<li class="kp-step kp-step--(\w+)"[^>]*>([^:]+):', html)
    assert steps == [
        ("done", "teksten voorbereiden"),
        ("running", "thema&#39;s zoeken"),
        ("waiting", "signalen"),
    ]
    assert '<progress class="kp-progress" max="100" value="45"' in html
    assert "U kunt deze pagina verlaten en verder werken" in html


def wait_for(app, job_id: int, seconds: float = 120) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with app.app_context():
            job = db.session.get(Job, job_id)
            if job.status in (JobStatus.FINISHED, JobStatus.FAILED):
                db.session.expunge(job)
                return job
        time.sleep(0.2)
    raise AssertionError("the analysis did not end")


@pytest.mark.slow
def test_reanalysis_from_the_page_runs_in_a_thread_and_finishes(make_app):
    app = make_app(JOBS_IN_THREAD=True)
    with app.app_context():
        analyst = make_user(Role.ANALYST)
        consultation = make_consultation(municipality=analyst.municipality)
        # Enough input that the analysis takes a while (about a second here).
        for copy in range(COPIES):
            for _topic, text, created in corpus(utcnow() - timedelta(days=60)):
                make_contribution(
                    consultation=consultation, text=f"{text} ({copy})", created_at=created
                )
        db.session.commit()
        consultation_id = consultation.id
        client = login(app.test_client(), analyst)
    themes_url = f"/werkplek/raadplegingen/{consultation_id}/themas"
    page = client.get(themes_url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/werkplek/raadplegingen/{consultation_id}/analyse", data={"csrf_token": token}
    )
    assert response.status_code == 302
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    # The request came back before the work was done: another thread does it.
    assert any(t.name == f"kernpunt-job-{job_id}" for t in threading.enumerate())
    assert client.get(themes_url).status_code == 200  # the pages stay usable meanwhile
    job = wait_for(app, job_id)
    assert job.status == JobStatus.FINISHED, job.error
    finished = client.get(f"/werkplek/taken/{job_id}").get_data(as_text=True)
    assert finished.count("kp-step--done") == 3
    with app.app_context():
        assert db.session.scalars(select(Theme).filter_by(consultation_id=consultation_id)).all()
