"""Configuration read from the environment (12-factor); tests pass overrides to create_app."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
PASSWORD_HASH_METHOD = "scrypt"


class ConfigError(RuntimeError):
    """Raised when the environment cannot make a safe configuration."""


def _bool(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _int(env, name: str, default: int) -> int:
    value = env.get(name, "")
    if not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None


def _dev_secret_key() -> str:
    """A per-installation key kept under instance/ so that dev tokens survive a restart."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


APP_ENVS = ("production", "development", "testing", "benchmark")


def from_env(environ: dict[str, str] | None = None) -> dict:
    """Build the Flask config mapping from environment variables."""
    env = os.environ if environ is None else environ
    app_env = env.get("APP_ENV", "development").strip().lower()
    if app_env not in APP_ENVS:  # "prod" must not start as a development server with demo logins
        raise ConfigError(f"APP_ENV 应为 {'、'.join(APP_ENVS)} 之一，而不是 {app_env!r}")
    secret = env.get("SECRET_KEY")
    if not secret:
        if app_env == "production":
            raise ConfigError("SECRET_KEY must be set when APP_ENV=production")
        secret = _dev_secret_key()
    default_db = f"sqlite:///{INSTANCE_DIR / 'party_quality.sqlite3'}"
    redis_url = env.get("REDIS_URL") or None
    return {
        "APP_ENV": app_env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": normalize_db_url(env.get("DATABASE_URL") or default_db),
        "REDIS_URL": redis_url,
        "DEMO_MODE": _bool(env.get("DEMO_MODE")),
        "FAST_CAST": _bool(env.get("FAST_CAST", "1")),
        "WECHAT_MP_APPID": env.get("WECHAT_MP_APPID", ""),
        "WECHAT_MP_SECRET": env.get("WECHAT_MP_SECRET", ""),
        "WECHAT_OA_APPID": env.get("WECHAT_OA_APPID", ""),
        "WECHAT_OA_SECRET": env.get("WECHAT_OA_SECRET", ""),
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        # How many reverse proxies in front of the app append to X-Forwarded-For (0: use the socket address).
        "TRUSTED_PROXIES": _int(env, "TRUSTED_PROXIES", 0),
        "TOKEN_MAX_AGE": int(env.get("TOKEN_MAX_AGE", str(7 * 24 * 3600))),
        "WECHAT_SUBSCRIBE_TEMPLATE_NOTICE": env.get("WECHAT_SUBSCRIBE_TEMPLATE_NOTICE", ""),
        # One template per push kind (server/domain/push_kinds.py); an empty one falls back to the notice template.
        "WECHAT_SUBSCRIBE_TEMPLATE_MEETING": env.get("WECHAT_SUBSCRIBE_TEMPLATE_MEETING", ""),
        "WECHAT_SUBSCRIBE_TEMPLATE_WARNING": env.get("WECHAT_SUBSCRIBE_TEMPLATE_WARNING", ""),
        "WECHAT_SUBSCRIBE_TEMPLATE_RECORD_DUE": env.get("WECHAT_SUBSCRIBE_TEMPLATE_RECORD_DUE", ""),
        "WECHAT_OA_TEMPLATE_NOTICE": env.get("WECHAT_OA_TEMPLATE_NOTICE", ""),
        "DOCUMENT_DIR": env.get("DOCUMENT_DIR", str(INSTANCE_DIR / "documents")),
        "PUSH_THREADS": int(env.get("PUSH_THREADS", "8")),
        "PUSH_STUCK_SECONDS": int(env.get("PUSH_STUCK_SECONDS", "30")),
        "PUSH_REAPER_SECONDS": int(env.get("PUSH_REAPER_SECONDS", "10")),
        # Tests and benchmarks only: the fake gateway's answer time, and a Redis log of its sends.
        "WECHAT_FAKE_LATENCY": float(env.get("WECHAT_FAKE_LATENCY", "0")),
        "WECHAT_FAKE_LOG_TO_REDIS": _bool(env.get("WECHAT_FAKE_LOG_TO_REDIS")),
    }


