"""WeChat login and binding through the fake gateway (same interface as the wechatpy one)."""
from server.extensions import db
from server.models import BindCode, WechatBinding
from tests.conftest import PASSWORD


def bind_code(client, world, person="member_a1", who="secretary_a1"):
    response = client.post(f"/api/v1/people/{world.people[person].id}/bind-code", headers=world.headers(who))
    assert response.status_code == 201
    return response.json["code"]


def test_first_wechat_login_asks_to_bind_and_never_reveals_the_openid(client, world):
    response = client.post("/api/v1/auth/wechat", json={"code": "code-member"})
    assert response.status_code == 200
    assert response.json["bind_required"] is True
    assert "openid" not in response.get_data(as_text=True)


def test_bind_then_wx_login_alone_logs_the_member_in(client, world, app):
    ticket = client.post("/api/v1/auth/wechat", json={"code": "code-member"}).json["bind_ticket"]
    code = bind_code(client, world)
    bound = client.post("/api/v1/auth/bind", json={"bind_ticket": ticket, "bind_code": code})
    assert bound.status_code == 200
    again = client.post("/api/v1/auth/wechat", json={"code": "code-member"})
    assert again.json["bind_required"] is False
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {again.json['token']}"})
    assert me.json["person_id"] == world.people["member_a1"].id
    with app.app_context():
        assert db.session.query(WechatBinding).count() == 1
        assert all(c.code_hash != code for c in db.session.query(BindCode))


def test_a_bind_code_works_once(client, world):
    code = bind_code(client, world)
    first = client.post("/api/v1/auth/wechat", json={"code": "code-one"}).json["bind_ticket"]
    second = client.post("/api/v1/auth/wechat", json={"code": "code-two"}).json["bind_ticket"]
    assert client.post("/api/v1/auth/bind", json={"bind_ticket": first, "bind_code": code}).status_code == 200
    reused = client.post("/api/v1/auth/bind", json={"bind_ticket": second, "bind_code": code})
    assert reused.status_code == 401 and reused.json["error"]["code"] == "bind_code_invalid"


def test_a_new_bind_code_replaces_the_unused_old_one(client, world):
    old = bind_code(client, world)
    new = bind_code(client, world)
    ticket = client.post("/api/v1/auth/wechat", json={"code": "code-x"}).json["bind_ticket"]
    assert client.post("/api/v1/auth/bind", json={"bind_ticket": ticket, "bind_code": old}).status_code == 401
    assert client.post("/api/v1/auth/bind", json={"bind_ticket": ticket, "bind_code": new}).status_code == 200


def test_a_tampered_bind_ticket_is_refused(client, world):
    code = bind_code(client, world)
    response = client.post("/api/v1/auth/bind", json={"bind_ticket": "not-a-ticket", "bind_code": code})
    assert response.status_code == 401 and response.json["error"]["code"] == "bind_ticket_invalid"


def test_while_a_ticket_waits_after_failed_bind_codes_nothing_is_checked_not_even_a_right_code(client, world):

    ticket = client.post("/api/v1/auth/wechat", json={"code": "code-y"}).json["bind_ticket"]
    for _ in range(5):
        assert client.post("/api/v1/auth/bind", json={"bind_ticket": ticket, "bind_code": "WRONG"}).status_code == 401
    code = bind_code(client, world)
    waiting = client.post("/api/v1/auth/bind", json={"bind_ticket": ticket, "bind_code": code})
    assert waiting.status_code == 429 and waiting.json["error"]["code"] == "too_many_attempts"
    other = client.post("/api/v1/auth/wechat", json={"code": "code-z"}).json["bind_ticket"]
    assert client.post("/api/v1/auth/bind", json={"bind_ticket": other, "bind_code": code}).status_code == 200  # another user


def test_failed_bind_codes_from_one_address_make_it_wait_whatever_the_ticket(client, world):
    for n in range(10):
        ticket = client.post("/api/v1/auth/wechat", json={"code": f"code-{n}"}).json["bind_ticket"]
        assert client.post("/api/v1/auth/bind", json={"bind_ticket": ticket, "bind_code": "WRONG"}).status_code == 401
    fresh = client.post("/api/v1/auth/wechat", json={"code": "code-fresh"}).json["bind_ticket"]
    assert client.post("/api/v1/auth/bind", json={"bind_ticket": fresh, "bind_code": bind_code(client, world)}).status_code == 429
    elsewhere = client.post("/api/v1/auth/bind", json={"bind_ticket": fresh, "bind_code": bind_code(client, world)},
                            environ_base={"REMOTE_ADDR": "198.51.100.20"})
    assert elsewhere.status_code == 200


