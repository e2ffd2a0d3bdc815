"""App-wide behaviour: health, errors, config, migrations, docs."""
import logging

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server.config import ConfigError, from_env
from server.extensions import db


def test_migrations_and_models_agree(app):
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_healthz_reports_database_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_reports_a_broken_redis(make_app):
    import redis

    app = make_app(REDIS_CLIENT=redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["redis"] == "error"


@pytest.mark.parametrize("name", ["prod", "staging", "Production2"])
def test_an_unknown_app_env_refuses_to_start_rather_than_run_as_development(name):
    with pytest.raises(ConfigError):
        from_env({"APP_ENV": name, "DEMO_MODE": "1", "SECRET_KEY": "k" * 40})


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(ConfigError):
        from_env({"APP_ENV": "production"})
    assert from_env({"APP_ENV": "production", "SECRET_KEY": "k" * 40})["SECRET_KEY"] == "k" * 40


def test_postgres_urls_use_psycopg3():
    assert from_env({"DATABASE_URL": "postgres://u@h/db", "SECRET_KEY": "x"})["SQLALCHEMY_DATABASE_URI"] \
        .startswith("postgresql+psycopg://")


def test_a_5xx_shows_a_generic_message_and_a_request_id_that_is_logged(make_app, caplog):
    app = make_app()

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/boom")
    assert response.status_code == 500
    error = response.json["error"]
    assert error["code"] == "internal_error" and "secret internals" not in error["message"]
    assert error["request_id"] in error["message"]
    assert any(error["request_id"] in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("method, path, status", [
    ("get", "/api/v1/nowhere", 404), ("put", "/api/v1/orgs", 405)])
def test_framework_errors_use_the_json_shape(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert set(response.json["error"]) >= {"code", "message", "fields"}


def test_malformed_json_is_a_400(client, world):
    response = client.post("/api/v1/orgs", data="{not json", content_type="application/json",
                           headers=world.headers("city_staff"))
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_request"


def test_validation_errors_are_422_with_chinese_fields(client, world):
    response = client.post("/api/v1/orgs", headers=world.headers("city_staff"),
                           json={"name": "x" * 101, "parent_id": "1", "level": "branch", "sector": "rural", "zzz": 1})
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert fields["name"] == ["长度应在 1 到 100 之间"]
    assert fields["parent_id"] == ["应为整数"]
    assert fields["zzz"] == ["不允许的字段"]


def test_openapi_document_and_docs_page_are_served(client):
    spec = client.get("/api/openapi.json").json
    assert "/api/v1/orgs" in spec["paths"] and spec["info"]["title"] == "发展党员质量保证平台 API"
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and b"swagger-ui" in docs.data
    assert client.get("/api/static/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_a_failed_request_writes_nothing(client, world, app):
    # The org is created and flushed, then the level rule fails: the whole request rolls back.
    from server.models import Organization

    response = client.patch(f"/api/v1/orgs/{world.orgs['branch_a2'].id}", headers=world.headers("city_staff"),
                            json={"name": "改了名", "parent_id": world.orgs["county_b"].id})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Organization, world.orgs["branch_a2"].id).name == "甲二社区党支部"


def test_building_the_app_connects_to_nothing():
    # Unreachable database and Redis: importing and creating the app must still work.
    import subprocess
    import sys

    code = ("from server import create_app; app = create_app(); "
            "print(app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1])")
    env = {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "REDIS_URL": "redis://127.0.0.1:1/0",
           "SECRET_KEY": "x" * 32, "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "127.0.0.1:1/none"


def test_control_characters_in_text_are_a_422_not_a_database_error(client, world):
    for text in ("a\u0000b", "a\u0001b"):
        response = client.post("/api/v1/auth/login", json={"username": text, "password": "x"})
        assert response.status_code == 422 and "控制字符" in str(response.json["error"]["fields"])
    multiline = client.post("/api/v1/auth/login", json={"username": "a\nb", "password": "x"})
    assert multiline.status_code == 401


PRODUCTION = {"APP_ENV": "production", "SECRET_KEY": "k" * 48, "WECHAT_MP_APPID": "wx123", "WECHAT_MP_SECRET": "s" * 32}


def test_production_refuses_demo_mode(make_app):
    from server import create_app

    with pytest.raises(ConfigError, match="DEMO_MODE"):
        create_app({"SKIP_ENV": True, **PRODUCTION, "DEMO_MODE": True})


@pytest.mark.parametrize("missing", ["WECHAT_MP_APPID", "WECHAT_MP_SECRET"])
def test_production_refuses_the_fake_wechat_gateway(missing):
    from server import create_app

    with pytest.raises(ConfigError, match="WECHAT_MP_APPID"):
        create_app({"SKIP_ENV": True, **PRODUCTION, missing: ""})


def test_production_refuses_a_short_secret_key():
    from server import create_app

    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"SKIP_ENV": True, **PRODUCTION, "SECRET_KEY": "short"})


def test_production_refuses_the_cheap_password_hashing_of_the_test_suite():
    from server import create_app

    with pytest.raises(ConfigError, match="scrypt"):
        create_app({"SKIP_ENV": True, **PRODUCTION, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1"})


def test_a_complete_production_configuration_starts(make_app):
    app = make_app(**PRODUCTION, REDIS_URL=None)
    from server.wechat.client import WechatpyGateway

    assert isinstance(app.extensions["wechat"], WechatpyGateway)


def test_the_root_address_opens_the_app(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/h5/")


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_dates_far_outside_a_lifetime_are_422_not_500(client, branch, day):
    person = client.post("/api/v1/people", headers=branch.headers(), json={
        "org_id": branch.org_id, "name": "日期边界", "status": "applicant", "applied_at": day, "birth_date": day})
    assert person.status_code == 422 and person.json["error"]["fields"]
    meeting = client.post("/api/v1/meetings", headers=branch.headers(), json={
        "org_id": branch.org_id, "title": "边界会议", "kind": "branch_assembly", "starts_at": f"{day}T23:59:00Z"})
    assert meeting.status_code == 422
    publicity = client.post("/api/v1/publicities", headers=branch.headers(), json={
        "person_id": branch.applicants_ok[0], "kind": "activist", "starts_on": day, "ends_on": day})
    assert publicity.status_code == 422


def test_the_apps_redis_connections_give_up_on_an_unreachable_host_in_seconds(make_app):
    from server.redis_conn import REDIS_CONNECT_TIMEOUT

    app = make_app(REDIS_CLIENT=None, REDIS_URL="redis://10.255.255.1:6379/0")
    assert app.extensions["redis"].connection_pool.connection_kwargs["socket_connect_timeout"] == REDIS_CONNECT_TIMEOUT
    assert app.config["RATELIMIT_STORAGE_OPTIONS"]["socket_connect_timeout"] == REDIS_CONNECT_TIMEOUT
