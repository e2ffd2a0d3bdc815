import os

import pytest

from tests.conftest import PASSWORD


def login(client, username, password=PASSWORD, **environ):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password}, **environ)


def test_login_returns_a_token_that_authorizes_requests(client, world):
    response = login(client, "secretary_a1")
    assert response.status_code == 200
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {response.json['token']}"})
    assert me.status_code == 200
    assert me.json["role"] == "secretary" and me.json["org_id"] == world.orgs["branch_a1"].id
    assert me.json["name"] == "甲一党员"


def test_wrong_password_and_unknown_user_get_the_same_401(client, world):
    wrong = login(client, "secretary_a1", "nope")
    unknown = login(client, "nobody", "nope")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json["error"]["message"] == unknown.json["error"]["message"] == "用户名或密码错误"


def test_requests_without_or_with_a_forged_token_get_401_json(client, world):
    assert client.get("/api/v1/orgs").json["error"]["code"] == "unauthorized"
    forged = client.get("/api/v1/orgs", headers={"Authorization": "Bearer abc.def.ghi"})
    assert forged.status_code == 401 and forged.json["error"]["code"] == "token_invalid"


def test_changing_the_password_revokes_older_tokens(client, world):
    old = world.headers("secretary_a1")
    response = client.post("/api/v1/auth/password", headers=old,
                           json={"old_password": PASSWORD, "new_password": "N3w-password!"})
    assert response.status_code == 200
    assert client.get("/api/v1/orgs", headers=old).json["error"]["code"] == "token_revoked"
    fresh = {"Authorization": f"Bearer {response.json['token']}"}
    assert client.get("/api/v1/orgs", headers=fresh).status_code == 200
    assert login(client, "secretary_a1", "N3w-password!").status_code == 200


def test_expired_tokens_are_refused(make_app, world):
    app = make_app(TOKEN_MAX_AGE=-1)
    response = app.test_client().get("/api/v1/orgs", headers=world.headers("city_staff"))
    assert response.status_code == 401 and response.json["error"]["code"] == "token_expired"


def test_failed_passwords_are_limited_per_account(client, world):
    for _ in range(5):
        assert login(client, "secretary_a1", "bad").status_code == 401
    blocked = login(client, "secretary_a1")
    assert blocked.status_code == 429
    assert blocked.json["error"]["code"] == "too_many_attempts"
    # Another account from the same address is not affected.
    assert login(client, "secretary_a2").status_code == 200


def test_successful_logins_from_one_address_are_never_throttled(client, world):
    # A meeting room of phones shares one public address.
    for _ in range(60):
        assert login(client, "secretary_a2").status_code == 200


def test_failed_passwords_are_limited_per_client_address(client, world):
    for i in range(30):
        assert login(client, f"user{i}", "bad").status_code == 401
    assert login(client, "secretary_a2").status_code == 429
    other_address = login(client, "secretary_a2", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other_address.status_code == 200


@pytest.mark.skipif(not os.environ.get("REDIS_URL"),
                    reason="needs REDIS_URL: flask-limiter's Redis storage cannot use fakeredis")
def test_rate_limits_are_shared_through_redis(make_app, world, redis_client):
    # Two web processes (two apps) see the same failure count when both use Redis.
    url = os.environ["REDIS_URL"]
    first, second = (make_app(RATELIMIT_STORAGE_URI=url).test_client() for _ in range(2))
    for i in range(5):
        assert login(first if i % 2 else second, "secretary_a1", "bad").status_code == 401
    assert login(first, "secretary_a1").status_code == 429


def test_demo_login_exists_only_in_demo_mode(make_app, world):
    plain = make_app().test_client()
    assert plain.post("/api/v1/auth/demo", json={"username": "city_staff"}).status_code == 404
    demo = make_app(DEMO_MODE=True).test_client()
    response = demo.post("/api/v1/auth/demo", json={"username": "city_staff"})
    assert response.status_code == 200 and response.json["token"]
