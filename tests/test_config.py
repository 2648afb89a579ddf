"""Configuration checks at start: environment names, production requirements, the base URL."""

from __future__ import annotations

import logging

import pytest

from dialogue import create_app
from dialogue.config import Config
from dialogue.urls import absolute_url

STRONG_KEY = "s" * 32


def production(**overrides: object) -> type[Config]:
    settings = {
        "KERNPUNT_ENV": "production",
        "SECRET_KEY": STRONG_KEY,
        "BASE_URL": "https://inspraak.dijkzicht.nl",
        "PRIVACY_CONTACT": "privacy@dijkzicht.example.nl",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        **overrides,
    }
    return type("Production", (Config,), settings)


@pytest.mark.parametrize("value", ["production", "Production", " PRODUCTION "])
def test_production_is_recognised_case_insensitively(value):
    app = create_app(production(KERNPUNT_ENV=value))
    assert app.config["KERNPUNT_ENV"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize("value", ["prod", "productie", "", "live", "staging"])
def test_an_unknown_environment_refuses_to_start(value, tmp_path):
    settings = {"KERNPUNT_ENV": value, "INSTANCE_PATH": str(tmp_path)}
    with pytest.raises(RuntimeError, match="KERNPUNT_ENV must be one of"):
        create_app(type("Unknown", (Config,), settings))


@pytest.mark.parametrize("value", ["development", "TEST"])
def test_development_and_test_are_accepted(value, tmp_path):
    settings = {"KERNPUNT_ENV": value, "INSTANCE_PATH": str(tmp_path)}
    app = create_app(type("Local", (Config,), settings))
    assert app.config["KERNPUNT_ENV"] == value.lower()
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_production_refuses_a_short_secret_key():
    with pytest.raises(RuntimeError, match="at least 32 characters"):
        create_app(production(SECRET_KEY="s" * 31))


def test_production_refuses_to_start_without_a_base_url():
    with pytest.raises(RuntimeError, match="KERNPUNT_BASE_URL must be set"):
        create_app(production(BASE_URL=None))


@pytest.mark.parametrize(
    "value", ["inspraak.dijkzicht.nl", "http://inspraak.dijkzicht.nl", "https://x.nl/pad"]
)
def test_production_refuses_a_base_url_that_is_not_https_scheme_and_host(value):
    with pytest.raises(RuntimeError, match="KERNPUNT_BASE_URL must"):
        create_app(production(BASE_URL=value))


@pytest.mark.parametrize("value", [None, "", "   "])
def test_production_refuses_to_start_without_a_privacy_contact(value):
    with pytest.raises(RuntimeError, match="KERNPUNT_PRIVACY_CONTACT"):
        create_app(production(PRIVACY_CONTACT=value))


def test_production_without_redis_warns_at_start(caplog):
    with caplog.at_level(logging.WARNING, logger="dialogue.config"):
        create_app(production())
    assert "REDIS_URL is not set" in caplog.text
    assert "per worker" in caplog.text


def test_production_with_redis_does_not_warn(caplog):
    with caplog.at_level(logging.WARNING, logger="dialogue.config"):
        create_app(production(REDIS_URL="redis://127.0.0.1:6379/1"))
    assert "REDIS_URL" not in caplog.text


def test_base_url_builds_links_outside_requests(make_app):
    app = make_app(BASE_URL="https://inspraak.dijkzicht.nl/")
    with app.app_context():
        link = absolute_url("accounts.reset_request")
    assert link == "https://inspraak.dijkzicht.nl/account/wachtwoord-vergeten"


def test_base_url_wins_over_the_request_host(make_app):
    app = make_app(BASE_URL="https://inspraak.dijkzicht.nl")
    with app.test_request_context("/", base_url="http://inspraak.dijkzicht.nl:8000"):
        assert absolute_url("main.home") == "https://inspraak.dijkzicht.nl/"


def test_without_base_url_development_links_follow_the_request(make_app):
    app = make_app()
    with app.test_request_context("/", base_url="http://localhost:5000"):
        assert absolute_url("main.home") == "http://localhost:5000/"
    with app.app_context():
        assert absolute_url("main.home") == ""


def test_trusted_hosts_can_add_a_name_for_a_monitor(make_app):
    app = make_app(BASE_URL="https://inspraak.dijkzicht.nl", TRUSTED_HOSTS=["127.0.0.1"])
    client = app.test_client()
    assert client.get("/health", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/health", headers={"Host": "inspraak.dijkzicht.nl"}).status_code == 200
    assert client.get("/health", headers={"Host": "evil.example"}).status_code == 400
