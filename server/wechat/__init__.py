"""The one way to WeChat: a gateway interface, its wechatpy implementation, and a fake for tests and demos."""
from __future__ import annotations

from flask import current_app

from server.wechat.gateway import (  # noqa: F401  (the gateway's types, importable from here)
    TRANSIENT_ERRCODES,
    WechatError,
    WechatGateway,
    WechatLoginError,
    WxIdentity,
)


def get_gateway() -> WechatGateway:
    """The gateway bound to the current app."""
    return current_app.extensions["wechat"]


def init_app(app) -> None:
    """Bind the real gateway when WeChat is configured; otherwise (demo mode, tests) the fake."""
    if "wechat" in app.extensions:
        return
    if app.config.get("WECHAT_MP_APPID") and app.config.get("WECHAT_MP_SECRET"):
        from server.wechat.client import WechatpyGateway

        app.extensions["wechat"] = WechatpyGateway.from_config(app.config, app.extensions.get("redis"))
    else:
        from server.wechat.fake import FakeWechatGateway

        app.extensions["wechat"] = FakeWechatGateway(
            latency=float(app.config.get("WECHAT_FAKE_LATENCY") or 0),
            redis=app.extensions.get("redis") if app.config.get("WECHAT_FAKE_LOG_TO_REDIS") else None)
        app.logger.info("WeChat is not configured (WECHAT_MP_APPID/SECRET): using the fake gateway")