def check_production(config) -> None:
    """Refuse to start a production app with a setting that would give strangers a way in."""
    if str(config.get("APP_ENV", "")).lower() != "production":
        return
    if config.get("DEMO_MODE"):
        raise ConfigError("生产环境（APP_ENV=production）不能开启演示模式 DEMO_MODE：它允许不输密码登录管理员账号。"
                          "请去掉 DEMO_MODE 后再启动。")
    if not (config.get("WECHAT_MP_APPID") and config.get("WECHAT_MP_SECRET")):
        raise ConfigError("生产环境（APP_ENV=production）必须配置 WECHAT_MP_APPID 和 WECHAT_MP_SECRET："
                          "未配置时会使用模拟微信网关，其登录码是永久有效的凭证。")
    if config.get("PASSWORD_HASH_METHOD", PASSWORD_HASH_METHOD) != PASSWORD_HASH_METHOD:
        raise ConfigError(f"生产环境（APP_ENV=production）的密码必须用 {PASSWORD_HASH_METHOD} 散列。")
    if len(str(config.get("SECRET_KEY") or "")) < 32:
        raise ConfigError("生产环境（APP_ENV=production）的 SECRET_KEY 至少 32 个字符，请用随机生成的长密钥。")


def normalize_db_url(url: str) -> str:
    """Use psycopg 3 for plain postgres:// URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


DEFAULTS = {
    # hide_parameters: even with SQL logging on, bound values (ballot answers, hashes) never reach a log.
    # 8 connections per process at most: a gevent worker serves many requests at once, and the hosts together must
    # stay within PostgreSQL's max_connections (docs/operations.md).
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True, "pool_size": 4, "max_overflow": 4},
    # A 10 MB document (documents.MAX_BYTES, what the docs promise) and its multipart envelope.
    "MAX_CONTENT_LENGTH": 11 * 1024 * 1024,
    "JSON_AS_ASCII": False,
    "API_TITLE": "发展党员质量保证平台 API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "/docs",
    "OPENAPI_SWAGGER_UI_URL": "/api/static/swagger-ui/",
    "API_SPEC_OPTIONS": {
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    },
    "RATELIMIT_HEADERS_ENABLED": False,
    "RATELIMIT_STRATEGY": "fixed-window",
    # With Redis down, the public pages' limits count in the process instead of failing the request (#24).
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    # Failed passwords: free ones per (address, account) and per address in 15 minutes, then a wait that starts
    # at LOGIN_BACKOFF_SECONDS and doubles with each further failure (at most 15 minutes).
    "LOGIN_FAILS_PER_ACCOUNT": "5 per 15 minutes",
    "LOGIN_FAILS_PER_CLIENT": "30 per 15 minutes",
    "LOGIN_BACKOFF_SECONDS": 5,
    "BIND_FAILS_PER_CLIENT": "10 per 15 minutes",
    "CODE_FAILS_PER_CLIENT": "100 per 10 minutes",
    # The public pages (publicities, department replies): reads, objections (at least 10 per 10 minutes must pass),
    # and replies.
    "PUBLIC_READS_PER_CLIENT": "120 per minute",
    "OBJECTIONS_PER_CLIENT": "20 per 10 minutes",
    "OBJECTIONS_PER_PUBLICITY": "300 per hour",
    "REPLIES_PER_CLIENT": "30 per 10 minutes",
    "ROSTER_MAX_ROWS": 5000,
    # werkzeug's password hashing. Not read from the environment: only the test suite sets a cheap one, and
    # production refuses anything but the default.
    "PASSWORD_HASH_METHOD": PASSWORD_HASH_METHOD,
    # Votes by code answered in front of Flask, in one statement (PostgreSQL only; api/cast_fast_path.py).
    "FAST_CAST": True,
    "PUSH_THREADS": 8,
    # A push `sending` longer than this (WeChat is awaited 10 s at most) was claimed by a dead worker; the reaper
    # looks every PUSH_REAPER_SECONDS.
    "PUSH_STUCK_SECONDS": 30,
    "PUSH_REAPER_SECONDS": 10,
    "WECHAT_FAKE_LATENCY": 0.0,
    "WECHAT_FAKE_LOG_TO_REDIS": False,
}
