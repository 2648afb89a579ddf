"""What the council report may quote and which shares it shows (small groups stay hidden)."""

from __future__ import annotations

from datetime import timedelta

from dialogue.contributions.repeats import distinct_texts
from dialogue.exports.summary import build_summary
from dialogue.themes.models import Theme
from dialogue.timeutil import utcnow
from tests.factories import make_consultation, make_contribution


def _theme(db, consultation, key: str, texts: list[str], negatives: int = 0) -> None:
    db.session.add(
        Theme(
            consultation_id=consultation.id,
            municipality_id=consultation.municipality_id,
            key=key,
            label=f"Thema {key}",
            size=len(texts),
        )
    )
    for n, text in enumerate(texts):
        make_contribution(
            consultation=consultation,
            theme_key=key,
            text=text,
            negative=n < negatives,
            created_at=utcnow() - timedelta(hours=n),
        )


def test_a_theme_below_the_threshold_is_not_quoted(db, app):
    consultation = make_consultation()
    _theme(
        db, consultation, "small", [f"Het pad bij de school is donker, punt {n}." for n in range(4)]
    )
    _theme(
        db,
        consultation,
        "large",
        [f"De bus rijdt te weinig naar de stad, punt {n}." for n in range(5)],
    )
    db.session.commit()
    with app.test_request_context():
        summary = build_summary(consultation)
    quotes = {theme.key: theme.quotes for theme in summary.themes}
    assert quotes["small"] == []
    assert len(quotes["large"]) == 3


def test_the_same_sentence_is_quoted_once_per_theme(db, app):
    consultation = make_consultation()
    sentence = "De bus naar de stad rijdt veel te weinig in het weekend."
    _theme(
        db,
        consultation,
        "bus",
        [
            sentence,
            f"Beste gemeente, {sentence}",
            f"{sentence.lower()} Alvast bedankt!",
            "Een bushalte bij de kerk zou helpen voor ouderen.",
            "Graag een avondbus, nu kan ik niet naar mijn werk.",
        ],
    )
    db.session.commit()
    with app.test_request_context():
        quotes = build_summary(consultation).themes[0].quotes
    assert len(quotes) == 3
    assert sum("rijdt veel te weinig" in quote.lower() for quote in quotes) == 1


def test_distinct_texts_ignores_case_punctuation_and_greetings():
    texts = [
        "Het is hier veel te druk op zaterdag!",
        "Hallo. het is hier veel te DRUK op zaterdag",
        "Hallo, het is hier veel te druk op zaterdag, groet",
        "Iets heel anders dan het verkeer hier.",
    ]
    assert distinct_texts(texts, 3) == [texts[0], texts[3]]


def test_negative_share_needs_both_part_and_whole_at_the_threshold(db, app):
    consultation = make_consultation()
    _theme(db, consultation, "one", [f"Inbreng {n} over het plein hier." for n in range(5)], 1)
    _theme(db, consultation, "five", [f"Inbreng {n} over de haven hier." for n in range(10)], 5)
    db.session.commit()
    with app.test_request_context():
        summary = build_summary(consultation)
    shares = {t.key: summary.share(t.negative_share, t.size) for t in summary.themes}
    assert shares == {"one": "–", "five": "50%"}  # 20% of 5 would be one person
