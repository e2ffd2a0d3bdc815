"""Vote sessions of a meeting: creating them, their electorate, codes and absentee opinions, and their states."""
from __future__ import annotations

from flask import url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import (
    ID,
    StrictBoolean,
    StrictInteger,
    UploadSchema,
    binary_doc,
    download,
    id_field,
    name_field,
    uploaded_file,
)
from server.domain.ballots import GROUPS
from server.domain.e2e.sealing import SEALINGS
from server.domain.kinds import SESSION_KINDS, STAGES
from server.extensions import db
from server.services import absentee, codes, documents, electorate, lifecycle, meetings, sealing
from server.services.meetings import get_vote_session

blp = Blueprint("sessions", __name__, url_prefix="/api/v1", description="表决")
PDF_DOC = binary_doc("票码条")


def ids_list():
    return fields.List(id_field(), validate=validate.Length(max=200))


class OptionSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class SessionSchema(Schema):
    id = fields.Integer()
    meeting_id = fields.Integer()
    org_id = fields.Integer()
    kind = fields.String()
    stage = fields.String(allow_none=True)
    title = fields.String()
    state = fields.String()
    max_choices = fields.Integer(allow_none=True)
    should_attend = fields.Integer(allow_none=True)
    override_reason = fields.String(allow_none=True)
    options = fields.List(fields.Nested(OptionSchema), metadata={"description": "候选人或评议对象（各类表决统一）"})
    candidates = fields.List(fields.Nested(OptionSchema), metadata={"description": "同 options（两推荐、四票决）"})
    subjects = fields.List(fields.Nested(OptionSchema), metadata={"description": "同 options（双评议）"})
    allowed_actions = fields.List(fields.String(), metadata={"description": "当前可做的操作"})
    counted = fields.Boolean(metadata={"description": "已计票（有纸质选票时，两位计票人录入一致后才计票）"})
    committee_guides = fields.Boolean(metadata={"description": "上级党委派人参会指导（双评议）"})
    guidance_delegate = fields.String(allow_none=True, metadata={"description": "上级党委派出的指导人员"})
    opened_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    published_at = fields.DateTime(allow_none=True)
    sealing = fields.Dict(metadata={"description": "谁能解读选票：server 服务器加密保存；tellers 计票人、监票人持有密钥"
                                                   "（端到端可验证，docs/verification.md）及两人的密钥、解密情况"})


class SealingSchema(Schema):
    sealing = fields.String(required=True, validate=validate.OneOf(list(SEALINGS)))


class SessionListSchema(Schema):
    items = fields.List(fields.Nested(SessionSchema))


class SessionCreateSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(list(SESSION_KINDS)))
    title = name_field()
    stage = fields.String(validate=validate.OneOf(list(STAGES)), allow_none=True)
    candidate_ids = ids_list()
    max_choices = StrictInteger(validate=validate.Range(min=1, max=200), allow_none=True)
    include_branch_work = StrictBoolean()
    subject_person_ids = ids_list()
    override_reason = fields.String(validate=validate.Length(min=2, max=500), metadata={
        "description": "确定入党积极分子票决：候选人未经“两推荐”时必须写明理由"})


class SessionUpdateSchema(Schema):
    title = name_field(required=False)
    candidate_ids = ids_list()
    max_choices = StrictInteger(validate=validate.Range(min=1, max=200), allow_none=True)
    include_branch_work = StrictBoolean()
    subject_person_ids = ids_list()
    override_reason = fields.String(validate=validate.Length(min=2, max=500))


class OpenSchema(Schema):
    override_reason = fields.String(validate=validate.Length(min=2, max=500))


class CodesRequest(Schema):
    group = fields.String(required=True, validate=validate.OneOf(list(GROUPS)))
    count = StrictInteger(required=True, validate=validate.Range(min=1, max=codes.MAX_CODES_PER_REQUEST))


class CodesResponse(Schema):
    codes = fields.List(fields.String())
    slips_pdf = fields.String()
    batch_id = fields.Integer()
    group = fields.String()
    slips_expire_at = fields.DateTime()


class ExclusionSchema(Schema):
    person_id = id_field(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=2, max=200))


class ElectorateSchema(Schema):
    state = fields.String()
    frozen = fields.Boolean()
    groups = fields.Dict()
    should_attend = fields.Integer()
    mass_reps = fields.Dict(allow_none=True)
    override_reason = fields.String(allow_none=True)


class AbsenteeCreateSchema(Schema):
    answers = fields.Dict(required=True)
    person_id = id_field(required=True, metadata={"description": "提交书面意见的党员（须在应到会党员范围内，每人一份）"})


class AbsenteeSchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer(allow_none=True)
    answers = fields.Dict()
    scan_name = fields.String(allow_none=True, metadata={"description": "签字书面意见的扫描件或照片"})


class AbsenteeListSchema(Schema):
    items = fields.List(fields.Nested(AbsenteeSchema))


def session_body(vote) -> dict:
    return {**meetings.describe_session(db.session, current_principal(optional=True), vote),
            "sealing": sealing.describe(db.session, vote)}


@blp.route(f"/meetings/<{ID}:meeting_id>/sessions", methods=["POST"])
@blp.arguments(SessionCreateSchema())
@blp.response(201, SessionSchema)
def create_session(body, meeting_id):
    """在会议中新建表决（两推荐、四票决、双评议）"""
    return session_body(meetings.create_session(db.session, current_principal(), meeting_id, body))


@blp.route(f"/meetings/<{ID}:meeting_id>/sessions", methods=["GET"])
@blp.response(200, SessionListSchema)
def list_sessions(meeting_id):
    """会议中的表决"""
    return {"items": [session_body(v) for v in meetings.list_sessions(db.session, current_principal(), meeting_id)]}


@blp.route(f"/sessions/<{ID}:session_id>", methods=["GET"])
@blp.response(200, SessionSchema)
def get_session(session_id):
    """表决详情"""
    return session_body(get_vote_session(db.session, current_principal(), session_id))


@blp.route(f"/sessions/<{ID}:session_id>", methods=["PATCH"])
@blp.arguments(SessionUpdateSchema(), required=False)
@blp.response(200, SessionSchema)
def update_session(body, session_id):
    """修改草稿表决"""
    return session_body(meetings.update_session(db.session, current_principal(), session_id, body))


@blp.route(f"/sessions/<{ID}:session_id>/sealing", methods=["PUT"])
@blp.arguments(SealingSchema())
@blp.response(200, SessionSchema)
def choose_sealing(body, session_id):
    """选择计票方式（草稿）：tellers 由计票人、监票人在各自手机上生成密钥，开始投票须两人密钥齐全"""
    return session_body(sealing.choose(db.session, current_principal(), session_id, body["sealing"]))


@blp.route(f"/sessions/<{ID}:session_id>", methods=["DELETE"])
@blp.response(204)
def delete_session(session_id):
    """删除草稿表决"""
    meetings.delete_session(db.session, current_principal(), session_id)


@blp.route(f"/sessions/<{ID}:session_id>/open", methods=["POST"])
@blp.arguments(OpenSchema(), required=False)
@blp.response(200, SessionSchema)
def open_session(body, session_id):
    """开始表决（群众代表人数不足时需填写理由）"""
    vote = lifecycle.open_session(db.session, current_principal(), session_id, (body or {}).get("override_reason"))
    return session_body(vote)


@blp.route(f"/sessions/<{ID}:session_id>/close", methods=["POST"])
@blp.response(200, SessionSchema)
def close_session(session_id):
    """结束表决并计票"""
    return session_body(lifecycle.close_session(db.session, current_principal(), session_id))


@blp.route(f"/sessions/<{ID}:session_id>/publish", methods=["POST"])
@blp.response(200, SessionSchema)
def publish_session(session_id):
    """当场公布结果"""
    return session_body(lifecycle.publish_session(db.session, current_principal(), session_id))


@blp.route(f"/sessions/<{ID}:session_id>/cancel", methods=["POST"])
@blp.response(200, SessionSchema)
def cancel_session(session_id):
    """作废表决"""
    return session_body(lifecycle.cancel_session(db.session, current_principal(), session_id))


@blp.route(f"/sessions/<{ID}:session_id>/electorate", methods=["GET"])
@blp.response(200, ElectorateSchema)
def get_electorate(session_id):
    """投票人范围、应到人数和群众代表人数要求"""
    return electorate.describe(db.session, current_principal(), session_id)


@blp.route(f"/sessions/<{ID}:session_id>/exclusions", methods=["POST"])
@blp.arguments(ExclusionSchema())
@blp.response(201, ElectorateSchema)
def exclude(body, session_id):
    """不计入应到人数（须填写理由）"""
    electorate.exclude(db.session, current_principal(), session_id, body["person_id"], body["reason"])
    return electorate.describe(db.session, current_principal(), session_id)