def test_a_secretary_cannot_issue_bind_codes_for_another_branch(client, world):
    response = client.post(f"/api/v1/people/{world.people['member_b1'].id}/bind-code",
                           headers=world.headers("secretary_a1"))
    assert response.status_code == 404


def test_official_account_login_uses_its_own_openid(client, world):
    url = client.get("/api/v1/auth/wechat-oa/authorize-url?redirect_uri=https://h5.example.cn/h5/oauth&state=s1")
    # The fake gateway answers as WeChat's authorize page would: straight back with a code and the state.
    assert url.status_code == 200
    assert url.json["url"] == "https://h5.example.cn/h5/oauth?code=fake-s1&state=s1"
    ticket = client.post("/api/v1/auth/wechat-oa", json={"code": "oa-code"}).json["bind_ticket"]
    code = bind_code(client, world)
    assert client.post("/api/v1/auth/bind", json={"bind_ticket": ticket, "bind_code": code}).status_code == 200
    assert client.post("/api/v1/auth/wechat-oa", json={"code": "oa-code"}).json["bind_required"] is False
    # The mini-program identity is a different openid: it still needs binding.
    assert client.post("/api/v1/auth/wechat", json={"code": "oa-code"}).json["bind_required"] is True


def test_a_rejected_wechat_code_is_a_401(client, world):
    response = client.post("/api/v1/auth/wechat", json={"code": "bad-code"})
    assert response.status_code == 401 and response.json["error"]["code"] == "wechat_code_invalid"


