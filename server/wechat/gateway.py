"""The gateway's interface and its types: what every implementation (wechatpy, the fake) speaks."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

# Error codes WeChat documents as temporary (system busy, rate limits, token expired): worth a retry.
TRANSIENT_ERRCODES = {-1, 45009, 45011, 45047, 40001, 42001, 40014}


class WechatError(Exception):
    """A WeChat API error with its errcode; `transient` says whether a retry may succeed."""

    def __init__(self, errcode: int, errmsg: str = ""):
        super().__init__(f"WeChat error {errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg

    @property
    def transient(self) -> bool:
        return self.errcode in TRANSIENT_ERRCODES


class WechatLoginError(WechatError):
    """The login code was rejected (invalid, used, or expired)."""


@dataclass(frozen=True)
class WxIdentity:
    """Who a login code belongs to; session_key is deliberately not kept."""

    openid: str
    unionid: str | None = None


class WechatGateway(Protocol):
    def code_to_session(self, code: str) -> WxIdentity: ...

    def phone_number(self, code: str) -> str:
        """The phone number WeChat verified for the user who tapped getPhoneNumber (its one-time code)."""
        ...

    def oa_authorize_url(self, redirect_uri: str, state: str) -> str: ...

    def oa_user_from_code(self, code: str) -> WxIdentity: ...

    def send_subscribe_message(self, openid: str, template_id: str, data: dict, page: str | None = None) -> None: ...

    def send_template_message(self, openid: str, template_id: str, data: dict, url: str | None = None,
                              miniprogram: dict | None = None) -> None: ...

    def get_unlimited_code(self, scene: str, page: str | None = None, width: int = 430) -> bytes: ...

    def check_text(self, text: str, openid: str | None = None) -> bool: ...
