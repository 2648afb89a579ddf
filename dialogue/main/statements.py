"""What the accessibility statement and the algorithm register say: facts, not page layout."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from flask_babel import lazy_gettext as _l

#: The browser suite's last published results (tests/browser/statement.py writes them).
RESULTS_FILE = "data/accessibility_results.json"


@dataclass(frozen=True)
class Deviation:
    """A known accessibility problem: what, why, what it means for you, what we do, by when."""

    what: str
    cause: str
    effect: str
    measure: str
    when: str


def results_path() -> Traversable:
    """Return where the published results of the browser suite are kept."""
    return resources.files("dialogue").joinpath(RESULTS_FILE)


def accessibility_results() -> dict[str, Any] | None:
    """Return the published results of the browser suite, or None when there are none."""
    path = results_path()
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    data["tested_on"] = date.fromisoformat(data["tested_on"])
    data["passed"] = sum(1 for outcome in data["tests"].values() if outcome == "passed")
    return data


def known_deviations(results: dict[str, Any] | None) -> list[Deviation]:
    """Return the known deviations: the fixed list, plus pages where axe found something."""
    deviations = [
        Deviation(
            str(_l("Het verslag voor de raad als PDF")),
            str(_l("Het PDF-bestand is niet getoetst op toegankelijkheid (PDF/UA).")),
            str(_l("Met een schermlezer is het PDF-bestand misschien lastig te lezen.")),
            str(
                _l(
                    "Dezelfde inhoud staat op de website en is ook als Word-bestand te "
                    "downloaden. Het PDF-bestand toetsen wij bij de volgende versie."
                )
            ),
            str(_l("bij de volgende versie van Kernpunt")),
        ),
    ]
    for path in (results or {}).get("pages_with_findings", []):
        deviations.append(
            Deviation(
                str(_l("Pagina %(path)s", path=path)),
                str(_l("De automatische toets vond hier een probleem.")),
                str(_l("Een deel van de pagina is misschien niet voor iedereen bruikbaar.")),
                str(_l("Wij lossen dit op en toetsen de pagina opnieuw.")),
                str(_l("bij de volgende versie van Kernpunt")),
            )
        )
    return deviations
