"""Keyboard-only use of every public page with a form: order, visible focus, no trap."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.crawl import PublicPage
from tests.browser.keyboard import keyboard_problems


def test_forms_work_with_keyboard_only(page: Page, public_pages: list[PublicPage]) -> None:
    pages_with_forms = [public_page for public_page in public_pages if public_page.has_form]
    assert pages_with_forms, "the crawl found no page with a form"
    report = {}
    for public_page in [public_pages[0], *pages_with_forms]:
        page.goto(public_page.url)
        problems = keyboard_problems(page)
        if problems:
            report[public_page.url] = problems
    assert not report, "\n".join(f"{url}:\n  " + "\n  ".join(p) for url, p in report.items())
