"""Keyboard-only checks: Tab reaches every control in document order, focus is visible."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page

#: Marks every visible, keyboard-focusable element with its document-order index and
#: records its computed focus-related style while it is not focused.
MARK_FOCUSABLES = """() => {
    const selector = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]),'
        + ' select:not([disabled]), textarea:not([disabled]), summary, [tabindex]';
    const visible = Array.from(document.querySelectorAll(selector)).filter(
        el => el.tabIndex >= 0 && el.checkVisibility({visibilityProperty: true}));
    // A radio group is one Tab stop: its checked button, or the first when none is checked.
    const radioStop = (el) => {
        const group = visible.filter(o => o.type === 'radio' && o.name === el.name && o.form === el.form);
        return (group.find(o => o.checked) || group[0]) === el;
    };
    const elements = visible.filter(el => el.type !== 'radio' || !el.name || radioStop(el));
    document.activeElement && document.activeElement.blur();
    return elements.map((el, index) => {
        el.dataset.kpIndex = String(index);
        const style = getComputedStyle(el);
        return {index, label: (el.getAttribute('aria-label') || el.innerText || el.name
                               || el.id || el.tagName).trim().slice(0, 60),
                style: [style.outlineStyle, style.outlineWidth, style.outlineColor,
                        style.boxShadow].join('|')};
    });
}"""

DESCRIBE_ACTIVE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const visibleOutline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return {index: el.dataset.kpIndex === undefined ? -1 : Number(el.dataset.kpIndex),
            tag: el.tagName, label: (el.innerText || el.name || el.id || '').trim().slice(0, 60),
            style: [style.outlineStyle, style.outlineWidth, style.outlineColor,
                    style.boxShadow].join('|'),
            indicator: visibleOutline || style.boxShadow !== 'none'};
}"""


@dataclass(frozen=True)
class FocusStop:
    """One element that received focus from the keyboard."""

    index: int
    label: str
    visible_indicator: bool


def tab_through(page: Page, *, start: int = 0) -> tuple[list[dict], list[FocusStop]]:
    """Press Tab through the page; return the focusable elements and the focus stops.

    A focus stop is recorded only when its computed outline or box-shadow is visible and
    differs from the same element's style without focus.
    """
    focusables = page.evaluate(MARK_FOCUSABLES)
    unfocused = {item["index"]: item["style"] for item in focusables}
    stops: list[FocusStop] = []
    for _ in range(3 * len(focusables) + 3):
        page.keyboard.press("Tab")
        active = page.evaluate(DESCRIBE_ACTIVE)
        if active is None:
            break  # left the document: not trapped
        if stops and stops[-1].index == active["index"] >= 0:
            continue  # a part of the same control, such as the day/month/year of a date input
        if any(stop.index == active["index"] >= 0 for stop in stops):
            break  # came round again: not trapped
        changed = active["style"] != unfocused.get(active["index"])
        stops.append(FocusStop(active["index"], active["label"], active["indicator"] and changed))
    return focusables, stops[start:]


def start_from_top(page: Page) -> None:
    """Make the next Tab start at the top of the page, wherever the focus is now.

    After a failed submit the error summary has the focus (autofocus); a walk of the whole
    page starts where a fresh page starts. Focusing a mark at the start of the body and
    removing it moves the browser's starting point of sequential navigation there.
    """
    page.evaluate(
        """() => {
            const mark = document.createElement('span');
            mark.tabIndex = -1;
            document.body.prepend(mark);
            mark.focus();
            mark.remove();
        }"""
    )


def keyboard_problems(page: Page) -> list[str]:
    """Return what goes wrong when the page is used with Tab only (empty when all is well)."""
    focusables, stops = tab_through(page)
    problems = []
    order = [stop.index for stop in stops]
    expected = list(range(len(focusables)))
    if -1 in order:
        problems.append("focus reached an element that is not visible")
    if order != expected:
        labels = {item["index"]: item["label"] for item in focusables}
        missing = [labels[i] for i in expected if i not in order]
        problems.append(
            f"Tab order {order} is not document order {expected}"
            + (f"; never reached: {missing}" if missing else "")
        )
    if focusables and stops and stops[0].label and "inhoud" not in stops[0].label.lower():
        problems.append(f"the first Tab stop is {stops[0].label!r}, not the skip link")
    for stop in stops:
        if not stop.visible_indicator:
            problems.append(f"no visible focus indicator on {stop.label!r} (#{stop.index})")
    return problems
