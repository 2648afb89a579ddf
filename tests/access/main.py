"""Expected access: home page, information pages, health check and static files."""

from tests.access import everyone

EXPECTED = {
    "main.home": everyone(200),
    "main.privacy": everyone(200),
    "main.accessibility": everyone(200),
    "main.algorithms": everyone(200),
    "main.health": everyone(200),
    "main.favicon": everyone(301),
    "static": everyone(200),
}


POST_EXPECTED = {"main.set_language": everyone((302, "/"))}
