"""Re-analysis of a consultation: rediscover themes, keep officials' edits, refresh signals.

The work is done in two phases so that a worker killed half-way changes nothing: first
everything is computed from a snapshot of the input (only the Job row's progress is
committed), then the new themes, assignments and signals replace the old ones in one
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, bindparam, func, select, update

from dialogue.consultations.models import Consultation
from dialogue.contributions.models import Contribution, ContributionStatus
from dialogue.contributions.prefetch import prefetched
from dialogue.extensions import db
from dialogue.jobs import Job, JobStatus, enqueue, set_progress
from dialogue.jobsweep import interrupt_if_stuck
from dialogue.themes.enrichment import enrichment_of
from dialogue.themes.models import Theme, ThemeAnalysis
from dialogue.themes.steps import step_progress

if TYPE_CHECKING:  # loading nlp takes seconds; most requests never need it
    from nlp.themes import ThemeModel

ANALYSIS_JOB = "analysis"
#: Texts prepared between two progress updates of a re-analysis.
ENRICH_CHUNK = 500


@dataclass(frozen=True)
class ContributionRow:
    """What the analysis needs of one published contribution."""

    id: int
    text: str
    created_at: datetime
    kern: str | None
    theme_key: str | None
    theme_locked: bool
    suggested_theme_key: str | None = None
    theme_confidence: float | None = None


def analysis_subject(consultation_id: int) -> str:
    """Return the Job subject that identifies a consultation's analysis."""
    return f"consultation:{consultation_id}"


def request_analysis(
    consultation: Consultation, *, requested_by=None, background: bool = False
) -> Job:
    """Queue a re-analysis unless one is already queued or running; return that job.

    A queued or running analysis whose process died is marked failed first (jobsweep.py),
    so that a killed worker never blocks a consultation's analysis for good.

    `background` (the web page): without Redis it runs in a thread, not in the request.
    """
    subject = analysis_subject(consultation.id)
    # Lock the consultation row so two simultaneous requests cannot both create a job.
    db.session.execute(
        select(Consultation.id).where(Consultation.id == consultation.id).with_for_update()
    )
    running = db.session.scalar(
        select(Job).where(
            Job.kind == ANALYSIS_JOB,
            Job.subject == subject,
            Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
        )
    )
    if running is not None and not interrupt_if_stuck(running):
        return running
    job = Job(
        kind=ANALYSIS_JOB,
        subject=subject,
        municipality_id=consultation.municipality_id,
        created_by_id=getattr(requested_by, "id", None),
    )
    db.session.add(job)
    db.session.commit()
    return enqueue(run_analysis, consultation.id, job=job, background=background)


def load_contributions(consultation_id: int) -> list[ContributionRow]:
    """Return the published input of a consultation, oldest first."""
    from dialogue.municipalities.models import Kern

    rows = db.session.execute(
        select(
            Contribution.id,
            Contribution.text,
            Contribution.redacted_text,
            Contribution.given_at.label("given_at"),
            Kern.name,
            Contribution.theme_key,
            Contribution.theme_locked,
            Contribution.suggested_theme_key,
            Contribution.theme_confidence,
        )
        .outerjoin(Kern, Contribution.kern_id == Kern.id)
        .where(
            Contribution.consultation_id == consultation_id,
            Contribution.status == ContributionStatus.PUBLISHED,
        )
        .order_by(Contribution.given_at, Contribution.id)
    ).all()
    return [
        ContributionRow(
            r.id,
            r.redacted_text if r.redacted_text is not None else r.text,
            r.given_at,
            r.name,
            r.theme_key,
            r.theme_locked,
            r.suggested_theme_key,
            r.theme_confidence,
        )
        for r in rows
    ]


def place_names(consultation: Consultation) -> set[str]:
    """Return the names of the municipality and its kernen: never a theme label on their own."""
    from dialogue.municipalities.models import Kern, Municipality

    names = set(
        db.session.scalars(
            select(Kern.name).where(Kern.municipality_id == consultation.municipality_id)
        )
    )
    municipality = db.session.get(Municipality, consultation.municipality_id)
    return names | ({municipality.name} if municipality else set())


