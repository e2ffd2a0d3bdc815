"""The real gateway on wechatpy; the access token is shared across processes through Redis."""
from __future__ import annotations

import logging

from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.oauth import WeChatOAuth
from wechatpy.session.memorystorage import MemoryStorage
from wechatpy.session.redisstorage import RedisStorage

from server.wechat.gateway import WechatError, WechatLoginError, WxIdentity

log = logging.getLogger(__name__)


def _raise(exc: WeChatClientException, cls=WechatError):
    # Only the errcode is logged: requests to WeChat carry openids and message contents.
    log.warning("wechat call failed errcode=%s", exc.errcode)
    raise cls(int(exc.errcode), str(exc.errmsg)) from None


HTTP_TIMEOUT = 10  # seconds, per call to WeChat


class WechatpyGateway:
    """Mini-program (小程序) and official-account (公众号) calls through wechatpy."""

    def __init__(self, mp_appid: str, mp_secret: str, oa_appid: str = "", oa_secret: str = "", redis=None):
        storage = RedisStorage(redis, prefix="wechatpy") if redis is not None else MemoryStorage()
        # A bounded wait: a push claimed for longer than its claim counts as lost and is sent again (pushes.py).
        self.mp = WeChatClient(mp_appid, mp_secret, session=storage, timeout=HTTP_TIMEOUT)
        self.oa = (WeChatClient(oa_appid, oa_secret, session=storage, timeout=HTTP_TIMEOUT)
                   if oa_appid and oa_secret else None)
        self.oa_appid, self.oa_secret = oa_appid, oa_secret

    @classmethod
    def from_config(cls, config, redis=None) -> WechatpyGateway:
        return cls(config["WECHAT_MP_APPID"], config["WECHAT_MP_SECRET"],
                   config.get("WECHAT_OA_APPID", ""), config.get("WECHAT_OA_SECRET", ""), redis)

    def code_to_session(self, code: str) -> WxIdentity:
        try:
            result = self.mp.wxa.code_to_session(code)
        except WeChatClientException as exc:
            _raise(exc, WechatLoginError)
        return WxIdentity(openid=result["openid"], unionid=result.get("unionid"))

    def phone_number(self, code: str) -> str:
        # Not wrapped by this wechatpy release: its client posts with the shared access token all the same.
        try:
            result = self.mp.post(f"{self.mp.wxa.API_BASE_URL}wxa/business/getuserphonenumber", data={"code": code})
        except WeChatClientException as exc:
            _raise(exc, WechatLoginError)
        return result["phone_info"]["purePhoneNumber"]

    def _oauth(self, redirect_uri: str = "", state: str = "") -> WeChatOAuth:
        if not self.oa_appid:
            raise WechatError(-2, "official account not configured")
        return WeChatOAuth(self.oa_appid, self.oa_secret, redirect_uri, scope="snsapi_base", state=state)

    def oa_authorize_url(self, redirect_uri: str, state: str) -> str:
        return self._oauth(redirect_uri, state).authorize_url

    def oa_user_from_code(self, code: str) -> WxIdentity:
        try:
            result = self._oauth().fetch_access_token(code)
        except WeChatClientException as exc:
            _raise(exc, WechatLoginError)
        return WxIdentity(openid=result["openid"], unionid=result.get("unionid"))

    def send_subscribe_message(self, openid, template_id, data, page=None) -> None:
        try:
            self.mp.wxa.send_subscribe_message(openid, template_id, data, page=page)
        except WeChatClientException as exc:
            _raise(exc)

    def send_template_message(self, openid, template_id, data, url=None, miniprogram=None) -> None:
        if self.oa is None:
            raise WechatError(-2, "official account not configured")
        try:
            self.oa.message.send_template(openid, template_id, data, url=url, mini_program=miniprogram)
        except WeChatClientException as exc:
            _raise(exc)

    def get_unlimited_code(self, scene: str, page: str | None = None, width: int = 430) -> bytes:
        try:
            response = self.mp.wxa.get_wxa_code_unlimited(scene, width=width, page=page)
        except WeChatClientException as exc:
            _raise(exc)
        if isinstance(response, dict):  # JSON without errcode: unexpected
            raise WechatError(-1, "no image returned")
        return response.content

    def check_text(self, text: str, openid: str | None = None) -> bool:
        """True when WeChat finds nothing risky (87014 means risky content)."""
        try:
            self.mp.wxa.check_text_security(text)
        except WeChatClientException as exc:
            if int(exc.errcode) == 87014:
                return False
            _raise(exc)
        return True
