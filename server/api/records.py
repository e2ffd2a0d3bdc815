"""The development record (全程纪实): a person's 25 steps, recording a step, documents, the 纪实表, the due list,
what waits on the committee, and the history import."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, StrictInteger, UploadSchema, binary_doc, download, id_field, uploaded_file
from server.api.upload_slots import one_of_few_imports
from server.domain.steps import OUTCOMES, STEPS
from server.extensions import db
from server.services import documents, due, record_history, record_pdf, records

blp = Blueprint("records", __name__, url_prefix="/api/v1", description="发展党员全程纪实")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class StepSchema(Schema):
    no = fields.Integer()
    key = fields.String()
    name = fields.String()
    stage = fields.String()
    state = fields.String(metadata={"description": "done / open / blocked / not_yet"})
    done_on = fields.Date(allow_none=True)
    due_on = fields.Date(allow_none=True)
    overdue = fields.Boolean()
    by = fields.String(metadata={"description": "由谁记录：branch / committee / either"})
    by_vote = fields.String(allow_none=True)
    evidence = fields.Dict(allow_none=True)
    times = fields.Integer()
    round = fields.Integer()
    fields_ = fields.List(fields.String(), data_key="fields", attribute="fields",
                          metadata={"description": "记录该环节时要填写的项目"})
    can_record = fields.Boolean(metadata={"description": "当前登录者现在能否记录该环节"})


class BlockerSchema(Schema):
    key = fields.String()
    reason = fields.String()


class RecordSchema(Schema):
    person_id = fields.Integer()
    name = fields.String()
    org_id = fields.Integer()
    status = fields.String()
    probation_ends = fields.Date(allow_none=True)
    extension_months = fields.Integer()
    steps = fields.List(fields.Nested(StepSchema))
    blockers = fields.List(fields.Nested(BlockerSchema))
    publicity_due = fields.String(allow_none=True, metadata={"description": "现在应进行的公示类型"})
    halted = fields.String(allow_none=True, metadata={"description": "公示中反映的问题属实、待上级党委决定时的说明"})


class DoneStepSchema(Schema):
    no = fields.Integer()
    name = fields.String()
    stage = fields.String()
    done_on = fields.Date()


class NextStepSchema(Schema):
    no = fields.Integer()
    name = fields.String()
    stage = fields.String()
    due_on = fields.Date(allow_none=True)
    overdue = fields.Boolean()
    waiting_for = fields.String(allow_none=True, metadata={"description": "这一步还在等什么（如公示期未满）"})


class OwnRecordSchema(Schema):
    name = fields.String()
    status = fields.String()
    done = fields.List(fields.Nested(DoneStepSchema))
    next = fields.List(fields.Nested(NextStepSchema))
    probation_ends = fields.Date(allow_none=True)
    halted = fields.String(allow_none=True)


text = lambda n=500: fields.String(validate=validate.Length(min=1, max=n))
people_ids = lambda: fields.List(id_field(), validate=validate.Length(max=5))


class StepPostSchema(Schema):
    done_on = fields.Date(required=True)
    talker = text(50)
    contact_ids = people_ids()
    introducer_ids = people_ids()
    days = fields.Float(validate=validate.Range(min=0, max=365))
    hours = fields.Float(validate=validate.Range(min=0, max=2000))
    conclusion = text(1000)
    reason = text(500)
    outcome = fields.String(validate=validate.OneOf(list(OUTCOMES)))
    extension_months = StrictInteger(validate=validate.Range(min=1, max=24))
    note = text(1000)


class StepResultSchema(Schema):
    person_id = fields.Integer()
    key = fields.String()
    no = fields.Integer()
    done_on = fields.Date()
    late = fields.Boolean()
    status = fields.String()


class DocumentSchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    step_key = fields.String(allow_none=True)
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    created_at = fields.DateTime()


class DocumentListSchema(Schema):
    items = fields.List(fields.Nested(DocumentSchema))


class DocumentQuery(Schema):
    step_key = fields.String(validate=validate.OneOf(list(STEPS)))


class DueItemSchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    name = fields.String()
    org_id = fields.Integer()
    org_name = fields.String()
    key = fields.String()
    no = fields.Integer()
    step = fields.String()
    due_on = fields.Date(allow_none=True)
    overdue = fields.Boolean()


class DueListSchema(Schema):
    items = fields.List(fields.Nested(DueItemSchema))
    total = fields.Integer(metadata={"description": "到期和逾期环节的总数（列表最多列出 limit 个）"})
    overdue = fields.Integer(metadata={"description": "其中已逾期的个数"})


class DueQuery(Schema):
    org_id = id_field(strict=False)
    overdue_only = fields.Boolean(load_default=False)
    limit = fields.Integer(load_default=1000, validate=validate.Range(min=1, max=1000))


class OrgQuery(Schema):
    org_id = id_field(strict=False)


class HistoryResultSchema(Schema):
    rows = fields.Integer()
    steps = fields.Integer()
    flagged = fields.List(fields.Dict())


PDF_DOC = binary_doc("纪实表")
FILE_DOC = binary_doc("文件（PDF、PNG 或 JPEG）", *documents.FILE_TYPES.values())
XLSX_DOC = binary_doc("模板", XLSX)


def _download(data: bytes, name: str, mimetype: str, inline: bool = False):
    return download(data, name, mimetype, inline)


@blp.route(f"/people/<{ID}:person_id>/record", methods=["GET"])
@blp.response(200, RecordSchema)
def get_record(person_id):
    """人员的全程纪实：25 个环节、到期日、阻碍下一步的原因"""
    return records.get_record(db.session, current_principal(), person_id)


@blp.route("/me/record", methods=["GET"])
@blp.response(200, OwnRecordSchema)
def own_record():
    """我的发展进程：本人已完成的环节及日期、下一步及期限（只能看本人的）"""
    return records.own_record(db.session, current_principal())


@blp.route(f"/people/<{ID}:person_id>/steps/<string(maxlength=30):key>", methods=["POST"])
@blp.arguments(StepPostSchema())
@blp.response(201, StepResultSchema)
def record_step(body, person_id, key):
    """记录一个环节（422 说明违反的规定，409 说明尚未完成的前置环节）"""
    done_on = body.pop("done_on")
    return records.record_step(db.session, current_principal(), person_id, key, done_on, body)


@blp.route(f"/people/<{ID}:person_id>/record.pdf", methods=["GET"])
@blp.doc(responses=PDF_DOC)
def record_pdf_file(person_id):
    """打印纪实表（PDF）"""
    data, name = record_pdf.render(db.session, current_principal(), person_id)
    return _download(data, f"{name}发展党员全程纪实表.pdf", "application/pdf", inline=True)


@blp.route(f"/people/<{ID}:person_id>/documents", methods=["POST"])
@blp.arguments(UploadSchema(), location="files")
@blp.arguments(DocumentQuery(), location="query")
@blp.response(201, DocumentSchema)
def upload_document(files, query, person_id):
    """上传纪实材料（PDF、PNG、JPEG，不超过 10 MB）；step_key 说明属于哪个环节"""
    upload = uploaded_file()
    return documents.upload(db.session, current_principal(), person_id, upload.read(documents.MAX_BYTES + 1),
                            upload.filename or "", query.get("step_key"))


@blp.route(f"/people/<{ID}:person_id>/documents", methods=["GET"])
@blp.response(200, DocumentListSchema)
def list_documents(person_id):
    """纪实材料"""
    return {"items": documents.list_documents(db.session, current_principal(), person_id)}


@blp.route(f"/documents/<{ID}:document_id>", methods=["GET"])
@blp.doc(responses=FILE_DOC)
def download_document(document_id):
    """下载纪实材料"""
    document, data = documents.download(db.session, current_principal(), document_id)
    return _download(data, document.filename, document.content_type)


@blp.route("/record/due", methods=["GET"])
@blp.arguments(DueQuery(), location="query")
@blp.response(200, DueListSchema)
def due_list(query):
    """7 天内到期和已逾期的环节（每日扫描）"""
    principal, org_id = current_principal(), query.get("org_id")
    return {"items": due.due_list(db.session, principal, org_id, query["overdue_only"], query["limit"]),
            **due.due_counts(db.session, principal, org_id)}


@blp.route("/record/waiting", methods=["GET"])
@blp.arguments(OrgQuery(), location="query")
@blp.response(200, DueListSchema)
def waiting(query):
    """等待上级党委办理的环节（预审、谈话、审批、备案）"""
    return {"items": records.waiting_on_committee(db.session, current_principal(), query.get("org_id"))}


@blp.route(f"/orgs/<{ID}:org_id>/record-history/template", methods=["GET"])
@blp.doc(responses=XLSX_DOC)
def history_template(org_id):
    """下载纪实历史导入模板（.xlsx）"""
    data = record_history.template_xlsx(db.session, current_principal(), org_id)
    return _download(data, "发展党员纪实导入模板.xlsx", XLSX)


@blp.route(f"/orgs/<{ID}:org_id>/record-history/import", methods=["POST"])
@blp.arguments(UploadSchema(), location="files")
@blp.response(200, HistoryResultSchema)
@one_of_few_imports
def import_history(files, org_id):
    """导入纸质档案中的环节日期：格式全部正确才导入；违反规定的日期保留并标记"""
    upload = uploaded_file()
    return record_history.import_history(db.session, current_principal(), org_id, upload.read(), upload.filename or "")

