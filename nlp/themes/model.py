"""The theme model: themes, assignments and what `assign` needs, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nlp.themes.features import LexicalVectoriser
from nlp.themes.scoring import CentroidScorer

OVERIG = "Overig"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Theme:
    """One theme: a stable id, a readable Dutch label and what it is made of."""

    id: str
    label: str
    keywords: tuple[str, ...]
    size: int
    examples: tuple[str, ...]
    centroid: dict[str, float] = field(compare=False, repr=False)
    threshold: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return the theme as JSON-able data."""
        return {
            "id": self.id,
            "label": self.label,
            "keywords": list(self.keywords),
            "size": self.size,
            "examples": list(self.examples),
            "centroid": self.centroid,
            "threshold": self.threshold,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Theme:
        """Rebuild a theme from `to_dict` output."""
        return cls(
            id=str(data["id"]),
            label=str(data["label"]),
            keywords=tuple(data.get("keywords", ())),
            size=int(data.get("size", 0)),
            examples=tuple(str(x) for x in data.get("examples", ())),
            centroid={str(k): float(v) for k, v in data.get("centroid", {}).items()},
            threshold=float(data.get("threshold", 0.0)),
        )


@dataclass
class ThemeModel:
    """The result of a discovery run; `assignment` maps input id to theme id or None."""

    themes: tuple[Theme, ...]
    assignment: dict[str, str | None]
    vectoriser: LexicalVectoriser
    #: Input id -> how clearly its theme beats the next one (0..1), for placed input.
    confidence: dict[str, float] = field(default_factory=dict)
    vanished: tuple[str, ...] = ()
    next_index: int = 1
    method: str = "lexical"
    #: "en" or "de" when more than half of the input was in it: new texts without Dutch
    #: evidence are read in it, as the input's were (`tokens.placement_tokens`).
    context_language: str | None = None
    _scorer: CentroidScorer | None = field(default=None, init=False, repr=False, compare=False)

    def theme(self, theme_id: str | None) -> Theme | None:
        """Return the theme with this id, or None."""
        return next((t for t in self.themes if t.id == theme_id), None)

    def label(self, theme_id: str | None) -> str:
        """Return the label of a theme id, "Overig" for None or an unknown id."""
        theme = self.theme(theme_id)
        return theme.label if theme else OVERIG

    def members(self, theme_id: str | None) -> list[str]:
        """Return the input ids assigned to a theme (None gives the remainder)."""
        return [key for key, value in self.assignment.items() if value == theme_id]

    def scorer(self) -> CentroidScorer:
        """Return the themes' lexical centres, indexed for placing new texts (built once)."""
        if self._scorer is None:
            self._scorer = CentroidScorer(self.vectoriser, [t.centroid for t in self.themes])
        return self._scorer

    def to_dict(self) -> dict[str, Any]:
        """Return the whole model as JSON-able data (for a database column)."""
        return {
            "version": FORMAT_VERSION,
            "method": self.method,
            "context_language": self.context_language,
            "next_index": self.next_index,
            "themes": [theme.to_dict() for theme in self.themes],
            "assignment": dict(self.assignment),
            "confidence": dict(self.confidence),
            "vanished": list(self.vanished),
            "vectoriser": {
                "word_idf": self.vectoriser.word_idf,
                "char_idf": self.vectoriser.char_idf,
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ThemeModel:
        """Rebuild a model from `to_dict` output."""
        vectoriser_data = data.get("vectoriser", {})
        return cls(
            themes=tuple(Theme.from_dict(t) for t in data.get("themes", ())),
            assignment={str(k): v for k, v in data.get("assignment", {}).items()},
            confidence={str(k): float(v) for k, v in data.get("confidence", {}).items()},
            vectoriser=LexicalVectoriser(
                word_idf=dict(vectoriser_data.get("word_idf", {})),
                char_idf=dict(vectoriser_data.get("char_idf", {})),
            ),
            vanished=tuple(data.get("vanished", ())),
            next_index=int(data.get("next_index", 1)),
            method=str(data.get("method", "lexical")),
            context_language=data.get("context_language"),
        )


def empty_model(ids: list[str], previous: ThemeModel | None) -> ThemeModel:
    """Return a model without themes: everything is "Overig"."""
    vanished = tuple(t.id for t in previous.themes) if previous else ()
    return ThemeModel(
        themes=(),
        assignment=dict.fromkeys(ids),
        vectoriser=LexicalVectoriser(),
        vanished=vanished,
        next_index=previous.next_index if previous else 1,
    )
