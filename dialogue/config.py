"""Configuration from the environment."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

#: Folder for local state: SQLite database, generated secret key, export files.
INSTANCE_PATH = Path(os.environ.get("KERNPUNT_INSTANCE_PATH", Path.cwd() / "instance")).resolve()


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _persisted_secret_key(instance_path: Path) -> str:
    """Return a secret key kept in the instance folder, creating it on first use."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


class Config:
    """Settings for development and production, read from the environment."""

    #: "development" or "production"; production refuses to start without SECRET_KEY.
    KERNPUNT_ENV = os.environ.get("KERNPUNT_ENV", "development")
    #: Signs sessions, CSRF tokens and e-mail links.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    #: SQLAlchemy URL; SQLite in the instance folder by default.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _sqlite_url(
        INSTANCE_PATH / "kernpunt.sqlite"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    #: Redis for jobs (RQ) and rate-limit counters; optional.
    REDIS_URL = os.environ.get("REDIS_URL") or None

    #: Largest request body accepted (bytes); CSV uploads are the largest legitimate requests.
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 1024 * 1024
    #: Largest JSON API request body (bytes): 2,000 characters escaped as \uXXXX plus room.
    API_MAX_CONTENT_LENGTH = 32 * 1024

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "kernpunt_session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    #: Officials are logged out after this much inactivity.
    OFFICIAL_IDLE_TIMEOUT = timedelta(minutes=30)
    #: Officials log in again after this long, whatever their activity.
    OFFICIAL_ABSOLUTE_TIMEOUT = timedelta(hours=10)

    WTF_CSRF_TIME_LIMIT = 8 * 3600
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    #: Languages of the user interface, the first is the default.
    LANGUAGES = ("nl", "en")

    #: "outbox" stores e-mail in the database (development, tests); "smtp" sends it.
    MAIL_TRANSPORT = os.environ.get("KERNPUNT_MAIL_TRANSPORT", "outbox")
    MAIL_DEFAULT_SENDER = "Kernpunt <noreply@kernpunt.localhost>"
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))

    #: Keep rendered public pages for logged-out visitors (dialogue/pagecache.py).
    PUBLIC_PAGE_CACHE = True
    #: Flask-Caching backend: in this process; REDIS_URL makes it Redis, shared by all workers.
    CACHE_TYPE = "SimpleCache"
    #: Seconds a rendered page is kept; changes need no expiry (the key changes with them).
    CACHE_DEFAULT_TIMEOUT = 600
    #: Most pages kept per process by the in-process cache.
    CACHE_THRESHOLD = 500
    CACHE_KEY_PREFIX = "kernpunt:"

    RATELIMIT_ENABLED = True
    #: Counter storage; REDIS_URL replaces it so that all workers share the counts.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    #: Contributions one account or confirmed address may post.
    CONTRIBUTION_RATE_LIMIT = "5 per 10 minutes"
    #: Attempts per IP address on register, log in and reset.
    AUTH_RATE_LIMIT = "20 per 10 minutes"
    #: Reports from different residents that hide a contribution until a moderator decides.
    REPORT_HIDE_THRESHOLD = 3
    #: Counts below this are shown as "< N" in dashboards and exports.
    PRIVACY_THRESHOLD = 5
    #: Minutes during which a resident may edit their own contribution.
    EDIT_WINDOW_MINUTES = 15
    #: How long signed e-mail links (confirm, reset) stay valid, in seconds.
    EMAIL_TOKEN_MAX_AGE = 2 * 24 * 3600
    #: PostgreSQL role the app connects as; the migration revokes UPDATE/DELETE on audit_event.
    AUDIT_APP_ROLE = os.environ.get("KERNPUNT_AUDIT_APP_ROLE") or None
    #: Largest CSV file officials may upload to record input from other channels (bytes).
    INTAKE_MAX_BYTES = 2 * 1024 * 1024
    #: Folder for generated files such as exports.
    INSTANCE_PATH = str(INSTANCE_PATH)

    @classmethod
    def finalise(cls, config: dict) -> None:
        """Derive settings that depend on others; refuse unsafe production settings."""
        development = config["KERNPUNT_ENV"] != "production"
        if not config.get("SECRET_KEY"):
            if not development:
                raise RuntimeError("SECRET_KEY must be set when KERNPUNT_ENV=production.")
            config["SECRET_KEY"] = _persisted_secret_key(Path(config["INSTANCE_PATH"]))
        if development:
            config["SESSION_COOKIE_SECURE"] = False
            config["REMEMBER_COOKIE_SECURE"] = False
        else:
            config["REMEMBER_COOKIE_SECURE"] = True
        if config.get("REDIS_URL") and config.get("RATELIMIT_STORAGE_URI") == "memory://":
            config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]
        if config.get("REDIS_URL") and config.get("CACHE_TYPE") == "SimpleCache":
            config["CACHE_TYPE"] = "RedisCache"
            config["CACHE_REDIS_URL"] = config["REDIS_URL"]


class TestConfig(Config):
    """Settings for the test suite: in-memory services, no e-mail, fast hashing."""

    TESTING = True
    KERNPUNT_ENV = "development"
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or "sqlite://"
    REDIS_URL = None
    RATELIMIT_ENABLED = False
    MAIL_TRANSPORT = "outbox"
    #: Tests use cheaper argon2 parameters; production ones are tested separately.
    ARGON2_FAST = True
