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


def test_failed_passwords_are_limited_per_client_address_but_a_colleagues_right_password_is_accepted(client, world):
    for i in range(30):
        assert login(client, f"user{i}", "bad").status_code == 401
    assert login(client, "secretary_a2", "wrong").status_code == 429  # wrong passwords from the address wait
    assert login(client, "secretary_a2").status_code == 200  # a right one is never refused for others' failures
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


def test_the_right_password_from_another_address_is_accepted_while_a_guesser_waits(client, world):
    guesser = {"environ_base": {"REMOTE_ADDR": "203.0.113.9"}}
    for _ in range(8):
        login(client, "secretary_a1", "guess", **guesser)
    assert login(client, "secretary_a1", **guesser).status_code == 429  # the guesser's address waits
    assert login(client, "secretary_a1", environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 200


def test_a_waiting_address_is_told_how_long_and_the_wait_doubles(client, world):
    for _ in range(5):
        assert login(client, "secretary_a1", "bad").status_code == 401
    first = login(client, "secretary_a1")
    assert first.status_code == 429 and first.headers["Retry-After"] == str(first.json["error"]["retry_after"])
    assert "秒后再试" in first.json["error"]["message"]
    assert 1 <= first.json["error"]["retry_after"] <= 5


def test_after_the_wait_the_right_password_is_accepted(make_app, world):
    import time

    client = make_app(LOGIN_BACKOFF_SECONDS=1).test_client()
    for _ in range(5):
        assert login(client, "secretary_a1", "bad").status_code == 401
    assert login(client, "secretary_a1").status_code == 429
    time.sleep(1.1)
    assert login(client, "secretary_a1").status_code == 200


def test_an_account_guessed_from_many_addresses_gives_each_new_address_one_free_failure(client, world):
    for i in range(20):
        login(client, "secretary_a1", "guess", environ_base={"REMOTE_ADDR": f"203.0.113.{i}"})
    fresh = {"environ_base": {"REMOTE_ADDR": "203.0.113.200"}}
    assert login(client, "secretary_a1", "guess", **fresh).status_code == 401
    assert login(client, "secretary_a1", "guess", **fresh).status_code == 429
    assert login(client, "secretary_a1", environ_base={"REMOTE_ADDR": "198.51.100.8"}).status_code == 200


def test_guessing_the_old_password_when_changing_it_is_throttled(client, world):
    headers = world.headers("secretary_a1")
    for _ in range(5):
        wrong = client.post("/api/v1/auth/password", headers=headers, json={"old_password": "x", "new_password": "N3w-password!"})
        assert wrong.status_code == 422
    blocked = client.post("/api/v1/auth/password", headers=headers,
                          json={"old_password": PASSWORD, "new_password": "N3w-password!"})
    assert blocked.status_code == 429


def test_a_spoofed_forwarded_for_header_does_not_change_the_address_limits_see(client, world):
    for i in range(5):
        login(client, "secretary_a1", "bad", headers={"X-Forwarded-For": f"10.0.0.{i}"})
    assert login(client, "secretary_a1", headers={"X-Forwarded-For": "10.0.0.99"}).status_code == 429


def test_behind_one_trusted_proxy_the_address_it_reports_is_used(make_app, world):
    client = make_app(TRUSTED_PROXIES=1).test_client()
    for _ in range(5):
        login(client, "secretary_a1", "bad", headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.5"})
    # The client wrote 6.6.6.6; the proxy appended the real 203.0.113.5, which now waits.
    assert login(client, "secretary_a1", headers={"X-Forwarded-For": "7.7.7.7, 203.0.113.5"}).status_code == 429
    assert login(client, "secretary_a1", headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.1"}).status_code == 200


def test_with_the_limiters_storage_down_staff_still_log_in_and_guessing_is_still_slowed(make_app, world):
    # Redis unreachable (nothing listens on port 1): the counts fall back to this process, never a 500.
    client = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0?socket_connect_timeout=0.2").test_client()
    ok = login(client, "secretary_a1")
    assert ok.status_code == 200 and ok.json["token"]
    answers = [login(client, "secretary_a2", "wrong").status_code for _ in range(8)]
    assert answers[0] == 401 and 429 in answers
