"""Officials' curation survives a re-analysis that sees the input differently.

Each test stores a first pipeline result, makes one edit, then stores a second result in
which the pipeline groups the same input otherwise (new theme ids, themes gone, input in
other themes), as it does when input is added or removed, and checks the edit holds.
"""

from __future__ import annotations

import pytest
from flask_login import login_user
from sqlalchemy import select

from dialogue.accounts.models import Role
from dialogue.contributions.models import Contribution
from dialogue.themes.analysis import load_contributions
from dialogue.themes.curation import (
    apply_curation,
    merge_themes,
    move_contribution,
    rename_theme,
    set_pinned,
    split_theme,
)
from dialogue.themes.models import Theme
from nlp.themes import Theme as PipelineTheme
from nlp.themes import ThemeModel
from nlp.themes.features import LexicalVectoriser
from tests.factories import make_consultation, make_contribution, make_user


def pipeline_result(groups: dict[str, list[int]], ids: list[int]) -> ThemeModel:
    """Return a pipeline model that puts ids[i] for each i of a group into that theme."""
    themes = tuple(
        PipelineTheme(id=key, label=f"Thema {key}", keywords=("woord",), size=len(rows),
                      examples=(), centroid={"w:woord": 1.0})
        for key, rows in groups.items()
    )  # fmt: skip
    assignment: dict[str, str | None] = {str(i): None for i in ids}
    for key, rows in groups.items():
        for row in rows:
            assignment[str(ids[row])] = key
    return ThemeModel(themes=themes, assignment=assignment, vectoriser=LexicalVectoriser())


FIRST = {"t1": list(range(0, 8)), "t2": list(range(8, 14)), "t3": list(range(14, 20))}
#: The second run: t1's and t2's input mixed into t1, t7 and t8; t3 gone into t9.
SECOND = {
    "t1": [0, 1, 2, 8, 9],
    "t7": [3, 4, 5, 10, 11],
    "t8": [6, 7, 12, 13],
    "t9": list(range(14, 20)),
}


@pytest.fixture
def stored(db, app):
    analyst = make_user(Role.ANALYST)
    consultation = make_consultation(municipality=analyst.municipality)
    ids = [
        make_contribution(consultation=consultation, text=f"Inbreng nummer {n}").id
        for n in range(20)
    ]
    apply_curation(consultation, load_contributions(consultation.id), pipeline_result(FIRST, ids))
    db.session.commit()
    with app.test_request_context():
        login_user(analyst)
        yield consultation, ids


def reanalyse(db, consultation, ids, groups=SECOND) -> None:
    apply_curation(consultation, load_contributions(consultation.id), pipeline_result(groups, ids))
    db.session.commit()
    db.session.expire_all()


def theme(db, consultation, key: str) -> Theme:
    return db.session.scalar(select(Theme).filter_by(consultation_id=consultation.id, key=key))


def members(db, key: str | None) -> set[int]:
    return set(db.session.scalars(select(Contribution.id).filter_by(theme_key=key)))


def test_a_renamed_theme_keeps_its_name_and_its_input_when_the_pipeline_loses_it(db, stored):
    consultation, ids = stored
    rename_theme(theme(db, consultation, "t3"), "Ophalen van GFT-afval")
    db.session.commit()
    reanalyse(db, consultation, ids)
    renamed = theme(db, consultation, "t3")
    assert renamed.active and renamed.label == "Ophalen van GFT-afval"
    assert members(db, "t3") == set(ids[14:20])
    reanalyse(db, consultation, ids, FIRST)  # found again: the name stays
    assert theme(db, consultation, "t3").label == "Ophalen van GFT-afval"


def test_a_merge_never_falls_apart(db, stored):
    consultation, ids = stored
    merge_themes(theme(db, consultation, "t2"), theme(db, consultation, "t1"))
    db.session.commit()
    for _ in range(2):
        reanalyse(db, consultation, ids)
        assert members(db, "t1") == set(ids[0:14])
        assert theme(db, consultation, "t1").active
        assert theme(db, consultation, "t1").size == 14
        assert not theme(db, consultation, "t2").active


def test_a_split_off_theme_keeps_its_input(db, stored):
    consultation, ids = stored
    new = split_theme(theme(db, consultation, "t1"), ids[0:3], "Slagschaduw")
    db.session.commit()
    reanalyse(db, consultation, ids)
    new = theme(db, consultation, new.key)
    assert new.active and new.label == "Slagschaduw"
    assert members(db, new.key) == set(ids[0:3])


def test_moved_input_stays_where_the_official_put_it(db, stored):
    consultation, ids = stored
    move_contribution(db.session.get(Contribution, ids[15]), theme(db, consultation, "t1"))
    move_contribution(db.session.get(Contribution, ids[16]), None)
    db.session.commit()
    reanalyse(db, consultation, ids)
    assert db.session.get(Contribution, ids[15]).theme_key == "t1"
    assert db.session.get(Contribution, ids[16]).theme_key is None


def test_a_pinned_theme_keeps_its_input_when_the_pipeline_loses_it(db, stored):
    consultation, ids = stored
    set_pinned(theme(db, consultation, "t3"), True)
    db.session.commit()
    reanalyse(db, consultation, ids)
    assert theme(db, consultation, "t3").active
    assert members(db, "t3") == set(ids[14:20])
    assert not members(db, "t9")


def test_without_edits_the_pipeline_decides(db, stored):
    consultation, ids = stored
    reanalyse(db, consultation, ids)
    assert not theme(db, consultation, "t3").active
    assert members(db, "t9") == set(ids[14:20])
    assert members(db, "t1") == {ids[i] for i in SECOND["t1"]}
