"""axe-core on every public page reachable from the home page, and on the error pages."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import Page

from tests.browser.crawl import PublicPage
from tests.browser.server import LiveServer


def test_every_public_page_reachable_from_home_passes_axe(
    page: Page,
    live_server: LiveServer,
    public_pages: list[PublicPage],
    check: Callable[[Page, str], None],
) -> None:
    for public_page in public_pages:
        response = page.goto(public_page.url)
        assert response is not None and response.status == 200, public_page.url
        check(page, urlsplit(public_page.url).path.strip("/") or "home")
    # The home page links at least to the privacy and accessibility statements.
    found = {public_page.url for public_page in public_pages}
    assert {live_server("/privacy"), live_server("/toegankelijkheid")} <= found


def test_error_page_passes_axe(
    page: Page, live_server: LiveServer, check: Callable[[Page, str], None]
) -> None:
    response = page.goto(live_server("/deze-pagina-bestaat-niet/echt-niet"))
    assert response is not None and response.status == 404
    assert page.locator("h1").count() == 1
    check(page, "404")
