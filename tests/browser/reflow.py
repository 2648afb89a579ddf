"""WCAG 2.1 SC 1.4.10 (reflow): a page fits 320 CSS pixels without scrolling sideways.

A wide table or chart may scroll in its own box (`.kp-table-wrap`, `.kp-scroll`); the page
itself may not.
"""

from __future__ import annotations

from playwright.sync_api import Page

REFLOW_WIDTH = 320
#: How much wider than the window the page is (0 when it reflows).
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
#: Wait until the browser has laid the page out again (after a window resize).
NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def reflow_overflow(page: Page) -> int:
    """Return how many pixels the page is wider than a 320-pixel window (0: it reflows).

    The window gets its former size back afterwards.
    """
    size = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    page.evaluate(NEXT_FRAME)
    overflow = page.evaluate(PAGE_OVERFLOW)
    if size:
        page.set_viewport_size(size)
    return int(overflow)
