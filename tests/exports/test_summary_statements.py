"""The council report reads its facts in a fixed number of queries, whatever the number of themes."""

from __future__ import annotations

from datetime import timedelta

from dialogue.answers.models import OfficialResponse
from dialogue.exports.summary import build_summary
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_contribution, make_signal
from tests.helpers import sql_statements

#: build_summary's statements (without votes): the consultation (expired here), weeks,
#: participants, input by channel × kern × theme, answers, signals, municipality, kernen,
#: themes, quotes (2), statuses, moderation reasons (2). 46 at 3,000 input and 52 at 20,000
#: before (one or two per theme for its quotes, the whole dashboard for the weekly counts).
SUMMARY_STATEMENTS = 15


def _consultation_with_themes(db, themes: int):
    consultation = make_consultation()
    for t in range(themes):
        key = f"t{t}"
        texts = [f"Thema {t}: de weg bij de school is onveilig, melding {n}." for n in range(6)]
        ids = []
        for n, text in enumerate(texts):
            row = make_contribution(
                consultation=consultation,
                theme_key=key,
                text=text,
                created_at=utcnow() - timedelta(days=n * 3),
            )
            ids.append(row.id)
        db.session.add(
            Theme(
                consultation_id=consultation.id,
                municipality_id=consultation.municipality_id,
                key=key,
                label=f"Thema {t}",
                size=len(texts),
                example_ids=ids[:1],  # too few examples: the newest input fills up
            )
        )
        db.session.add(
            OfficialResponse(
                consultation_id=consultation.id,
                theme_key=key,
                author_role="analyst",
                text=f"Antwoord op thema {t}.",
            )
        )
        make_signal(consultation, theme_key=key)
    db.session.commit()
    db.session.expire_all()
    return consultation


def _count(app, consultation) -> tuple[int, object]:
    with app.test_request_context(), sql_statements() as seen:
        summary = build_summary(consultation)
    return len(seen), summary


def test_more_themes_cost_no_more_queries(db, app):
    few, small = _count(app, _consultation_with_themes(db, 2))
    many, large = _count(app, _consultation_with_themes(db, 7))

    assert len(small.themes) == 2 and len(large.themes) == 7
    assert all(len(theme.quotes) == 3 and theme.answers and theme.signals for theme in large.themes)
    assert few == many <= SUMMARY_STATEMENTS
