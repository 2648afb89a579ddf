"""axe-core and a keyboard-only walk on every HTML page of the route matrix, as the first role
that may open it.

tests/access/*.py lists every GET route with the status each role gets. Here the same world
(municipality "Gemeente A" with one object of each kind) is built in the live server's
database, and every route that answers 200 with HTML to some role is opened in Chromium, logged
in as that role (officials with their second factor), and checked with axe and with Tab alone
(every control reached in document order, focus visible: tests/browser/keyboard.py), and at
320 CSS pixels wide, where it must reflow without scrolling sideways (WCAG 1.4.10). So a new page is
checked as soon as it has its access-matrix entry, without a journey of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from flask import url_for
from playwright.sync_api import Page

from dialogue.extensions import db
from tests.access import gather, rules, url_values
from tests.browser.actions import log_in
from tests.browser.keyboard import keyboard_problems
from tests.browser.reflow import REFLOW_WIDTH, reflow_overflow
from tests.browser.server import LiveServer
from tests.factories import PASSWORD, TOTP_SECRET
from tests.world import build_world

#: The roles tried, in order: each page is checked as the first one that may open it.
ROLES = ("anonymous", "resident", "moderator", "analyst", "admin", "network", "platform")
#: Not pages: the JSON API, files and language switching.
SKIPPED_PREFIXES = ("api.", "static")


def pages_per_role(live_server: LiveServer) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Return role -> paths to check, and role -> e-mail address of the world's user."""
    tables = gather()
    per_role: dict[str, list[str]] = defaultdict(list)
    with live_server.app.app_context():
        world = build_world()
        for rule in rules({"GET"}):
            if rule.endpoint.startswith(SKIPPED_PREFIXES):
                continue
            expected = tables.expected[rule.endpoint]
            role = next((r for r in ROLES if expected.get(r) == 200), None)
            if role is None:
                continue
            with live_server.app.test_request_context():
                path = url_for(rule.endpoint, **url_values(rule, world, tables.samples))
            per_role[role].append(path)
        emails = {role: user.email for role, user in world.users.items()}
        db.session.remove()
    return per_role, emails


def test_every_page_of_the_route_matrix_passes_axe(
    live_server: LiveServer,
    new_context: Callable[..., object],
    check: Callable[[Page, str], None],
) -> None:
    per_role, emails = pages_per_role(live_server)
    checked = 0
    too_wide: list[str] = []
    for role in ROLES:
        if not per_role.get(role):
            continue
        page = new_context().new_page()
        if role != "anonymous":
            official = role not in ("resident",)
            log_in(page, emails[role], PASSWORD, totp_secret=TOTP_SECRET if official else None)
        for path in per_role[role]:
            # Ask first with the context's cookies: a download (CSV, JSON, PDF) is not a page.
            probe = page.context.request.get(path, max_redirects=0)
            assert probe.status == 200, f"{path} as {role}: {probe.status}"
            headers = probe.headers
            if not headers.get("content-type", "").startswith("text/html") or (
                "attachment" in headers.get("content-disposition", "")
            ):
                continue
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            check(page, f"{role}-{path}")
            problems = keyboard_problems(page)
            assert not problems, f"{path} as {role}:\n" + "\n".join(problems)
            if overflow := reflow_overflow(page):
                too_wide.append(f"{path} as {role}: {overflow} px wider than {REFLOW_WIDTH} px")
            checked += 1
        page.context.close()
    # Guard against a silently empty run: the matrix has dozens of pages.
    assert checked >= 40, f"only {checked} pages checked"
    assert not too_wide, "pages that scroll sideways on a phone:\n" + "\n".join(too_wide)
