"""The public theme view: what residents say per theme, and what the municipality does."""

from __future__ import annotations

from dialogue.accounts.models import Role
from dialogue.answers.models import OfficialResponse
from dialogue.consultations.models import ConsultationStatus
from dialogue.contributions.models import ContributionStatus
from dialogue.extensions import db as _db
from dialogue.themes.models import Theme
from tests.factories import make_consultation, make_contribution, make_user
from tests.helpers import show_url, text_of


def _theme(consultation, key: str, label: str, **overrides) -> Theme:
    theme = Theme(
        consultation_id=consultation.id,
        municipality_id=consultation.municipality_id,
        key=key,
        label=label,
        **overrides,
    )
    _db.session.add(theme)
    return theme


def test_theme_view_shows_labels_counts_answers_and_examples(client, db):
    consultation = make_consultation()
    for n in range(6):
        make_contribution(consultation=consultation, theme_key="t1", text=f"Te hard rijden {n}.")
    make_contribution(consultation=consultation, theme_key="t2", text="De bieb moet blijven.")
    make_contribution(
        consultation=consultation,
        theme_key="t2",
        text="Verborgen tekst over de bieb.",
        status=ContributionStatus.HIDDEN,
    )
    _theme(consultation, "t1", "Verkeer en snelheid")
    _theme(consultation, "t2", "Bibliotheek")
    _theme(consultation, "t3", "Verdwenen thema", active=False)
    analyst = make_user(Role.ANALYST, municipality=consultation.municipality)
    db.session.add(
        OfficialResponse(
            consultation_id=consultation.id,
            theme_key="t1",
            author_id=analyst.id,
            author_role="analyst",
            text="Er komen drempels bij de school.",
        )
    )
    db.session.commit()

    page = text_of(client.get(f"{show_url(consultation)}/themas"))
    assert page.index("Verkeer en snelheid") < page.index("Bibliotheek")
    assert "6 teksten" in page
    assert "minder dan 5 teksten" in page and "1 tekst" not in page
    assert "Er komen drempels bij de school." in page
    assert "De bieb moet blijven." in page and "Te hard rijden" in page
    assert "Verborgen tekst" not in page and "Verdwenen thema" not in page


def test_consultation_page_links_to_the_theme_view(client, db):
    consultation = make_consultation()
    db.session.commit()
    page = text_of(client.get(show_url(consultation)))
    assert f'href="{show_url(consultation)}/themas"' in page
    assert "De gemeente heeft nog niet geantwoord." in page


def test_theme_view_of_a_draft_is_not_public(client, db):
    consultation = make_consultation(status=ConsultationStatus.DRAFT)
    db.session.commit()
    assert client.get(f"{show_url(consultation)}/themas").status_code == 404


def test_theme_view_quotes_a_reposted_text_once(client, db):
    consultation = make_consultation()
    repost = "Mijn diabetescontrole wordt nu in Dijkzicht gedaan. Ik heb geen auto."
    texts = [
        repost,
        repost.replace("gedaan.", "gedaan,"),  # the same words, other punctuation
        "Ik woon hier nu 30 jaar en wil toch even reageren.\n" + repost.upper(),
        "De apotheek in het dorp moet open blijven, ook op zaterdag.",
        "Een bezorgdienst voor medicijnen zou ouderen erg helpen.",
        "Nog een andere gedachte over de apotheek en de huisarts hier.",
    ]
    ids = [make_contribution(consultation=consultation, theme_key="t1", text=t).id for t in texts]
    _theme(consultation, "t1", "Apotheek", example_ids=ids[:3] + ids[4:5])
    db.session.commit()

    page = client.get(f"{show_url(consultation)}/themas").get_data(as_text=True)
    examples = page[page.index("Wat inwoners zeggen") :]
    assert examples.count("diabetescontrole") + examples.count("DIABETESCONTROLE") == 1
    assert "Een bezorgdienst voor medicijnen" in examples  # the analysis's next example
    assert "Nog een andere gedachte" in examples  # then the newest that is no repeat
