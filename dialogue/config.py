"""Configuration from the environment."""

from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

#: The values KERNPUNT_ENV accepts (case-insensitive); anything else refuses to start.
ENVIRONMENTS = ("development", "test", "production")
#: Shortest SECRET_KEY accepted in production.
SECRET_KEY_MIN_LENGTH = 32

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

    #: "development", "test" or "production" (case-insensitive); anything else refuses to start.
    KERNPUNT_ENV = os.environ.get("KERNPUNT_ENV", "development")
    #: Signs sessions, CSRF tokens and e-mail links; production needs 32 characters or more.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    #: Public address (scheme and host) every link in e-mail and exports is built from, e.g.
    #: "https://inspraak.dijkzicht.nl"; required in production, where requests for any other
    #: host get 400. Without it (development) links follow the request's host.
    BASE_URL: str | None = None
    #: Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (ProxyFix).
    PROXY_COUNT = 0
    #: How residents reach the controller about their data; required in production.
    PRIVACY_CONTACT: str | None = None
    #: SQLAlchemy URL; SQLite in the instance folder by default.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _sqlite_url(
        INSTANCE_PATH / "kernpunt.sqlite"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    #: Redis for jobs (RQ) and rate-limit counters; optional.
    REDIS_URL = os.environ.get("REDIS_URL") or None
    #: Without Redis, a job the web pages start in the background (re-analysis) runs in a
    #: thread of the web process instead of inside the request.
    JOBS_IN_THREAD = True

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
    #: Residents are logged out after this many days without a visit.
    RESIDENT_IDLE_TIMEOUT_DAYS = 7
    #: Residents log in again after this many days, whatever their activity.
    RESIDENT_ABSOLUTE_TIMEOUT_DAYS = 30

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
    #: Replies one account may post (web and API together).
    REPLY_RATE_LIMIT = "10 per 10 minutes"
    #: Votes (agree / disagree / pass) one account may cast or change (web and API together).
    VOTE_RATE_LIMIT = "200 per 10 minutes"
    #: Attempts per IP address on register, log in and reset.
    AUTH_RATE_LIMIT = "20 per 10 minutes"
    #: Wrong passwords per e-mail address, and wrong codes per official, before a wait; each
    #: tier passed makes the wait longer (up to the longest window).
    ACCOUNT_FAILURE_LIMITS = "5 per minute; 20 per hour; 100 per day"
    #: An official's failed logins are written to the audit log at every this many failures.
    OFFICIAL_FAILURE_AUDIT_EVERY = 5
    #: Reports from different residents that hide a contribution until a moderator decides.
    REPORT_HIDE_THRESHOLD = 3
    #: Counts below this are shown as "< N" in dashboards and exports.
    PRIVACY_THRESHOLD = 5
    #: Minutes during which a resident may edit their own contribution.
    EDIT_WINDOW_MINUTES = 15
    #: How long signed e-mail links (confirm, reset) stay valid, in seconds.
    EMAIL_TOKEN_MAX_AGE = 2 * 24 * 3600
    #: Shortest answer to a password-reset request, in seconds: a known address writes a link
    #: and a message (a commit with fsync) where an unknown one writes nothing, and the time
    #: would tell which addresses have an account.
    RESET_REQUEST_MIN_SECONDS = 0.25
    #: PostgreSQL role the app connects as; the migration revokes UPDATE/DELETE on audit_event.
    AUDIT_APP_ROLE = os.environ.get("KERNPUNT_AUDIT_APP_ROLE") or None
    #: Largest CSV file officials may upload to record input from other channels (bytes).
    INTAKE_MAX_BYTES = 2 * 1024 * 1024
    #: Bearer token that opens /metrics (KERNPUNT_METRICS_TOKEN); empty: /metrics answers 404.
    METRICS_TOKEN = None
    #: "json" or "text" log lines (KERNPUNT_LOG_FORMAT); empty: json in production, else text.
    LOG_FORMAT = None
    #: Folder for generated files such as exports.
    INSTANCE_PATH = str(INSTANCE_PATH)

    @classmethod
    def finalise(cls, config: dict) -> None:
        """Derive settings that depend on others; refuse unsafe production settings."""
        production = _environment(config) == "production"
        if production:
            _require_production_settings(config)
        elif not config.get("SECRET_KEY"):
            config["SECRET_KEY"] = _persisted_secret_key(Path(config["INSTANCE_PATH"]))
        _apply_base_url(config, production=production)
        config["SESSION_COOKIE_SECURE"] = production
        config["REMEMBER_COOKIE_SECURE"] = production
        if config.get("REDIS_URL") and config.get("RATELIMIT_STORAGE_URI") == "memory://":
            config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]
        if config.get("REDIS_URL") and config.get("CACHE_TYPE") == "SimpleCache":
            config["CACHE_TYPE"] = "RedisCache"
            config["CACHE_REDIS_URL"] = config["REDIS_URL"]
        if production and not config.get("REDIS_URL"):
            log.warning(
                "REDIS_URL is not set: rate-limit counters are kept per worker process, so "
                "each gunicorn worker allows the full limit, and jobs run inside requests."
            )


