"""Paper ballots beside phones: handing them out, the tellers and their links, the papers; and the tellers'
own pages (public: one unguessable link each, no account)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.failed_attempts import public_reads, spend
from server.api.schemas import ID, StrictInteger, binary_doc, download, id_field, name_field
from server.domain.ballots import GROUPS
from server.domain.paper import PaperCount
from server.extensions import db, limiter
from server.services import boards, lifecycle, paper, paper_pdfs, sealing

blp = Blueprint("paper", __name__, url_prefix="/api/v1", description="纸质选票与计票人")
public_blp = Blueprint("public_tellers", __name__, url_prefix="/api/v1/public/tellers",
                       description="计票人录入纸质选票（公开页面，凭链接）")
board_blp = Blueprint("public_boards", __name__, url_prefix="/api/v1/public/boards",
                      description="端到端可验证表决的公开记录（公开，凭结果单上的编号）")
TOKEN = "string(minlength=20, maxlength=64)"
GROUP = f"any({', '.join(GROUPS)})"


class PaperStateSchema(Schema):
    session_id = fields.Integer()
    state = fields.String()
    handed_out = fields.Dict(metadata={"description": "每组发出的纸质选票张数"})
    marked_person_ids = fields.List(fields.Integer(), metadata={"description": "领取纸质选票的党员"})
    tellers = fields.List(fields.Dict())
    groups = fields.Dict(metadata={"description": "每组两位计票人是否已录入、哪里不一致"})
    agreed = fields.Boolean()
    links = fields.List(fields.Dict(), metadata={"description": "计票人各自的录入链接（只在指定时返回）"})


class MarkSchema(Schema):
    person_id = id_field(required=True)


class HandOutSchema(Schema):
    handed_out = StrictInteger(required=True, validate=validate.Range(min=0, max=10000))


class TellersSchema(Schema):
    counter = name_field(max_len=50, metadata={"description": "计票人姓名"})
    monitor = name_field(max_len=50, metadata={"description": "监票人姓名"})


class BallotsQuery(Schema):
    group = fields.String(required=True, validate=validate.OneOf(list(GROUPS)))
    copies = fields.Integer(load_default=1, validate=validate.Range(min=1, max=paper_pdfs.MAX_COPIES))


class PaperCountSchema(Schema):
    returned = StrictInteger(required=True, validate=validate.Range(min=0, max=10000),
                             metadata={"description": "收回的有效票张数"})
    spoiled = StrictInteger(required=True, validate=validate.Range(min=0, max=10000),
                            metadata={"description": "废票张数"})
    counts = fields.Dict(required=True, keys=fields.String(validate=validate.Length(max=12)), metadata={
        "description": "两推荐：{候选人编号: 票数}；四票决：{候选人编号: {yes, no, abstain}}；双评议：{对象编号: {四个等次}}"})


class TellerPageSchema(Schema):
    role = fields.String()
    label = fields.String()
    name = fields.String()
    session_id = fields.Integer()
    title = fields.String()
    kind = fields.String()
    stage = fields.String(allow_none=True)
    state = fields.String()
    meeting_title = fields.String()
    max_choices = fields.Integer(allow_none=True)
    options = fields.List(fields.Dict())
    groups = fields.List(fields.Dict())
    agreed = fields.Boolean()
    sealing = fields.Dict(metadata={"description": "计票人持有密钥时：本表决的标识、公钥、本人密钥，结束后待解密的各项合计"})


class KeyShareSchema(Schema):
    public_key = fields.String(required=True, validate=validate.Regexp(r"^[0-9a-f]{64}$"),
                               metadata={"description": "本人密钥份额的公钥 H_i（32 字节十六进制）"})
    proof = fields.List(fields.List(fields.String(validate=validate.Length(equal=64)), validate=validate.Length(equal=2)),
                        required=True, validate=validate.Length(equal=1),
                        metadata={"description": "知道该份额的证明 [[c, s]]（docs/verification.md）"})


class DecryptionSchema(Schema):
    decryption = fields.List(fields.Dict(), required=True, validate=validate.Length(min=1, max=20000),
                             metadata={"description": "对每项合计的部分解密 {d, proof}，顺序同 sealing.entries"})


@blp.route(f"/sessions/<{ID}:session_id>/paper", methods=["GET"])
@blp.response(200, PaperStateSchema)
def paper_state(session_id):
    """纸质选票：发放情况、计票人、两人录入是否一致"""
    return paper.describe(db.session, current_principal(), session_id)


@blp.route(f"/sessions/<{ID}:session_id>/paper/members", methods=["POST"])
@blp.arguments(MarkSchema())
@blp.response(200, PaperStateSchema)
def mark_member(body, session_id):
    """登记领取纸质选票的党员（此后不能再用手机投票；已用手机投票的不能领取）"""
    return paper.mark_member(db.session, current_principal(), session_id, body["person_id"])


@blp.route(f"/sessions/<{ID}:session_id>/paper/members/<{ID}:person_id>", methods=["DELETE"])
@blp.response(200, PaperStateSchema)
def unmark_member(session_id, person_id):
    """撤销误登记的纸质选票（投票进行中）"""
    return paper.unmark_member(db.session, current_principal(), session_id, person_id)


@blp.route(f"/sessions/<{ID}:session_id>/paper/groups/<{GROUP}:group>", methods=["PUT"])
@blp.arguments(HandOutSchema())
@blp.response(200, PaperStateSchema)
def hand_out(body, session_id, group):
    """群众代表领取纸质选票的张数（与票码合计不超过应到人数）"""
    return paper.hand_out(db.session, current_principal(), session_id, group, body["handed_out"])


@blp.route(f"/sessions/<{ID}:session_id>/tellers", methods=["POST"])
@blp.arguments(TellersSchema())
@blp.response(200, PaperStateSchema)
def appoint_tellers(body, session_id):
    """指定计票人、监票人，返回两人各自的录入链接（重新指定后旧链接失效）"""
    return paper.appoint_tellers(db.session, current_principal(), session_id, body["counter"], body["monitor"])


@blp.route(f"/sessions/<{ID}:session_id>/paper-ballots.pdf", methods=["GET"])
@blp.arguments(BallotsQuery(), location="query")
@blp.doc(responses=binary_doc("纸质选票"))
def paper_ballots(query, session_id):
    """打印纸质选票（无编号）"""
    data, name = paper_pdfs.paper_ballots(db.session, current_principal(), session_id, query["group"],
                                          query["copies"])
    return download(data, f"{name}.pdf")


@blp.route(f"/sessions/<{ID}:session_id>/result-sheet.pdf", methods=["GET"])
@blp.doc(responses=binary_doc("票决结果单"))
def result_sheet(session_id):
    """票决结果单（公布后；存入本人档案）"""
    data, name = paper_pdfs.result_sheet(db.session, current_principal(), session_id)
    return download(data, f"{name}.pdf")


@public_blp.route(f"/<{TOKEN}:token>", methods=["GET"])
@limiter.limit(public_reads, scope="public-read")
@public_blp.response(200, TellerPageSchema)
@public_blp.doc(security=[])
def teller_page(token):
    """计票人页面：表决、各组纸质选票张数、本人已录入的结果；计票人持有密钥时还有密钥与待解密的合计"""
    return sealing.teller_view(db.session, token)


@board_blp.route(f"/<{TOKEN}:token>", methods=["GET"])
@limiter.limit(public_reads, scope="public-read")
@board_blp.doc(security=[], responses={"200": {"description": "公开记录（JSON，格式见 docs/verification.md）"}})
def bulletin_board(token):
    """表决的公开记录：计票人密钥与证明、全部加密选票与证明、合计、两人的部分解密与证明、纸质票与书面意见、结果（公布后）"""
    return boards.board(db.session, token)


@public_blp.route(f"/<{TOKEN}:token>/key", methods=["PUT"])
@public_blp.arguments(KeyShareSchema())
@public_blp.response(200, TellerPageSchema)
@public_blp.doc(security=[])
def publish_key(body, token):
    """计票人在本人手机上生成的密钥份额（公钥和证明；开始投票前，可重新生成）"""
    spend("replies_per_client", "teller-entry")
    sealing.publish_share(db.session, token, body["public_key"], body["proof"])
    return sealing.teller_view(db.session, token)


@public_blp.route(f"/<{TOKEN}:token>/decryption", methods=["PUT"])
@public_blp.arguments(DecryptionSchema())
@public_blp.response(200, TellerPageSchema)
@public_blp.doc(security=[])
def confirm_tally(body, token):
    """计票人确认计票：对各项合计的部分解密及证明（表决结束后；两人都确认后出结果）"""
    spend("replies_per_client", "teller-entry")
    return lifecycle.enter_decryption(db.session, token, body["decryption"])


@public_blp.route(f"/<{TOKEN}:token>/groups/<{GROUP}:group>", methods=["PUT"])
@public_blp.arguments(PaperCountSchema())
@public_blp.response(200, TellerPageSchema)
@public_blp.doc(security=[])
def enter_count(body, token, group):
    """录入一组纸质选票的计票结果（表决结束后、公布前；两人一致后自动计票）"""
    spend("replies_per_client", "teller-entry")
    return lifecycle.enter_paper_count(db.session, token, group,
                                       PaperCount(body["returned"], body["spoiled"], body["counts"]))
