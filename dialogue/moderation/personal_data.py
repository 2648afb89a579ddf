"""Personal data in input and replies: the stored spans, marked for moderators, redacted."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from dialogue.contributions.models import Contribution, Reply

PII_LABELS = {
    "phone": _l("telefoonnummer"),
    "email": _l("e-mailadres"),
    "bsn": _l("burgerservicenummer"),
    "iban": _l("bankrekeningnummer"),
    "postcode_house_number": _l("adres"),
    "licence_plate": _l("kenteken"),
    "name": _l("naam"),
}


def pii_spans(item: Contribution | Reply) -> list[dict]:
    """Return the stored personal-data spans of input or a reply that still fit its text."""
    spans = item.pii_spans or []
    size = len(item.text or "")
    return [
        span
        for span in spans
        if isinstance(span, dict) and 0 <= span.get("start", -1) < span.get("end", -1) <= size
    ]


def highlight_pii(text: str, spans: list[dict]) -> Markup:
    """Return text as HTML with each personal-data span in <mark class="kp-pii">, all escaped."""
    parts: list[Markup] = []
    position = 0
    for span in sorted(spans, key=lambda item: item["start"]):
        start, end = span["start"], span["end"]
        if start < position:
            continue
        label = str(PII_LABELS.get(span.get("kind"), _l("persoonsgegevens")))
        parts.append(escape(text[position:start]))
        parts.append(
            Markup(
                '<mark class="kp-pii"><span class="kp-visually-hidden">{}: </span>{}</mark>'
            ).format(label, text[start:end])
        )
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def redacted_version(item: Contribution | Reply) -> str:
    """Return the text with every personal-data span replaced by its placeholder."""
    from nlp import PiiSpan, redact

    spans = [PiiSpan(s["kind"], s["start"], s["end"]) for s in pii_spans(item)]
    if not spans:
        from nlp import find_pii

        spans = list(find_pii(item.text))
    return redact(item.text, spans)


def has_personal_data(item: Contribution | Reply) -> bool:
    """Whether publishing without personal data would change the text."""
    return redacted_version(item) != item.text


def personal_data_view(item: Contribution | Reply) -> dict:
    """The text with personal data marked, and how it would be published without it."""
    spans = pii_spans(item)
    return {
        "highlighted": highlight_pii(item.text, spans),
        "has_pii": bool(spans),
        "redacted_preview": redacted_version(item) if spans else None,
    }
