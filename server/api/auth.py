"""Logging in: password, WeChat mini-program, official-account OAuth, binding, and demo login."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.failed_attempts import guarded_bind, guarded_password, public_reads
from server.domain.errors import Unauthorized
from server.extensions import db, limiter
from server.services import auth, web_tickets
from server.wechat import WechatLoginError, get_gateway

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="登录与微信绑定")
demo_blp = Blueprint("demo", __name__, url_prefix="/api/v1/auth", description="演示模式登录（仅演示模式）")


class LoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=50))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)


class TokenSchema(Schema):
    token = fields.String(required=True)
    role = fields.String(allow_none=True)
    org_id = fields.Integer(allow_none=True)


class WechatCodeSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=128))


class WechatLoginResult(Schema):
    bind_required = fields.Boolean(required=True)
    token = fields.String()
    bind_ticket = fields.String()


class BindSchema(Schema):
    bind_ticket = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    bind_code = fields.String(required=True, validate=validate.Length(min=1, max=64))


class PhoneBindSchema(Schema):
    bind_ticket = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    phone_code = fields.String(required=True, validate=validate.Length(min=1, max=128),
                               metadata={"description": "getPhoneNumber 按钮回调中的 code（一次性）"})


class StaffBindSchema(Schema):
    bind_ticket = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    username = fields.String(required=True, validate=validate.Length(min=1, max=50))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)


class WebTicketSchema(Schema):
    ticket = fields.String(required=True, metadata={"description": "一次性，60 秒内有效；放在网址的 # 之后"})
    expires_in = fields.Integer(required=True)


class WebTicketExchangeSchema(Schema):
    ticket = fields.String(required=True, validate=validate.Length(min=20, max=100))


class PasswordSchema(Schema):
    old_password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)
    new_password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)


class OAuthUrlQuery(Schema):
    redirect_uri = fields.Url(required=True, validate=validate.Length(max=500))
    state = fields.String(load_default="", validate=validate.Length(max=64))


class OAuthUrlSchema(Schema):
    url = fields.String(required=True)


class MeSchema(Schema):
    account_id = fields.Integer(allow_none=True)
    person_id = fields.Integer(allow_none=True)
    username = fields.String(allow_none=True)
    name = fields.String(allow_none=True)
    role = fields.String(allow_none=True)
    org_id = fields.Integer(allow_none=True)
    org_name = fields.String(allow_none=True)
    must_change_password = fields.Boolean(metadata={"description": "密码由他人设定（新账号、重置），须先修改"})
    may = fields.List(fields.String(), metadata={"description": "可用的页面和操作（domain/capabilities.py）"})


class DemoLoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=50))


@blp.route("/login", methods=["POST"])
@blp.arguments(LoginSchema())
@blp.response(200, TokenSchema)
@blp.doc(security=[])
def login(body):
    """用户名密码登录（连续输错后需等待，等待时间逐次加倍；在其他设备上输入正确密码不受影响）"""
    token, account = guarded_password(
        "user:" + body["username"].strip().lower(),
        lambda: auth.login(db.session, body["username"], body["password"]))
    return {"token": token, "role": account.role, "org_id": account.org_id}


@blp.route("/wechat", methods=["POST"])
@blp.arguments(WechatCodeSchema())
@blp.response(200, WechatLoginResult)
@blp.doc(security=[])
def wechat_login(body):
    """小程序 wx.login 登录：已绑定返回 token，否则返回 bind_ticket"""
    try:
        return auth.wechat_login(db.session, get_gateway(), body["code"], channel="mp")
    except WechatLoginError:
        raise Unauthorized("微信登录失败，请重试", code="wechat_code_invalid") from None


@blp.route("/wechat-oa", methods=["POST"])
@blp.arguments(WechatCodeSchema())
@blp.response(200, WechatLoginResult)
@blp.doc(security=[])
def wechat_oa_login(body):
    """公众号网页授权登录（微信内浏览器）：用 OAuth 回调的 code 换取 token 或 bind_ticket"""
    try:
        return auth.wechat_login(db.session, get_gateway(), body["code"], channel="oa")
    except WechatLoginError:
        raise Unauthorized("微信授权失败，请重试", code="wechat_code_invalid") from None


@blp.route("/wechat-oa/authorize-url", methods=["GET"])
@blp.arguments(OAuthUrlQuery(), location="query")
@blp.response(200, OAuthUrlSchema)
@blp.doc(security=[])
def wechat_oa_authorize_url(query):
    """公众号网页授权跳转地址"""
    return {"url": get_gateway().oa_authorize_url(query["redirect_uri"], query["state"])}


@blp.route("/bind", methods=["POST"])
@blp.arguments(BindSchema())
@blp.response(200, TokenSchema)
@blp.doc(security=[])
def bind(body):
    """用支部书记发放的一次性绑定码绑定微信（多次输错后须等待，等待期间不受理）"""
    return {"token": guarded_bind(body["bind_ticket"],
                                  lambda: auth.bind(db.session, body["bind_ticket"], body["bind_code"]))}


@blp.route("/bind-phone", methods=["POST"])
@blp.arguments(PhoneBindSchema())
@blp.response(200, TokenSchema)
@blp.doc(security=[])
def bind_phone(body):
    """用微信验证过的手机号一键绑定：花名册上恰有一人登记了该号码时绑定，否则请用绑定码（不透露号码是否在花名册上）"""
    return {"token": guarded_bind(body["bind_ticket"], lambda: auth.bind_by_phone(
        db.session, get_gateway(), body["bind_ticket"], body["phone_code"]))}


@blp.route("/bind-staff", methods=["POST"])
@blp.arguments(StaffBindSchema())
@blp.response(200, TokenSchema)
@blp.doc(security=[])
def bind_staff(body):
    """工作人员在小程序中用账号密码登录一次，此后本微信自动登录（与网页登录相同的输错等待）"""
    token, account = guarded_password("user:" + body["username"].strip().lower(), lambda: auth.bind_staff(
        db.session, body["bind_ticket"], body["username"], body["password"]))
    return {"token": token, "role": account.role, "org_id": account.org_id}


@blp.route("/web-ticket", methods=["POST"])
@blp.response(201, WebTicketSchema)
def web_ticket():
    """小程序 web-view 打开电脑端页面：为当前账号签发一次性票据（60 秒内、只能用一次）"""
    ticket, seconds = web_tickets.issue(db.session, current_principal())
    return {"ticket": ticket, "expires_in": seconds}


@blp.route("/web-ticket/exchange", methods=["POST"])
@limiter.limit(public_reads, scope="public-read")
@blp.arguments(WebTicketExchangeSchema())
@blp.response(200, TokenSchema)
@blp.doc(security=[])
def exchange_web_ticket(body):
    """网页用票据换取该账号的登录（只能用一次；当前已登录其他账号时拒绝）"""
    try:
        caller = current_principal(optional=True)
    except Unauthorized:  # an expired session left in this browser is simply replaced
        caller = None
    token, account = web_tickets.exchange(db.session, body["ticket"], caller)
    return {"token": token, "role": account.role, "org_id": account.org_id}


@blp.route("/password", methods=["POST"])
@blp.arguments(PasswordSchema())
@blp.response(200, TokenSchema)
def change_password(body):
    """修改密码（此前签发的 token 全部失效；原密码连续输错后需等待）"""
    principal = current_principal()
    token = guarded_password(f"account:{principal.account_id}", lambda: auth.change_password(
        db.session, principal, body["old_password"], body["new_password"]))
    return {"token": token}


@blp.route("/me", methods=["GET"])
@blp.response(200, MeSchema)
def me():
    """当前登录者"""
    return auth.describe(db.session, current_principal())


@demo_blp.route("/demo", methods=["POST"])
@demo_blp.arguments(DemoLoginSchema())
@demo_blp.response(200, TokenSchema)
@demo_blp.doc(security=[])
def demo_login(body):
    """演示登录（仅 DEMO_MODE）"""
    return {"token": auth.demo_login(db.session, body["username"])}
