"""The application's settings as one frozen object, built once in create_app from the Flask config.

Services, jobs and handlers read configuration only through `current()`; Flask's config stays the place the
environment and test overrides land, and extensions read it while they are bound.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from server.domain.push_kinds import PUSH_KINDS

DEFAULT_H5_DIST = Path(__file__).resolve().parent.parent / "h5" / "dist"
DEFAULT_DOCUMENT_DIR = Path(__file__).resolve().parent.parent / "instance" / "documents"


@dataclass(frozen=True)
class Settings:
    app_env: str
    secret_key: str
    public_base_url: str
    token_max_age: int
    demo_mode: bool
    roster_max_rows: int
    push_threads: int
    push_stuck_seconds: int
    push_reaper_seconds: int
    subscribe_templates: dict[str, str]
    oa_template_notice: str
    login_fails_per_account: str
    login_fails_per_client: str
    bind_fails_per_client: str
    code_fails_per_client: str
    login_backoff_seconds: float
    h5_dist: str
    document_dir: str
    public_reads_per_client: str
    objections_per_client: str
    objections_per_publicity: str
    replies_per_client: str
    password_hash_method: str


def build(config) -> Settings:
    """Read the settings out of a Flask config mapping (after env and overrides were applied)."""
    return Settings(
        app_env=config.get("APP_ENV", "development"),
        secret_key=config["SECRET_KEY"],
        public_base_url=config["PUBLIC_BASE_URL"].rstrip("/"),
        token_max_age=int(config["TOKEN_MAX_AGE"]),
        demo_mode=bool(config.get("DEMO_MODE")),
        roster_max_rows=int(config["ROSTER_MAX_ROWS"]),
        push_threads=max(1, int(config["PUSH_THREADS"])),
        push_stuck_seconds=int(config["PUSH_STUCK_SECONDS"]),
        push_reaper_seconds=max(1, int(config["PUSH_REAPER_SECONDS"])),
        # Without any configured (development, demo, tests) each kind gets a stand-in id of its own.
        subscribe_templates={key: config.get(kind.setting) or config.get("WECHAT_SUBSCRIBE_TEMPLATE_NOTICE")
                             or f"{key.replace('_', '-')}-subscribe" for key, kind in PUSH_KINDS.items()},
        oa_template_notice=config.get("WECHAT_OA_TEMPLATE_NOTICE") or "notice-template",
        login_fails_per_account=config["LOGIN_FAILS_PER_ACCOUNT"],
        login_fails_per_client=config["LOGIN_FAILS_PER_CLIENT"],
        bind_fails_per_client=config["BIND_FAILS_PER_CLIENT"],
        code_fails_per_client=config["CODE_FAILS_PER_CLIENT"],
        login_backoff_seconds=float(config["LOGIN_BACKOFF_SECONDS"]),
        h5_dist=str(config.get("H5_DIST") or DEFAULT_H5_DIST),
        document_dir=str(config.get("DOCUMENT_DIR") or DEFAULT_DOCUMENT_DIR),
        public_reads_per_client=config["PUBLIC_READS_PER_CLIENT"],
        objections_per_client=config["OBJECTIONS_PER_CLIENT"],
        objections_per_publicity=config["OBJECTIONS_PER_PUBLICITY"],
        replies_per_client=config["REPLIES_PER_CLIENT"],
        password_hash_method=config["PASSWORD_HASH_METHOD"],
    )


def init_app(app) -> None:
    app.extensions["settings"] = build(app.config)


def current() -> Settings:
    """The settings of the app handling this request or job."""
    return current_app.extensions["settings"]
