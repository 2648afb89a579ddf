"""The main menu, by role; entries whose page does not exist are left out."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from dialogue.accounts.models import OFFICIAL_ROLES, Role


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    current: bool


#: (endpoint, label, who sees it: "all", "anonymous", "user", a set of roles)
MENU = (
    ("main.home", _l("Raadplegingen"), "all"),
    ("contributions.mine", _l("Mijn inbreng"), {Role.RESIDENT}),
    ("officials.home", _l("Werkplek"), OFFICIAL_ROLES),
    ("consultations.admin_index", _l("Raadplegingen beheren"), {Role.ADMIN}),
    ("network.overview", _l("Overzicht gemeenten"), {Role.NETWORK}),
    ("platform.index", _l("Gemeenten beheren"), {Role.PLATFORM_ADMIN}),
    ("accounts.my_account", _l("Mijn account"), "user"),
    ("accounts.login", _l("Inloggen"), "anonymous"),
    ("accounts.register", _l("Registreren"), "anonymous"),
)


def _visible(audience: object) -> bool:
    logged_in = current_user.is_authenticated
    if audience == "all":
        return True
    if audience == "anonymous":
        return not logged_in
    if audience == "user":
        return logged_in
    return logged_in and current_user.role in audience  # type: ignore[operator]


def main_navigation() -> list[MenuItem]:
    """Return the menu entries for the current visitor."""
    items = []
    for endpoint, label, audience in MENU:
        if endpoint not in current_app.view_functions or not _visible(audience):
            continue
        items.append(MenuItem(str(label), url_for(endpoint), request.endpoint == endpoint))
    return items
