"""Kernpunt: dialogue and consultation platform for Dutch municipalities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from dialogue import (  # noqa: F401 - models registers tables
    assets,
    errors,
    hosts,
    i18n,
    models,
    ops,
    pagecache,
    security,
    sessions,
)
from dialogue import db as db_settings
from dialogue.config import Config
from dialogue.consultations import freshness
from dialogue.extensions import babel, csrf, db, limiter, login_manager, migrate
from dialogue.i18n import select_locale
from dialogue.mail import mail

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type | dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_relative_config=False,
    )
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    app.config.from_prefixed_env("KERNPUNT")
    Config.finalise(app.config)
    app.instance_path = app.config["INSTANCE_PATH"]

    ops.init_app(app)
    db_settings.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    i18n.init_app(app)
    limiter.init_app(app)
    pagecache.init_app(app)
    freshness.init_app()
    mail.init_app(app)
    sessions.init_app(app, login_manager)
    security.init_app(app)
    errors.init_app(app)
    hosts.init_app(app)
    _register_blueprints(app)
    assets.init_app(app)
    _register_cli(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from dialogue.accounts.routes import bp as accounts
    from dialogue.answers.routes import bp as answers
    from dialogue.api.routes import bp as api
    from dialogue.audit.routes import bp as audit
    from dialogue.consultations.routes import bp as consultations
    from dialogue.contributions.routes import bp as contributions
    from dialogue.exports.routes import bp as exports
    from dialogue.intake.routes import bp as intake
    from dialogue.main.routes import bp as main
    from dialogue.moderation.routes import bp as moderation
    from dialogue.municipalities.routes import bp as municipalities
    from dialogue.network.routes import bp as network
    from dialogue.officials.routes import bp as officials
    from dialogue.ops.routes import bp as operations
    from dialogue.owndata.routes import bp as owndata
    from dialogue.platform.routes import bp as platform
    from dialogue.signals.routes import bp as signals
    from dialogue.sso.routes import bp as sso
    from dialogue.themes.routes import bp as themes
    from dialogue.votes.routes import bp as votes

    for blueprint in (
        main,
        accounts,
        themes,
        answers,
        api,
        audit,
        consultations,
        contributions,
        exports,
        intake,
        moderation,
        municipalities,
        network,
        officials,
        operations,
        owndata,
        platform,
        signals,
        votes,
        sso,
    ):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from dialogue.cli import register
    from dialogue.mail.delivery import register_cli as register_mail_cli
    from dialogue.ops.scheduler import scheduler_command

    register(app)
    register_mail_cli(app)
    app.cli.add_command(scheduler_command)
