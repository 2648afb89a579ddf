"""Score the pipeline against labelled data: themes, discontent and signals."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import (
    adjusted_rand_score,
    f1_score,
    normalized_mutual_info_score,
    roc_auc_score,
)

from nlp import signals, themes
from nlp.cli import Contribution, InputError, enrich_with_progress, read_jsonl
from nlp.components.discontent_model import rescore

DAYS_PER_MONTH = 30.44
REMAINDER = "__overig__"


@dataclass
class Report:
    """Evaluation figures; None where the input has no labels for them."""

    texts: int
    themes: int = 0
    method: str = ""
    ari: float | None = None
    nmi: float | None = None
    ari_covered: float | None = None
    nmi_covered: float | None = None
    coverage: float | None = None
    macro_f1: float | None = None
    roc_auc: float | None = None
    signal_lines: list[str] = field(default_factory=list)

    def text(self) -> str:
        """Return the report as readable lines."""
        lines = [f"teksten: {self.texts}, thema's: {self.themes} ({self.method})"]
        if self.ari is not None:
            lines.append(
                f"thema's  ARI {self.ari:.3f}  NMI {self.nmi:.3f}  dekking {self.coverage:.1%}"
                f"  (zonder Overig: ARI {self.ari_covered:.3f}  NMI {self.nmi_covered:.3f})"
            )
        if self.macro_f1 is not None:
            auc = f"{self.roc_auc:.3f}" if self.roc_auc is not None else "n.v.t."
            lines.append(f"negatief  macro-F1 {self.macro_f1:.3f}  ROC-AUC {auc}")
        lines.extend(self.signal_lines)
        return "\n".join(lines)


def evaluate_file(
    path: Path,
    *,
    categories_field: str = "category",
    polarity_field: str = "negative",
    surge_category: str | None = None,
    surge_weeks: int = 4,
    k: int | str = "auto",
    sentence_vectors: bool | str = "auto",
) -> Report:
    """Evaluate the pipeline on a labelled JSONL file."""
    contributions = read_jsonl(path)
    if not contributions:
        raise InputError(f"{path} bevat geen regels")
    texts = [c.text for c in contributions]
    enrichments = enrich_with_progress(texts)
    model = themes.discover(
        texts,
        ids=[c.id for c in contributions],
        enrichments=enrichments,
        k=k,  # type: ignore[arg-type]
        sentence_vectors=sentence_vectors,  # type: ignore[arg-type]
    )
    # Score discontent as `python -m nlp analyze` does (model where vectors are at hand).
    limit = {True: len(texts), False: 0}.get(sentence_vectors)  # type: ignore[call-overload]
    enrichments = rescore(texts, enrichments, limit=limit)
    report = Report(texts=len(texts), themes=len(model.themes), method=model.method)
    predicted = [model.assignment.get(c.id) or REMAINDER for c in contributions]
    categories = [c.extra.get(categories_field) for c in contributions]
    if any(c is not None for c in categories):
        score_themes(report, [str(c) for c in categories], predicted)
    polarity = [_as_bool(c.extra.get(polarity_field)) for c in contributions]
    known = [i for i, value in enumerate(polarity) if value is not None]
    if known:
        truth = [bool(polarity[i]) for i in known]
        report.macro_f1 = float(
            f1_score(truth, [enrichments[i].negative for i in known], average="macro")
        )
        if len(set(truth)) == 2:
            scores = [enrichments[i].discontent for i in known]
            report.roc_auc = float(roc_auc_score(truth, scores))
    dated = [c for c in contributions if c.created_at]
    if dated and any(c is not None for c in categories):
        negative = {c.id: e.negative for c, e in zip(contributions, enrichments, strict=True)}
        report.signal_lines = evaluate_signals(
            dated, categories_field, negative, model, surge_category, surge_weeks
        )
    return report


def score_themes(report: Report, categories: list[str], predicted: list[str]) -> None:
    """Fill in ARI, NMI and coverage of predicted themes against categories."""
    report.ari = float(adjusted_rand_score(categories, predicted))
    report.nmi = float(normalized_mutual_info_score(categories, predicted))
    covered = [i for i, p in enumerate(predicted) if p != REMAINDER]
    report.coverage = len(covered) / len(predicted)
    if covered:
        report.ari_covered = float(
            adjusted_rand_score([categories[i] for i in covered], [predicted[i] for i in covered])
        )
        report.nmi_covered = float(
            normalized_mutual_info_score(
                [categories[i] for i in covered], [predicted[i] for i in covered]
            )
        )
    else:
        report.ari_covered = report.nmi_covered = 0.0


def evaluate_signals(
    contributions: list[Contribution],
    categories_field: str,
    negative: dict[str, bool],
    model: themes.ThemeModel,
    surge_category: str | None,
    surge_weeks: int,
) -> list[str]:
    """Return report lines on detection delay and false alarms, per gold and found themes."""
    days = [signals.as_date(c.created_at) for c in contributions]
    rows = [(c, d) for c, d in zip(contributions, days, strict=True) if d is not None]
    if not rows:
        return []
    last = max(d for _, d in rows)
    surge_start = _monday(last) - timedelta(weeks=surge_weeks - 1)
    gold = [
        {
            "theme": str(c.extra.get(categories_field)),
            "area": c.area,
            "created_at": d,
            "negative": negative[c.id],
        }
        for c, d in rows
    ]
    surge = surge_category or infer_surge(gold, surge_start)
    found = [
        dict(r, theme=model.assignment.get(c.id)) for r, (c, _) in zip(gold, rows, strict=True)
    ]
    surge_themes = themes_of_surge(gold, found, surge, surge_start)
    lines = [f"signalen  piek: categorie {surge!r} vanaf {surge_start.isoformat()}"]
    runs = (("categorieën", gold, {surge}), ("gevonden thema's", found, surge_themes))
    for name, records, target in runs:
        outcome = weekly_run(records, surge_start, target)
        lines.append(f"  {name}: {outcome}")
    synthetic = synthetic_false_alarms()
    lines.append(f"  synthetisch Poisson (50 thema's x 20 kernen, 2 jaar): {synthetic}")
    return lines


def themes_of_surge(
    gold: list[dict[str, Any]], found: list[dict[str, Any]], surge: str, surge_start: date
) -> set[str]:
    """Return the found themes that are mostly the surge category during the surge."""
    total: Counter[str] = Counter()
    from_surge: Counter[str] = Counter()
    for g, f in zip(gold, found, strict=True):
        if f["theme"] is not None and g["created_at"] >= surge_start:
            total[f["theme"]] += 1
            from_surge[f["theme"]] += g["theme"] == surge
    return {theme for theme in total if from_surge[theme] >= 0.5 * total[theme]}


def infer_surge(records: list[dict[str, Any]], surge_start: date) -> str:
    """Return the category whose weekly volume rose most in the surge window."""
    before: Counter[str] = Counter()
    during: Counter[str] = Counter()
    first = min(r["created_at"] for r in records)
    weeks_before = max(1.0, (surge_start - first).days / 7)
    for record in records:
        bucket = during if record["created_at"] >= surge_start else before
        bucket[record["theme"]] += 1
    return max(during, key=lambda t: during[t] / max(before[t] / weeks_before, 0.5))


@dataclass
class WeeklyOutcome:
    """Signals of a week-by-week replay of a corpus."""

    delay_weeks: int | None
    false_alarms: int
    theme_months: float
    with_surge: bool = True

    def __str__(self) -> str:
        rate = 50 * self.false_alarms / self.theme_months if self.theme_months else 0.0
        found = (
            f"piek gevonden in week {self.delay_weeks} van de piek"
            if self.delay_weeks is not None
            else "piek niet gevonden"
        )
        if not self.with_surge:
            found = "geen piek"
        return (
            f"{found}; {self.false_alarms} valse alarmen in {self.theme_months:.0f} "
            f"thema-maanden = {rate:.2f} per 50 thema-maanden"
        )


def weekly_run(
    records: list[dict[str, Any]], surge_start: date | None, surge_themes: set[str]
) -> WeeklyOutcome:
    """Replay the corpus week by week as the app would run, and score the signals."""
    valid = [r for r in records if r["theme"] is not None]
    if not valid:
        return WeeklyOutcome(None, 0, 0.0, with_surge=bool(surge_themes))
    first = _monday(min(r["created_at"] for r in valid))
    last = _monday(max(r["created_at"] for r in valid))
    settings = signals.Settings.from_environment(lookback_weeks=1)
    delay = None
    false_alarms = 0
    # Input without a theme still counts in its kern's total, as in the app.
    found = signals.detect_history(records, now=last + timedelta(days=6), settings=settings)
    for signal in found:
        week = date.fromisoformat(signal.period_start)
        # A kern's rise over all its input has as theme the one that carries most of it.
        if surge_start is not None and week >= surge_start and signal.theme in surge_themes:
            if delay is None or (week - surge_start).days // 7 + 1 < delay:
                delay = (week - surge_start).days // 7 + 1
        else:
            false_alarms += 1
    tested_weeks = max(0, (last - first).days // 7 + 1 - settings.min_history_weeks)
    n_themes = len({r["theme"] for r in valid})
    theme_months = n_themes * tested_weeks * 7 / DAYS_PER_MONTH
    return WeeklyOutcome(delay, false_alarms, theme_months, with_surge=bool(surge_themes))


def synthetic_false_alarms(seed: int = 0) -> WeeklyOutcome:
    """Replay a surge-free Poisson corpus: 50 themes x 20 areas, two years of weeks."""
    rng = np.random.default_rng(seed)
    start = date(2024, 1, 1)
    records = []
    rates = rng.gamma(2.0, 0.15, size=(50, 20))  # texts per week per theme and area
    for theme in range(50):
        share = rng.uniform(0.15, 0.5)
        for area in range(20):
            counts = rng.poisson(rates[theme, area], size=104)
            for week, count in enumerate(counts):
                for _ in range(count):
                    records.append(
                        {
                            "theme": f"t{theme}",
                            "area": f"a{area}",
                            "created_at": start + timedelta(days=7 * week + int(rng.integers(7))),
                            "negative": bool(rng.random() < share),
                        }
                    )
    return weekly_run(records, None, set())


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"1", "true", "negative", "neg", "negatief", "ja", "yes"}:
            return True
        if lowered in {"0", "false", "positive", "pos", "positief", "neutral", "nee", "no"}:
            return False
    return None