def _environment(config: dict) -> str:
    """Normalise KERNPUNT_ENV; refuse any value that is not a known environment."""
    value = str(config.get("KERNPUNT_ENV") or "").strip().lower()
    if value not in ENVIRONMENTS:
        raise RuntimeError(
            f"KERNPUNT_ENV must be one of {', '.join(ENVIRONMENTS)}; got {config.get('KERNPUNT_ENV')!r}."
        )
    config["KERNPUNT_ENV"] = value
    return value


def _require_production_settings(config: dict) -> None:
    """Refuse to start in production without a strong secret, a base URL and a privacy contact."""
    secret = config.get("SECRET_KEY") or ""
    if not secret:
        raise RuntimeError("SECRET_KEY must be set when KERNPUNT_ENV=production.")
    if len(str(secret)) < SECRET_KEY_MIN_LENGTH:
        raise RuntimeError(
            f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters in production."
        )
    if not config.get("BASE_URL"):
        raise RuntimeError(
            "KERNPUNT_BASE_URL must be set when KERNPUNT_ENV=production "
            "(for example https://inspraak.dijkzicht.nl)."
        )
    if not str(config.get("PRIVACY_CONTACT") or "").strip():
        raise RuntimeError(
            "KERNPUNT_PRIVACY_CONTACT must be set when KERNPUNT_ENV=production: the privacy "
            "statement tells residents how to reach the municipality about their data."
        )


def _apply_base_url(config: dict, *, production: bool) -> None:
    """Check BASE_URL; links outside requests use it, and only its host is accepted."""
    base_url = str(config.get("BASE_URL") or "").strip()
    if not base_url:
        config["BASE_URL"] = None
        return
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise RuntimeError(
            "KERNPUNT_BASE_URL must be a scheme and host without a path, "
            f"such as https://inspraak.dijkzicht.nl; got {base_url!r}."
        )
    if production and parts.scheme != "https":
        raise RuntimeError("KERNPUNT_BASE_URL must start with https:// in production.")
    config["BASE_URL"] = f"{parts.scheme}://{parts.netloc}"
    config["SERVER_NAME"] = parts.netloc
    config["PREFERRED_URL_SCHEME"] = parts.scheme
    trusted = list(config.get("TRUSTED_HOSTS") or [])
    if parts.hostname not in trusted:
        trusted.append(parts.hostname)
    config["TRUSTED_HOSTS"] = trusted


class TestConfig(Config):
    """Settings for the test suite: in-memory services, no e-mail, fast hashing."""

    TESTING = True
    KERNPUNT_ENV = "development"
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or "sqlite://"
    REDIS_URL = None
    #: Jobs run inline in tests, so that a test sees their result at once.
    JOBS_IN_THREAD = False
    #: No padding of reset requests in tests (the enumeration test sets the default again).
    RESET_REQUEST_MIN_SECONDS = 0
    RATELIMIT_ENABLED = False
    MAIL_TRANSPORT = "outbox"
    #: Tests use cheaper argon2 parameters; production ones are tested separately.
    ARGON2_FAST = True