def latest_analysis(consultation_id: int) -> ThemeAnalysis | None:
    """Return the most recent stored analysis of a consultation."""
    return db.session.scalar(
        select(ThemeAnalysis)
        .where(ThemeAnalysis.consultation_id == consultation_id)
        .order_by(ThemeAnalysis.id.desc())
        .limit(1)
    )


def run_analysis(job_id: int, consultation_id: int) -> str:
    """Rediscover the themes of a consultation and refresh its signals (a background job)."""
    from dialogue.signals.services import refresh_signals
    from dialogue.themes.curation import apply_curation
    from nlp import enrich
    from nlp.components.discontent_model import rescore
    from nlp.themes import ThemeModel, discover
    from nlp.themes.large import sample_encoded_elsewhere

    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        raise LookupError(f"consultation {consultation_id} does not exist")
    rows = load_contributions(consultation_id)
    texts = [row.text for row in rows]
    # A large input's sample is encoded in another process while spaCy enriches the texts
    # (only where the job runs in a process of its own, as in an RQ worker; docs/nlp.md).
    with sample_encoded_elsewhere(texts):
        enrichments = []
        for start in range(0, len(texts), ENRICH_CHUNK):
            set_progress(job_id, step_progress("prepare", start / len(texts)))
            enrichments += enrich(texts[start : start + ENRICH_CHUNK])
        previous_row = latest_analysis(consultation_id)
        previous = ThemeModel.from_dict(previous_row.model) if previous_row else None
        previous_run = previous_row.created_at if previous_row else None
        # This commits: no transaction (on SQLite: no write lock) is held while themes are found.
        set_progress(job_id, step_progress("themes"))
        model = discover(
            texts,
            ids=[row.id for row in rows],
            previous=previous,
            enrichments=enrichments,
            places=place_names(consultation),
        )
    # Lexicon + sentence vector (cached by discover); the lexicon alone above 5,000 texts.
    enrichments = rescore(texts, enrichments)
    set_progress(job_id, step_progress("signals"))

    # Phase two: one transaction replaces themes, assignments and signals.
    _store_enrichment(rows, enrichments)
    themes = apply_curation(consultation, rows, model)
    db.session.add(
        ThemeAnalysis(
            consultation_id=consultation_id,
            job_id=job_id,
            model=model.to_dict(),
            method=model.method,
            contribution_count=len(rows),
            theme_count=len(themes),
        )
    )
    signals = refresh_signals(consultation, previous_run=previous_run)
    job = db.session.get(Job, job_id)
    job.progress = 0.95
    db.session.commit()
    forget_cached_model(consultation_id)
    return f"{len(rows)} teksten, {len(themes)} thema's, {len(signals)} nieuwe signalen"


def _store_enrichment(rows: list[ContributionRow], enrichments: list) -> None:
    """Fill the NLP fields of input that was published without them (e.g. imported input)."""
    values = [
        {
            "row_id": row.id,
            "language": e.language,
            "discontent": float(e.discontent),
            "negative": bool(e.negative),
        }
        for row, e in zip(rows, enrichments, strict=True)
    ]
    if not values:
        return
    from sqlalchemy import bindparam

    statement = (
        update(Contribution.__table__)
        .where(Contribution.__table__.c.id == bindparam("row_id"))
        .values(
            language=bindparam("language"),
            discontent=bindparam("discontent"),
            negative=bindparam("negative"),
        )
    )
    db.session.execute(statement, values)


_model_cache: dict[int, tuple[int, object]] = {}


def forget_cached_model(consultation_id: int) -> None:
    """Drop the cached model of a consultation after a new analysis."""
    _model_cache.pop(consultation_id, None)


#: Separators of the merged themes in one string (keys are short slugs without them).
_PAIR, _ARROW = "\x1f", "\x1e"
# What placing needs from the database: the latest analysis (None when there is none) and
# every theme officials merged into another (usually none or a few), as one string.
_LATEST_ANALYSIS_ID = (
    select(ThemeAnalysis.id)
    .where(ThemeAnalysis.consultation_id == bindparam("consultation_id"))
    .order_by(ThemeAnalysis.id.desc())
    .limit(1)
    .scalar_subquery()
)
_MERGES = (
    select(func.aggregate_strings(Theme.key + _ARROW + Theme.merged_into_key, _PAIR))
    .where(
        Theme.consultation_id == bindparam("consultation_id"),
        Theme.merged_into_key.is_not(None),
    )
    .scalar_subquery()
)
#: Prebuilt: theme placement runs whenever input is published (building cost more than running).
_PLACEMENT_STATE = select(_LATEST_ANALYSIS_ID, _MERGES)