def test_a_member_token_cannot_read_staff_data(client, world):
    ticket = client.post("/api/v1/auth/wechat", json={"code": "code-m"}).json["bind_ticket"]
    token = client.post("/api/v1/auth/bind", json={"bind_ticket": ticket,
                                                   "bind_code": bind_code(client, world, person="applicant_a1")}).json["token"]
    response = client.get("/api/v1/people", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403


def _bound_token(client, world, person, wechat_code):
    ticket = client.post("/api/v1/auth/wechat", json={"code": wechat_code}).json["bind_ticket"]
    bound = client.post("/api/v1/auth/bind", json={"bind_ticket": ticket,
                                                   "bind_code": bind_code(client, world, person=person)})
    assert bound.status_code == 200
    return {"Authorization": f"Bearer {bound.json['token']}"}


def test_unbinding_a_wechat_revokes_the_old_phones_token_at_once(client, world):
    person = world.people["applicant_a1"].id
    old_phone = _bound_token(client, world, "applicant_a1", "code-old-phone")
    assert client.get("/api/v1/inbox", headers=old_phone).status_code == 200
    unbound = client.delete(f"/api/v1/people/{person}/wechat", headers=world.headers("secretary_a1"))
    assert unbound.status_code == 204
    refused = client.get("/api/v1/inbox", headers=old_phone)
    assert refused.status_code == 401 and refused.json["error"]["code"] == "token_revoked"
    new_phone = _bound_token(client, world, "applicant_a1", "code-new-phone")
    assert client.get("/api/v1/auth/me", headers=new_phone).json["person_id"] == person
    assert client.get("/api/v1/auth/me", headers=old_phone).status_code == 401


def test_binding_another_wechat_revokes_the_tokens_of_the_earlier_one(client, world):
    first = _bound_token(client, world, "applicant_a1", "code-first")
    second = _bound_token(client, world, "applicant_a1", "code-second")
    assert client.get("/api/v1/inbox", headers=first).status_code == 401
    assert client.get("/api/v1/inbox", headers=second).status_code == 200


def test_a_change_of_status_revokes_the_persons_tokens(client, world):
    phone = _bound_token(client, world, "applicant_a1", "code-status")
    changed = client.patch(f"/api/v1/people/{world.people['applicant_a1'].id}", headers=world.headers("secretary_a1"),
                           json={"status": "mass_rep", "correction_reason": "误录为申请人，更正为群众代表"})
    assert changed.status_code == 200, changed.json
    assert client.get("/api/v1/inbox", headers=phone).status_code == 401
    assert client.post("/api/v1/auth/wechat", json={"code": "code-status"}).json["bind_required"] is False


# --- One tap: WeChat's verified phone number (getPhoneNumber) ---------------------------------------------------

def _phones(app, world, numbers: dict[str, str]) -> None:
    """Put numbers on the roster as staff would (the keyed hash is kept beside the encrypted number)."""
    from server.models import Person
    from server.services.people import set_phone

    with app.app_context():
        for name, number in numbers.items():
            set_phone(db.session.get(Person, world.people[name].id), number)
        db.session.commit()


def _phone_bind(client, phone_code, wx_code="code-phone"):
    ticket = client.post("/api/v1/auth/wechat", json={"code": wx_code}).json["bind_ticket"]
    return client.post("/api/v1/auth/bind-phone", json={"bind_ticket": ticket, "phone_code": phone_code})


def test_the_verified_phone_of_exactly_one_roster_person_binds_them_in_one_tap(client, world, app, caplog):
    import logging

    _phones(app, world, {"member_a1": "138 0013 8000", "applicant_a1": "13900139000"})
    with caplog.at_level(logging.DEBUG):
        bound = _phone_bind(client, "phone-13800138000")  # the roster wrote it with spaces: the same number
    assert bound.status_code == 200 and "13800138000" not in bound.get_data(as_text=True)
    assert all("13800138000" not in r.getMessage() and "13800138000" not in str(r.args) for r in caplog.records)
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {bound.json['token']}"}).json
    assert me["person_id"] == world.people["member_a1"].id
    again = client.post("/api/v1/auth/wechat", json={"code": "code-phone"}).json
    assert again["bind_required"] is False  # from now on wx.login alone
    audit = client.get("/api/v1/audit", headers=world.headers("secretary_a1")).json["items"]
    assert any(e["action"] == "wechat.bound" and e["details"].get("by") == "phone" for e in audit)


def test_a_number_on_no_roster_and_one_on_two_persons_answer_alike_and_bind_nobody(client, world, app):
    _phones(app, world, {"member_a1": "13800138000", "applicant_a1": "13800138000"})
    nobody, two = _phone_bind(client, "phone-13700137000", "code-p1"), _phone_bind(client, "phone-13800138000", "code-p2")
    assert nobody.status_code == two.status_code == 401
    assert nobody.json == two.json and nobody.json["error"]["code"] == "phone_not_matched"
    assert "绑定码" in nobody.json["error"]["message"]
    with app.app_context():
        assert db.session.query(WechatBinding).count() == 0


def test_a_phone_code_wechat_refuses_is_a_clear_401(client, world):
    refused = _phone_bind(client, "not-a-phone-code")
    assert refused.status_code == 401 and refused.json["error"]["code"] == "phone_code_invalid"
    assert client.post("/api/v1/auth/bind-phone", json={"bind_ticket": "forged", "phone_code": "phone-13800138000"}
                       ).json["error"]["code"] == "bind_ticket_invalid"


def test_after_five_numbers_that_match_nobody_a_ticket_waits_even_for_a_matching_one(client, world, app):
    _phones(app, world, {"member_a1": "13800138000"})
    ticket = client.post("/api/v1/auth/wechat", json={"code": "code-guess"}).json["bind_ticket"]
    for n in range(5):
        wrong = client.post("/api/v1/auth/bind-phone", json={"bind_ticket": ticket, "phone_code": f"phone-1370013700{n}"})
        assert wrong.status_code == 401
    waiting = client.post("/api/v1/auth/bind-phone", json={"bind_ticket": ticket, "phone_code": "phone-13800138000"})
    assert waiting.status_code == 429 and waiting.json["error"]["code"] == "too_many_attempts"


def test_a_changed_or_removed_roster_phone_moves_its_hash(client, world, app):
    from server.models import Person

    _phones(app, world, {"member_a1": "13800138000"})
    _phones(app, world, {"member_a1": "13900139000"})
    assert _phone_bind(client, "phone-13800138000", "code-old").status_code == 401
    with app.app_context():
        from server.services.people import set_phone

        set_phone(db.session.get(Person, world.people["member_a1"].id), None)
        db.session.commit()
        assert db.session.get(Person, world.people["member_a1"].id).phone_hash is None
    assert _phone_bind(client, "phone-13900139000", "code-new").status_code == 401


# --- Staff: the password once in the mini-program, then WeChat alone ----------------------------------------------

def _staff_bind(client, username, password=None, wx_code="code-staff"):
    ticket = client.post("/api/v1/auth/wechat", json={"code": wx_code}).json["bind_ticket"]
    return client.post("/api/v1/auth/bind-staff", json={"bind_ticket": ticket, "username": username,
                                                        "password": password or PASSWORD})


def test_staff_without_a_roster_person_log_in_once_with_the_password_then_by_wechat_alone(client, world):
    bound = _staff_bind(client, "county_a_staff")
    assert bound.status_code == 200 and bound.json["role"] == "org_staff"
    again = client.post("/api/v1/auth/wechat", json={"code": "code-staff"}).json
    assert again["bind_required"] is False
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {again['token']}"}).json
    assert (me["username"], me["person_id"]) == ("county_a_staff", None)
    assert "openid" not in str(again)


def test_a_secretary_on_the_roster_binds_her_person_and_gets_her_account(client, world):
    bound = _staff_bind(client, "secretary_a1")
    assert bound.status_code == 200
    token = client.post("/api/v1/auth/wechat", json={"code": "code-staff"}).json["token"]
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json
    assert (me["username"], me["person_id"]) == ("secretary_a1", world.people["member_a1"].id)


def test_a_wrong_password_binds_nothing_and_counts_toward_the_wait(client, world, app):
    for _ in range(5):
        wrong = _staff_bind(client, "county_a_staff", "not-the-password")
        assert wrong.status_code == 401 and wrong.json["error"]["code"] == "bad_credentials"
    assert _staff_bind(client, "county_a_staff", "not-the-password").status_code == 429
    with app.app_context():
        assert db.session.query(WechatBinding).count() == 0


def test_a_reset_password_or_a_stopped_account_ends_the_silent_login(client, world):
    _staff_bind(client, "county_a_staff")
    account_id = world.accounts["county_a_staff"].id
    reset = client.patch(f"/api/v1/accounts/{account_id}", headers=world.headers("city_staff"),
                         json={"password": "Another-pass-2026"})
    assert reset.status_code == 200, reset.json
    assert client.post("/api/v1/auth/wechat", json={"code": "code-staff"}).json["bind_required"] is True
    _staff_bind(client, "county_a_staff", "Another-pass-2026")
    stopped = client.patch(f"/api/v1/accounts/{account_id}", headers=world.headers("city_staff"), json={"active": False})
    assert stopped.status_code == 200
    assert client.post("/api/v1/auth/wechat", json={"code": "code-staff"}).json["bind_required"] is True


def test_a_reset_password_ends_the_silent_login_of_a_secretary_who_is_on_a_roster_too(client, world):
    """Her WeChat is bound to her person, and that binding logs her account in: a reset must end it as well."""
    assert _staff_bind(client, "secretary_a1").status_code == 200
    reset = client.patch(f"/api/v1/accounts/{world.accounts['secretary_a1'].id}", headers=world.headers("county_a_staff"),
                         json={"password": "Another-pass-2026"})
    assert reset.status_code == 200, reset.json
    assert client.post("/api/v1/auth/wechat", json={"code": "code-staff"}).json["bind_required"] is True


def test_a_wechat_bound_to_a_member_cannot_also_log_in_a_staff_account(client, world):
    ticket = client.post("/api/v1/auth/wechat", json={"code": "code-staff"}).json["bind_ticket"]
    code = bind_code(client, world, person="applicant_a1")
    assert client.post("/api/v1/auth/bind", json={"bind_ticket": ticket, "bind_code": code}).status_code == 200
    other = client.post("/api/v1/auth/bind-staff", json={"bind_ticket": ticket, "username": "county_a_staff",
                                                         "password": PASSWORD})
    assert other.status_code == 409 and other.json["error"]["code"] == "wechat_already_bound"
