"""WSGI entry point: gunicorn wsgi:app."""

import sys

from dialogue import create_app

app = create_app()

if "gunicorn" in sys.modules:
    # Load the NLP pipeline in each worker at start, not on the first posted input.
    from dialogue.themes.enrichment import warm_up

    warm_up()
