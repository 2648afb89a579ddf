"""WSGI entry point: gunicorn wsgi:app."""

from dialogue import create_app

app = create_app()