def placement_state_columns() -> tuple[ColumnElement[int], ColumnElement[str]]:
    """The latest analysis id and the merged themes of the bound "consultation_id" as two
    columns of another query (the API post's first): placing then needs no statement."""
    return _LATEST_ANALYSIS_ID, _MERGES


def merged_into(merges: str | None) -> dict[str, str]:
    """Theme key → key merged into, from the merges column of placement_state_columns()."""
    pairs = (pair.split(_ARROW, 1) for pair in (merges or "").split(_PAIR) if pair)
    return {old: new for old, new in pairs}


def _placement_state(contribution: Contribution) -> tuple[int, dict[str, str]] | None:
    """The latest analysis of the contribution's consultation (None: none) and its merges."""
    facts = prefetched(contribution)
    if facts is not None:  # read with the post's first query
        if facts.analysis_id is None:
            return None
        return facts.analysis_id, facts.merged_into
    parameters = {"consultation_id": contribution.consultation_id}
    analysis_id, merges = db.session.connection().execute(_PLACEMENT_STATE, parameters).one()
    if analysis_id is None:
        return None
    return analysis_id, merged_into(merges)


def assign_to_theme(contribution: Contribution) -> str | None:
    """Put newly published input into the nearest current theme (or none); return its key.

    Input whose theme barely beats the next one gets only a suggestion (the "Onzeker"
    list). Input that already has a theme (from an analysis, or placed by an official)
    keeps it.
    Only reads: it may run before the write lock is taken.
    """
    if contribution.theme_locked or contribution.theme_key is not None:
        return contribution.theme_key
    from nlp.themes import UNCERTAIN_BELOW, place

    consultation_id = contribution.consultation_id
    state = _placement_state(contribution)
    if state is None:
        return None
    analysis_id, merges = state
    text = contribution.public_text
    key, confidence = place(_model(consultation_id, analysis_id), enrichment_of(text), text)
    if key is not None:
        key = _follow_merges(merges, key)
    contribution.theme_confidence = confidence
    if key is not None and confidence is not None and confidence < UNCERTAIN_BELOW:
        contribution.suggested_theme_key, key = key, None  # waits on the "Onzeker" list
    contribution.theme_key = key
    return key


def runner_up_keys(contributions: list[Contribution]) -> dict[int, str]:
    """Return, per uncertain contribution, the theme that fits it next best after its
    suggestion (as themes are now, after merges), where there is one."""
    if not contributions:
        return {}
    from nlp.themes import ranked

    state = _placement_state(contributions[0])
    if state is None:
        return {}
    analysis_id, merges = state
    model = _model(contributions[0].consultation_id, analysis_id)
    runners_up = {}
    for contribution in contributions:
        text = contribution.public_text
        keys = (_follow_merges(merges, key) for key in ranked(model, enrichment_of(text), text))
        other = next((k for k in keys if k and k != contribution.suggested_theme_key), None)
        if other is not None:
            runners_up[contribution.id] = other
    return runners_up


def _model(consultation_id: int, analysis_id: int) -> ThemeModel:
    """Return the theme model of an analysis, read once per process and consultation."""
    from nlp.themes import ThemeModel

    cached = _model_cache.get(consultation_id)
    if cached is None or cached[0] != analysis_id:
        model = ThemeModel.from_dict(db.session.get(ThemeAnalysis, analysis_id).model)
        cached = _model_cache[consultation_id] = (analysis_id, model)
    return cached[1]


def _follow_merges(merged_into: dict[str, str], key: str) -> str | None:
    """Return the theme key that `key` now lives in, after officials' merges."""
    seen = set()
    while key not in seen and key in merged_into:
        seen.add(key)
        key = merged_into[key]
    return key
