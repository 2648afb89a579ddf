"""Checks on a parsed HTML page: nothing from user data became markup or script."""

from __future__ import annotations

import lxml.html

#: Attribute every HTML payload carries: an element with it in the DOM was injected.
MARKER_ATTRIBUTE = "data-kpx"
#: Template-injection probe and what it would become if evaluated.
TEMPLATE_PROBE = "kp{{7*7}}kp"
TEMPLATE_EVALUATED = "kp49kp"
#: The XSS corpus; each item is stored in every field that is ever rendered.
PAYLOADS = (
    f"<script {MARKER_ATTRIBUTE}>alert(1)</script>",
    f'"><img src=x {MARKER_ATTRIBUTE} onerror=alert(1)>',
    f"'><svg {MARKER_ATTRIBUTE} onload=alert(1)>",
    f"</textarea></title><b {MARKER_ATTRIBUTE} onmouseover=alert(1)>",
    "javascript:alert(1)",
    TEMPLATE_PROBE,
)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href")
ALLOWED_INLINE_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def payload(field: str, limit: int = 2000) -> str:
    """Return the corpus joined into one value for field, labelled, cut to limit characters."""
    return f"{field} " + " ".join(PAYLOADS)[: limit - len(field) - 1]


def short_payload(field: str) -> str:
    """Return a compact payload (under 80 characters) for short fields such as names."""
    return f'{field}"><svg {MARKER_ATTRIBUTE} onload=alert(1)>{TEMPLATE_PROBE}'


def dom_problems(body: str) -> list[str]:
    """Return every sign of injected markup or script in an HTML document."""
    problems = []
    if TEMPLATE_EVALUATED in body:
        problems.append("template expression {{7*7}} was evaluated")
    document = lxml.html.document_fromstring(body)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        attributes = {name.lower(): value for name, value in element.attrib.items()}
        if MARKER_ATTRIBUTE in attributes:
            problems.append(f"injected <{element.tag}> element from user data")
        for name in attributes:
            if name.startswith("on"):
                problems.append(f"event-handler attribute {name} on <{element.tag}>")
        for name in URL_ATTRIBUTES:
            value = "".join(attributes.get(name, "").split()).lower()
            if value.startswith(("javascript:", "vbscript:", "data:text/html")):
                problems.append(f"{name}={attributes[name]!r} on <{element.tag}>")
        if element.tag == "script":
            source = attributes.get("src", "")
            kind = attributes.get("type", "").lower()
            if not source and kind not in ALLOWED_INLINE_SCRIPT_TYPES:
                problems.append("inline <script> element")
            elif source and not source.startswith("/static/"):
                problems.append(f"script from {source!r}")
    return problems


def text_of(body: str) -> str:
    """Return the visible text of an HTML document (attributes excluded)."""
    return lxml.html.document_fromstring(body).text_content()
