"""A gateway with the real interface and no network: used in demo mode and tests."""
from __future__ import annotations

import hashlib
import io
import time
from dataclasses import dataclass, field

import qrcode

from server.wechat.gateway import WechatError, WechatLoginError, WxIdentity


@dataclass
class SentMessage:
    channel: str
    openid: str
    template_id: str
    data: dict
    link: str | None


@dataclass
class FakeWechatGateway:
    """Login codes map to openids deterministically ("code-<x>" → "openid-<x>"); sends are recorded.

    `fail_next` queues errcodes to raise on the next sends, `latency` simulates WeChat's answer time,
    and `banned_words` makes check_text refuse a text.
    """

    sent: list[SentMessage] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)
    codes_made: list[str] = field(default_factory=list)  # scenes of the mini-program codes asked for
    latency: float = 0.0
    banned_words: tuple[str, ...] = ("违禁词",)
    # When set, every send is also appended to this Redis list, so tests and benchmarks can count the pushes
    # that worker processes made.
    redis: object | None = None
    log_key: str = "fake-wechat:sent"

    def _identity(self, code: str) -> WxIdentity:
        if not code or code.startswith("bad") or len(code) > 128:
            raise WechatLoginError(40029, "invalid code")
        digest = hashlib.sha256(code.encode()).hexdigest()[:24]
        return WxIdentity(openid=f"openid-{digest}", unionid=f"unionid-{digest}")

    def code_to_session(self, code: str) -> WxIdentity:
        return self._identity(code)

    def phone_number(self, code: str) -> str:
        """"phone-<number>" gives that number (tests and the demo tap the button with it); others are refused."""
        if not code.startswith("phone-") or len(code) > 64:
            raise WechatLoginError(40029, "invalid code")
        return code.removeprefix("phone-")

    def oa_authorize_url(self, redirect_uri: str, state: str) -> str:
        """Stands in for WeChat's authorize page, which sends the browser straight back with a code.

        The code is derived from `state`, so a browser that keeps its state (the H5 keeps a random device id)
        comes back as the same WeChat user, as it would from WeChat."""
        from urllib.parse import urlencode

        separator = "&" if "?" in redirect_uri else "?"
        return f"{redirect_uri}{separator}{urlencode({'code': f'fake-{state}', 'state': state})}"

    def oa_user_from_code(self, code: str) -> WxIdentity:
        return self._identity("oa:" + code) if code and not code.startswith("bad") else self._identity(code)

    def _send(self, channel, openid, template_id, data, link):
        if self.latency:
            time.sleep(self.latency)
        if self.fail_next:
            raise WechatError(self.fail_next.pop(0), "fake failure")
        self.sent.append(SentMessage(channel, openid, template_id, data, link))
        if self.redis is not None:
            self.redis.rpush(self.log_key, f"{channel}:{openid}")

    def send_subscribe_message(self, openid, template_id, data, page=None) -> None:
        self._send("subscribe", openid, template_id, data, page)

    def send_template_message(self, openid, template_id, data, url=None, miniprogram=None) -> None:
        self._send("template", openid, template_id, data, url)

    def get_unlimited_code(self, scene: str, page: str | None = None, width: int = 430) -> bytes:
        """A real QR image (of the scene and page), so demos show something scannable."""
        if self.fail_next:
            raise WechatError(self.fail_next.pop(0), "fake failure")
        self.codes_made.append(scene)
        image = qrcode.make(f"{page or ''}?scene={scene}")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()

    def check_text(self, text: str, openid: str | None = None) -> bool:
        return not any(word in text for word in self.banned_words)
