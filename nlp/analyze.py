"""The `python -m nlp analyze` run: enrich, discover themes, detect signals, write the files."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from nlp import signals, themes
from nlp.cli import (
    Contribution,
    InputError,
    enrich_with_progress,
    read_jsonl,
    write_json,
    write_jsonl,
)
from nlp.components.discontent_model import rescore
from nlp.pipeline import Enrichment
from nlp.themes import large


@dataclass(frozen=True)
class Summary:
    """What one analysis run produced."""

    contributions: int
    themes: int
    remainder: int
    signals: int
    seconds: float
    out: Path

    def line(self) -> str:
        """Return the one-line summary shown at the end of a run."""
        share = self.remainder / self.contributions if self.contributions else 0.0
        return (
            f"{self.contributions} bijdragen, {self.themes} thema's "
            f"({share:.0%} Overig), {self.signals} signalen; "
            f"uitvoer in {self.out} ({self.seconds:.1f} s)"
        )


def analyze(
    source: Path,
    out: Path,
    previous: Path | None = None,
    sentence_vectors: bool | str = "auto",
) -> Summary:
    """Analyse a JSONL file and write contributions.jsonl, themes.json and signals.json."""
    started = time.perf_counter()
    contributions = read_jsonl(source)
    previous_model = _read_model(previous) if previous else None
    texts = [c.text for c in contributions]
    # A large input's sample is encoded in another process while spaCy enriches the texts.
    with large.sample_encoded_elsewhere(texts, enabled=sentence_vectors is not False):
        enrichments = enrich_with_progress(texts)
        model = themes.discover(
            texts,
            ids=[c.id for c in contributions],
            previous=previous_model,
            enrichments=enrichments,
            sentence_vectors=sentence_vectors,  # type: ignore[arg-type]
            places={c.area for c in contributions if c.area},
        )
    # Lexicon + sentence vector where discover encoded the texts (docs/nlp.md, Discontent).
    limit = {True: len(texts), False: 0}.get(sentence_vectors)  # type: ignore[call-overload]
    enrichments = rescore(texts, enrichments, limit=limit)
    found = detect_signals(contributions, model, [e.negative for e in enrichments])
    _write_results(out, contributions, enrichments, model, found)
    remainder = sum(1 for c in contributions if model.assignment.get(c.id) is None)
    return Summary(
        len(contributions),
        len(model.themes),
        remainder,
        len(found),
        time.perf_counter() - started,
        out,
    )


def _write_results(
    out: Path,
    contributions: list[Contribution],
    enrichments: list[Enrichment],
    model: themes.ThemeModel,
    found: list[signals.Signal],
) -> None:
    """Write contributions.jsonl, themes.json, signals.json and model.json into out."""
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(
        out / "contributions.jsonl",
        (
            {
                "id": c.id,
                "theme": model.assignment.get(c.id),
                "theme_confidence": model.confidence.get(c.id),
                "discontent": round(float(e.discontent), 4),
                "negative": bool(e.negative),
                "pii": [{"kind": s.kind, "start": s.start, "end": s.end} for s in e.pii],
                "language": e.language,
            }
            for c, e in zip(contributions, enrichments, strict=True)
        ),
    )
    write_json(
        out / "themes.json",
        [
            {"id": t.id, "label": t.label, "keywords": list(t.keywords), "size": t.size}
            for t in model.themes
        ],
    )
    write_json(
        out / "signals.json",
        [
            {
                "theme": s.theme,
                "area": s.area,
                "period_start": s.period_start,
                "period_end": s.period_end,
                "kind": s.kind,
                "score": s.score,
                "explanation": s.explanation,
            }
            for s in found
        ],
    )
    write_json(out / "model.json", model.to_dict())


def detect_signals(
    contributions: list[Contribution], model: themes.ThemeModel, negative: list[bool]
) -> list[signals.Signal]:
    """Return the signals weekly runs would have raised over the input's period, by week."""
    records = [
        {
            "theme": model.assignment.get(c.id),
            "area": c.area,
            "created_at": c.created_at,
            "negative": is_negative,
        }
        for c, is_negative in zip(contributions, negative, strict=True)
    ]
    return signals.detect_history(records, labels={t.id: t.label for t in model.themes})


def _read_model(path: Path) -> themes.ThemeModel:
    try:
        return themes.ThemeModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(f"kan vorig model {path} niet lezen: {error}") from None
