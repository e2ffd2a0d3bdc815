"""The voter's side: the ballot form, casting, and what the meeting screen and voters see."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.failed_attempts import limit_failures
from server.api.schemas import ID, binary_doc, download, id_field
from server.api.sessions import OptionSchema
from server.domain.errors import ServiceUnavailable
from server.extensions import db
from server.redis_conn import get_redis
from server.services import casting, lifecycle, screen, voting_rights
from server.wechat import WechatError, get_gateway

blp = Blueprint("ballots", __name__, url_prefix="/api/v1", description="投票（选票、回执、计票结果）")

code_field = lambda: fields.String(validate=validate.Length(min=1, max=40))
join_field = lambda: fields.String(validate=validate.Length(min=1, max=120))


class CredentialQuery(Schema):
    code = code_field()
    join = join_field()


# Staff log in; voters may instead prove themselves with their code, the QR token or their receipt (an unknown
# proof is a 404, so nobody learns which sessions exist).
VOTER_OR_STAFF = [{}, {"bearer": []}]


class ViewerQuery(CredentialQuery):
    receipt = fields.String(validate=validate.Length(min=1, max=80),
                            metadata={"description": "回执；计票人持有密钥的表决为选票的追踪码（64 位十六进制）"})


class BallotFormSchema(Schema):
    session_id = fields.Integer()
    title = fields.String()
    kind = fields.String()
    stage = fields.String(allow_none=True)
    meeting_title = fields.String()
    group = fields.String()
    max_choices = fields.Integer(allow_none=True)
    state = fields.String()
    options = fields.List(fields.Nested(OptionSchema), metadata={"description": "候选人或评议对象（各类表决统一）"})
    candidates = fields.List(fields.Nested(OptionSchema), metadata={"description": "同 options（两推荐、四票决）"})
    subjects = fields.List(fields.Nested(OptionSchema), metadata={"description": "同 options（双评议）"})
    join = fields.String(metadata={"description": "扫码投票时：提交选票用的凭证（15 分钟内有效，仅限本人）"})
    sealing = fields.Dict(metadata={"description": "计票人持有密钥时：{sealing, uid, public_key}，选票须在手机上加密并附证明"
                                                   "（docs/verification.md）"})


class CastSchema(Schema):
    session_id = id_field(required=True)
    code = code_field()
    join = join_field()
    answers = fields.Dict(required=True)
    submission_id = fields.String(validate=validate.Length(min=8, max=64),
                                  metadata={"description": "客户端为每次提交生成的随机编号；网络重试时带同一编号，不会重复计票"})


class ReceiptSchema(Schema):
    receipt = fields.String(required=True)
    session_id = fields.Integer()


class TurnoutSchema(Schema):
    session_id = fields.Integer()
    state = fields.String()
    groups = fields.Dict()


class ResultSchema(Schema):
    session_id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    state = fields.String()
    stage = fields.String()
    should_attend = fields.Integer()
    present = fields.Integer()
    absentee = fields.Integer()
    quorum_met = fields.Boolean()
    groups = fields.Dict()
    thresholds = fields.Dict()
    threshold = fields.Integer()
    channels = fields.Dict(metadata={"description": "每组手机票、纸质票（含废票）张数"})
    attendance_warnings = fields.List(fields.Dict(), metadata={"description": "实到未超过应到一半的组，附人数"})
    candidates = fields.List(fields.Dict())
    subjects = fields.List(fields.Dict())
    board = fields.String(metadata={"description": "计票人持有密钥的表决：公开记录的编号（/h5/board/编号，人人可核对）"})


class ReceiptsSchema(Schema):
    session_id = fields.Integer()
    receipts = fields.List(fields.String())
    counted = fields.Boolean()


class JoinQrSchema(Schema):
    url = fields.String()
    token = fields.String()
    expires_at = fields.DateTime()
    svg = fields.String()
    rotation_seconds = fields.Integer()


@blp.route("/ballot-form", methods=["GET"])
@limit_failures("code_fails_per_client", "vote-code")
@blp.arguments(CredentialQuery(), location="query")
@blp.response(200, BallotFormSchema)
@blp.doc(security=[])
def ballot_form(query):
    """选票：凭票码或会场二维码取得候选人/评议对象"""
    return voting_rights.ballot_form(db.session, current_principal(optional=True), code=query.get("code"),
                               join=query.get("join"))


@blp.route("/ballots", methods=["POST"])
@limit_failures("code_fails_per_client", "vote-code")
@blp.arguments(CastSchema())
@blp.response(201, ReceiptSchema)
@blp.alt_response(200, schema=ReceiptSchema, description="同一次提交的重试：返回原回执，不重复计票")
@blp.doc(security=[])
def cast_ballot(body):
    """投票（不记名）：返回回执码"""
    receipt, created = casting.cast(db.session, current_principal(optional=True), vote_id=body["session_id"],
                                    answers=body["answers"], code=body.get("code"), join=body.get("join"),
                                    submission_id=body.get("submission_id"))
    return {"receipt": receipt, "session_id": body["session_id"]}, 201 if created else 200


@blp.route(f"/sessions/<{ID}:session_id>/turnout", methods=["GET"])
@blp.arguments(ViewerQuery(), location="query")
@blp.doc(security=VOTER_OR_STAFF)
@blp.response(200, TurnoutSchema)
def turnout(query, session_id):
    """投票进度（只有各组已投票数，没有任何候选人的票数）"""
    vote, _ = lifecycle.viewable_session(db.session, current_principal(optional=True), session_id, **query)
    return lifecycle.turnout(db.session, vote)


@blp.route(f"/sessions/<{ID}:session_id>/result", methods=["GET"])
@blp.arguments(ViewerQuery(), location="query")
@blp.doc(security=VOTER_OR_STAFF)
@blp.response(200, ResultSchema)
def result(query, session_id):
    """计票结果：结束后工作人员可见，公布后投票人可见"""
    vote, is_staff = lifecycle.viewable_session(db.session, current_principal(optional=True), session_id, **query)
    return lifecycle.result(db.session, vote, is_staff)


@blp.route(f"/sessions/<{ID}:session_id>/receipts", methods=["GET"])
@blp.arguments(ViewerQuery(), location="query")
@blp.doc(security=VOTER_OR_STAFF)
@blp.response(200, ReceiptsSchema)
def receipts(query, session_id):
    """已计入的回执（SHA-256）；带 receipt 参数时返回是否已计入"""
    vote, _ = lifecycle.viewable_session(db.session, current_principal(optional=True), session_id, **query)
    return lifecycle.receipts(db.session, vote, query.get("receipt"))


@blp.route(f"/sessions/<{ID}:session_id>/join-qr", methods=["GET"])
@blp.response(200, JoinQrSchema)
def join_qr(session_id):
    """会场大屏的投票二维码（每 30 秒更新）"""
    return screen.join_qr(db.session, current_principal(), session_id)


PNG_DOC = binary_doc("小程序码", "image/png")


@blp.route(f"/sessions/<{ID}:session_id>/join-mp-code", methods=["GET"])
@blp.doc(responses=PNG_DOC)
def join_mp_code(session_id):
    """会场大屏的小程序码（随投票二维码每 30 秒更新；微信扫码直接打开小程序选票）"""
    try:
        image = screen.join_mp_code(db.session, current_principal(), session_id, get_gateway(), get_redis())
    except WechatError:
        raise ServiceUnavailable("暂时无法生成小程序码，请使用网页二维码", code="wechat_unavailable") from None
    return download(image, f"join-{session_id}.png", "image/png")
