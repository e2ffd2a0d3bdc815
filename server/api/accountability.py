"""责任追究 on warnings: record 批评教育, 组织处置 and 党纪处分, read them on the warning and across a subtree."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, UploadSchema, binary_doc, download, id_field, uploaded_file
from server.domain import accountability as rules
from server.extensions import db
from server.services import accountability, documents

blp = Blueprint("accountability", __name__, url_prefix="/api/v1", description="预警责任追究")


class AccountabilityIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(list(rules.KINDS)),
                         metadata={"description": "criticism 批评教育 / organizational 组织处置 / disciplinary 党纪处分"})
    person = fields.String(required=True, validate=validate.Length(min=1, max=100),
                           metadata={"description": "对谁：党组织负责人或直接责任人的姓名、职务"})
    decided_by = fields.String(required=True, validate=validate.Length(min=1, max=100),
                               metadata={"description": "批评教育的谈话人，或作出处置、处分的机关"})
    decided_on = fields.Date(required=True)
    measure = fields.String(validate=validate.Length(max=100), metadata={"description": "组织处置、党纪处分的措施"})
    content = fields.String(validate=validate.Length(max=5000), metadata={"description": "批评教育谈话的主要内容"})


class AccountabilityOut(Schema):
    id = fields.Integer()
    warning_id = fields.Integer()
    org_id = fields.Integer()
    org_name = fields.String(allow_none=True)
    kind = fields.String()
    kind_label = fields.String()
    person = fields.String()
    measure = fields.String(allow_none=True)
    decided_by = fields.String()
    decided_on = fields.Date()
    content = fields.String(allow_none=True)
    document_name = fields.String(allow_none=True)


class AccountabilityList(Schema):
    items = fields.List(fields.Nested(AccountabilityOut))


class WarningAccountabilityList(AccountabilityList):
    may_record = fields.List(fields.String(), metadata={"description": "调用者可以记录的责任追究方式"})


class SubtreeQuery(Schema):
    org_id = id_field(strict=False)
    year = fields.Integer(validate=validate.Range(min=2000, max=2100))


@blp.route(f"/warnings/<{ID}:warning_id>/accountability", methods=["POST"])
@blp.arguments(AccountabilityIn())
@blp.response(201, AccountabilityOut)
def record(payload, warning_id):
    """记录责任追究：批评教育（发出预警的党组织），组织处置、党纪处分（发出预警的党组织或其上级）"""
    return accountability.record(db.session, current_principal(), warning_id, **payload)


@blp.route(f"/warnings/<{ID}:warning_id>/accountability", methods=["GET"])
@blp.response(200, WarningAccountabilityList)
def for_warning(warning_id):
    """该预警的责任追究记录，以及调用者可以记录的方式"""
    return accountability.for_warning(db.session, current_principal(), warning_id)


@blp.route("/accountability", methods=["GET"])
@blp.arguments(SubtreeQuery(), location="query")
@blp.response(200, AccountabilityList)
def in_subtree(query):
    """组织及其下级的责任追究档案"""
    return {"items": accountability.in_subtree(db.session, current_principal(), **query)}


@blp.route(f"/accountability/<{ID}:accountability_id>/document", methods=["POST"])
@blp.arguments(UploadSchema(), location="files")
@blp.response(200, AccountabilityOut)
def attach_document(files, accountability_id):
    """上传决定文件或谈话记录（PDF、PNG、JPEG；再次上传即替换）"""
    upload = uploaded_file()
    return accountability.attach_document(db.session, current_principal(), accountability_id,
                                          upload.read(documents.MAX_BYTES + 1), upload.filename or "")


@blp.route(f"/accountability/<{ID}:accountability_id>/document", methods=["GET"])
@blp.doc(responses=binary_doc("决定文件或谈话记录", "application/pdf", "image/png", "image/jpeg"))
def get_document(accountability_id):
    """下载决定文件或谈话记录"""
    name, mimetype, data = accountability.document(db.session, current_principal(), accountability_id)
    return download(data, name, mimetype)