@blp.route(f"/sessions/<{ID}:session_id>/exclusions/<{ID}:person_id>", methods=["DELETE"])
@blp.response(200, ElectorateSchema)
def include(session_id, person_id):
    """撤销排除"""
    electorate.include(db.session, current_principal(), session_id, person_id)
    return electorate.describe(db.session, current_principal(), session_id)


@blp.route(f"/sessions/<{ID}:session_id>/codes", methods=["POST"])
@blp.arguments(CodesRequest())
@blp.response(201, CodesResponse)
def create_codes(body, session_id):
    """生成一次性票码（只返回这一次）和打印用的票码条 PDF"""
    created, batch = codes.create_codes(db.session, current_principal(), session_id, body["group"], body["count"])
    pdf = url_for("sessions.slips_pdf", session_id=session_id, batch_id=batch.id)
    return {"codes": created, "slips_pdf": pdf, "batch_id": batch.id, "group": batch.group,
            "slips_expire_at": batch.slips_expire_at}


class CodeBatchSchema(Schema):
    batch_id = fields.Integer()
    group = fields.String()
    count = fields.Integer()
    used = fields.Integer()
    created_at = fields.DateTime()
    slips_expire_at = fields.DateTime()
    printable = fields.Boolean()
    slips_pdf = fields.String()


class CodeBatchesSchema(Schema):
    items = fields.List(fields.Nested(CodeBatchSchema))
    groups = fields.Dict()


@blp.route(f"/sessions/<{ID}:session_id>/codes", methods=["GET"])
@blp.response(200, CodeBatchesSchema)
def code_batches(session_id):
    """已生成的票码批次（可在有效期内重新打印）及各组票码数与应到人数"""
    listing = codes.batches(db.session, current_principal(), session_id)
    for item in listing["items"]:
        item["slips_pdf"] = url_for("sessions.slips_pdf", session_id=session_id, batch_id=item["batch_id"])
    return listing


@blp.route(f"/sessions/<{ID}:session_id>/codes/<{ID}:batch_id>/slips.pdf", methods=["GET"])
@blp.doc(responses=PDF_DOC)
def slips_pdf(session_id, batch_id):
    """打印票码条（A4，每页 8 张）"""
    data = codes.slips_pdf(db.session, current_principal(), session_id, batch_id)
    return download(data, f"slips-{session_id}-{batch_id}.pdf")


@blp.route(f"/sessions/<{ID}:session_id>/absentee-opinions", methods=["POST"])
@blp.arguments(AbsenteeCreateSchema())
@blp.response(201, AbsenteeSchema)
def add_absentee_opinion(body, session_id):
    """表决开始前录入因故不能到会党员的书面意见：每名党员一份，计入票数、不计入到会人数，本人会收到录入内容的通知"""
    return absentee.add_absentee_opinion(db.session, current_principal(), session_id, body["answers"],
                                        body["person_id"])


@blp.route(f"/sessions/<{ID}:session_id>/absentee-opinions", methods=["GET"])
@blp.response(200, AbsenteeListSchema)
def list_absentee_opinions(session_id):
    """已录入的书面意见"""
    return {"items": absentee.list_absentee_opinions(db.session, current_principal(), session_id)}


@blp.route(f"/sessions/<{ID}:session_id>/absentee-opinions/<{ID}:opinion_id>", methods=["DELETE"])
@blp.response(204)
def delete_absentee_opinion(session_id, opinion_id):
    """删除录错的书面意见（表决开始前）"""
    absentee.delete_absentee_opinion(db.session, current_principal(), session_id, opinion_id)


@blp.route(f"/sessions/<{ID}:session_id>/absentee-opinions/<{ID}:opinion_id>/scan", methods=["POST"])
@blp.arguments(UploadSchema(), location="files")
@blp.response(200, AbsenteeSchema)
def attach_absentee_scan(files, session_id, opinion_id):
    """上传签字书面意见的扫描件或照片（PDF、PNG、JPEG；表决开始后不能替换）"""
    upload = uploaded_file()
    return absentee.attach_scan(db.session, current_principal(), session_id, opinion_id,
                                upload.read(documents.MAX_BYTES + 1), upload.filename or "")


@blp.route(f"/sessions/<{ID}:session_id>/absentee-opinions/<{ID}:opinion_id>/scan", methods=["GET"])
@blp.doc(responses=binary_doc("书面意见扫描件", "application/pdf", "image/png", "image/jpeg"))
def absentee_scan(session_id, opinion_id):
    """下载书面意见扫描件"""
    name, mimetype, data = absentee.scan(db.session, current_principal(), session_id, opinion_id)
    return download(data, name, mimetype)
