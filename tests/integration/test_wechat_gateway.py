"""The wechatpy gateway against intercepted WeChat HTTP calls (no network), including error codes."""
import json

import fakeredis
import pytest
import responses

from server.wechat import WechatError, WechatLoginError
from server.wechat.client import WechatpyGateway
from server.wechat.fake import FakeWechatGateway

API = "https://api.weixin.qq.com"


@pytest.fixture
def gateway():
    return WechatpyGateway("wx-mp", "mp-secret", "wx-oa", "oa-secret", redis=fakeredis.FakeRedis())


def token_ok(rsps):
    rsps.add(responses.GET, f"{API}/cgi-bin/token", json={"access_token": "ACCESS", "expires_in": 7200})


@responses.activate
def test_code_to_session_returns_openid_and_unionid_and_drops_the_session_key(gateway):
    token_ok(responses)
    responses.add(responses.GET, f"{API}/sns/jscode2session",
                  json={"openid": "o1", "session_key": "SECRET", "unionid": "u1"})
    identity = gateway.code_to_session("abc")
    assert (identity.openid, identity.unionid) == ("o1", "u1")
    assert "SECRET" not in repr(identity)
    assert "js_code=abc" in responses.calls[-1].request.url


@responses.activate
def test_a_rejected_login_code_raises_a_login_error(gateway):
    token_ok(responses)
    responses.add(responses.GET, f"{API}/sns/jscode2session", json={"errcode": 40029, "errmsg": "invalid code"})
    with pytest.raises(WechatLoginError) as info:
        gateway.code_to_session("used")
    assert info.value.errcode == 40029 and not info.value.transient


@responses.activate
def test_subscribe_message_is_sent_with_a_shared_access_token(gateway):
    token_ok(responses)
    responses.add(responses.POST, f"{API}/cgi-bin/message/subscribe/send", json={"errcode": 0, "errmsg": "ok"})
    gateway.send_subscribe_message("o1", "TPL", {"thing1": {"value": "会议通知"}}, page="pages/inbox/index")
    gateway.send_subscribe_message("o1", "TPL", {"thing1": {"value": "会议通知"}})
    token_calls = [c for c in responses.calls if "/cgi-bin/token" in c.request.url]
    assert len(token_calls) == 1  # cached in Redis and reused
    body = json.loads(responses.calls[1].request.body)
    assert body["touser"] == "o1" and body["template_id"] == "TPL" and "access_token=ACCESS" in responses.calls[1].request.url
    # A second gateway (another process) reads the same token from Redis.
    assert gateway.mp.session.get("wx-mp_access_token") == "ACCESS"


@responses.activate
@pytest.mark.parametrize("errcode, transient", [(43101, False), (45009, True), (-1, True), (40003, False)])
def test_wechat_error_codes_are_raised_as_transient_or_permanent(gateway, errcode, transient):
    token_ok(responses)
    responses.add(responses.POST, f"{API}/cgi-bin/message/subscribe/send", json={"errcode": errcode, "errmsg": "x"})
    with pytest.raises(WechatError) as info:
        gateway.send_subscribe_message("o1", "TPL", {})
    assert info.value.errcode == errcode and info.value.transient is transient


@responses.activate
def test_an_expired_access_token_is_refreshed_once_and_the_call_retried(gateway):
    responses.add(responses.GET, f"{API}/cgi-bin/token", json={"access_token": "OLD", "expires_in": 7200})
    responses.add(responses.GET, f"{API}/cgi-bin/token", json={"access_token": "NEW", "expires_in": 7200})
    responses.add(responses.POST, f"{API}/cgi-bin/message/subscribe/send", json={"errcode": 42001, "errmsg": "expired"})
    responses.add(responses.POST, f"{API}/cgi-bin/message/subscribe/send", json={"errcode": 0})
    gateway.send_subscribe_message("o1", "TPL", {})
    assert "access_token=NEW" in responses.calls[-1].request.url


@responses.activate
def test_template_message_goes_through_the_official_account(gateway):
    token_ok(responses)
    responses.add(responses.POST, f"{API}/cgi-bin/message/template/send", json={"errcode": 0, "msgid": 1})
    gateway.send_template_message("oa-o1", "TPL2", {"first": {"value": "预警"}}, url="https://x.cn/h5/")
    body = json.loads(responses.calls[-1].request.body)
    assert body["touser"] == "oa-o1" and body["url"] == "https://x.cn/h5/"


@responses.activate
def test_unlimited_code_returns_the_image_bytes(gateway):
    token_ok(responses)
    png = b"\x89PNG\r\n\x1a\nfake"
    responses.add(responses.POST, f"{API}/wxa/getwxacodeunlimit", body=png, content_type="image/png")
    assert gateway.get_unlimited_code("s=12", page="pages/ballot/index") == png


@responses.activate
def test_text_security_check_flags_risky_text(gateway):
    token_ok(responses)
    responses.add(responses.POST, f"{API}/wxa/msg_sec_check", json={"errcode": 0})
    responses.add(responses.POST, f"{API}/wxa/msg_sec_check", json={"errcode": 87014, "errmsg": "risky"})
    assert gateway.check_text("正常的通知") is True
    assert gateway.check_text("有问题的内容") is False


@responses.activate
def test_official_account_oauth_code_exchange(gateway):
    responses.add(responses.GET, f"{API}/sns/oauth2/access_token",
                  json={"access_token": "T", "openid": "oa-1", "refresh_token": "R", "expires_in": 7200})
    assert gateway.oa_user_from_code("c").openid == "oa-1"
    assert "appid=wx-oa" in gateway.oa_authorize_url("https://x.cn/cb", "st")


def test_the_fake_has_the_same_interface_as_the_real_gateway():
    public = {n for n in dir(WechatpyGateway) if not n.startswith("_") and callable(getattr(WechatpyGateway, n))}
    public.discard("from_config")
    missing = {n for n in public if not callable(getattr(FakeWechatGateway, n, None))}
    assert missing == set()


def test_the_fake_returns_a_real_png_qr_code():
    assert FakeWechatGateway().get_unlimited_code("s=1").startswith(b"\x89PNG")


@responses.activate
def test_the_phone_code_is_exchanged_with_the_access_token_for_the_pure_number(gateway):
    token_ok(responses)
    responses.add(responses.POST, f"{API}/wxa/business/getuserphonenumber", json={
        "errcode": 0, "errmsg": "ok", "phone_info": {"phoneNumber": "+86 13800138000", "purePhoneNumber": "13800138000",
                                                     "countryCode": "86"}})
    assert gateway.phone_number("PHONECODE") == "13800138000"
    call = responses.calls[-1].request
    assert json.loads(call.body) == {"code": "PHONECODE"} and "access_token=ACCESS" in call.url


@responses.activate
def test_a_used_phone_code_raises_a_login_error(gateway):
    token_ok(responses)
    responses.add(responses.POST, f"{API}/wxa/business/getuserphonenumber", json={"errcode": 40029, "errmsg": "invalid code"})
    with pytest.raises(WechatLoginError):
        gateway.phone_number("USED")


def test_the_fake_gives_the_number_its_code_names_and_refuses_others():
    fake = FakeWechatGateway()
    assert fake.phone_number("phone-13800138000") == "13800138000"
    with pytest.raises(WechatLoginError):
        fake.phone_number("code-1")
