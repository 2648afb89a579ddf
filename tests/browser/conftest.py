"""Fixtures for the browser suite: a live server with demo data, Chromium, pages with checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from dialogue.security import CONTENT_SECURITY_POLICY
from tests.browser import statement
from tests.browser.axe import assert_accessible
from tests.browser.crawl import PublicPage, crawl
from tests.browser.seed import Seed, seed
from tests.browser.server import LiveServer, build_app, database_url, serve
from tests.system_tools import CHROMIUM, require

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Contexts opened with JavaScript disabled (axe runs on a mirror of their pages).
no_script_contexts: list[BrowserContext] = []
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep each browser test's outcome for the accessibility statement."""
    if report.when == "call" or report.outcome != "passed":
        statement.OUTCOMES[report.nodeid.rsplit("::", 1)[-1]] = report.outcome


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write what this run checked (test-artifacts/browser/accessibility-results.json)."""
    statement.write(ARTIFACTS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test."""
    folder = Path(__file__).parent
    for item in items:
        if folder in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Serve the real app, with demo data, on a free local port for the whole session."""
    folder = tmp_path_factory.mktemp("live")
    with database_url(folder) as url:
        app = build_app(url, folder)
        with serve(app, seed(app)) as server:
            yield server


@pytest.fixture(scope="session")
def seed_data(live_server: LiveServer) -> Seed:
    """Return what was seeded into the live server's database."""
    return live_server.seed


@pytest.fixture(scope="session")
def public_pages(live_server: LiveServer) -> list[PublicPage]:
    """Return the public pages reachable from the home page."""
    return crawl(live_server.url)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium; skip without it, unless KERNPUNT_REQUIRE_BROWSER=1 (CI)."""
    require("chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PageProblems:
    """Collects Content-Security-Policy violations and script errors a page reports."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Refused to" in text):
            self.messages.append(f"CSP: {text}")

    def on_page_error(self, error: Exception) -> None:
        self.messages.append(f"script error: {error}")


@pytest.fixture
def new_context(
    browser: Browser, live_server: LiveServer
) -> Iterator[Callable[..., BrowserContext]]:
    """Return a function that opens a fresh browser context (own cookies) on the live server."""
    contexts: list[BrowserContext] = []
    problems = PageProblems()

    def open_context(**options: object) -> BrowserContext:
        settings = {"base_url": live_server.url, "locale": "nl-NL", **options}
        context = browser.new_context(**settings)
        context.set_default_timeout(10_000)
        if options.get("java_script_enabled") is False:
            no_script_contexts.append(context)
        context.on("page", lambda page: _watch(page, problems))
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        if context in no_script_contexts:
            no_script_contexts.remove(context)
        context.close()
    assert not problems.messages, "\n".join(problems.messages)


def _watch(page: Page, problems: PageProblems) -> None:
    page.on("console", problems.on_console)
    page.on("pageerror", problems.on_page_error)


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    """Return a page in a fresh context."""
    return new_context().new_page()


@pytest.fixture
def check(
    request: pytest.FixtureRequest, browser: Browser
) -> Iterator[Callable[[Page, str], None]]:
    """Return check(page, label): save a screenshot of the page and run axe on it.

    axe needs JavaScript: for a page without it, the same HTML is checked in a mirror page
    with JavaScript (same URL, same stylesheets, the real CSP header).
    """
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
    counter = iter(range(1, 1000))
    mirrors: list[BrowserContext] = []

    def check_page(page: Page, label: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w-]+", "-", label).strip("-")
        page.screenshot(path=str(folder / f"{next(counter):02d}-{name}.png"), full_page=True)
        if page.context in no_script_contexts:
            if not mirrors:
                mirrors.append(browser.new_context(locale="nl-NL"))
            mirror = mirrors[0].new_page()
            html = page.content()
            mirror.route(
                page.url,
                lambda route: route.fulfill(
                    body=html,
                    content_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
                ),
            )
            mirror.goto(page.url)
            assert_accessible(mirror)
            mirror.close()
        else:
            assert_accessible(page)

    yield check_page
    for context in mirrors:
        context.close()
