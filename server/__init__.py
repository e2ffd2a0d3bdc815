"""发展党员质量保证平台 server: the Flask application factory."""
from __future__ import annotations

import logging

from flask import Flask, redirect

from server import config as config_module


def create_app(config: dict | None = None) -> Flask:
    """Build the app from the environment, with `config` overriding (tests pass theirs)."""
    app = Flask(__name__, instance_path=str(config_module.INSTANCE_DIR), instance_relative_config=False)
    _load_config(app, config or {})
    _configure_logging(app)

    from server import api, errors, h5, http_headers, jobs, models, redis_conn, settings, wechat  # noqa: F401  (models: tables)
    from server.api import cast_fast_path
    from server.cli import register_commands
    from server.extensions import db, forget_connections_after_fork, limiter, migrate
    from server.jobs import ballots, meetings, notices  # noqa: F401  (register their event handlers)

    settings.init_app(app)
    db.init_app(app)
    forget_connections_after_fork(app)
    migrate.init_app(app, db, directory=str(config_module.INSTANCE_DIR.parent / "migrations"), render_as_batch=True,
                     compare_type=True)
    redis_conn.connect(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 2})  # as redis_conn: fail fast
    limiter.init_app(app)
    api.init_app(app)
    for part in (errors, http_headers, wechat, jobs):
        part.init_app(app)
    _trust_proxies(app)
    cast_fast_path.install(app)  # outermost: in front of the proxy fix and Flask, for one path only
    _register_transaction(app, db)
    _register_swagger_assets(app)
    h5.register(app)
    register_commands(app)

    @app.get("/")
    def index():
        return redirect("/h5/")  # people open the app; the API's docs are at /api/docs

    return app


def _load_config(app: Flask, config: dict) -> None:
    """Defaults, then the environment (unless SKIP_ENV), then `config`; production refuses unsafe settings."""
    from server.api.json_input import StrictJSONProvider

    app.config.update(config_module.DEFAULTS)
    if not config.get("SKIP_ENV"):
        app.config.update(config_module.from_env())
    app.config.update(config)
    config_module.check_production(app.config)
    app.json = StrictJSONProvider(app)
    app.json.ensure_ascii = False


def _register_transaction(app: Flask, db) -> None:
    """Each request is one transaction: commit what a successful request did (then dispatch the events it
    raised), roll back anything else (its events go with it)."""
    from server.jobs.dispatch import commit

    @app.after_request
    def _commit(response):
        if response.status_code < 400:
            commit(db.session)
        else:
            db.session.rollback()
        return response


def _trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies, take the client's address (and scheme) from the N entries they appended."""
    trusted = int(app.config.get("TRUSTED_PROXIES") or 0)
    if trusted > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted, x_host=0)


def _register_swagger_assets(app: Flask) -> None:
    """Serve Swagger UI from the installed swagger-ui-bundle, so the docs work offline."""
    from flask import send_from_directory
    from swagger_ui_bundle import swagger_ui_path

    @app.get("/api/static/swagger-ui/<path:filename>")
    def swagger_ui_asset(filename):
        return send_from_directory(swagger_ui_path, filename)


def _configure_logging(app: Flask) -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from server import log_filters

    log_filters.install()
