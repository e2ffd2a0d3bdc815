"""Roster files: template, import with a per-row error report, masked export."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from server.api.context import current_principal
from server.api.schemas import ID, UploadSchema, uploaded_file
from server.api.upload_slots import one_of_few_imports
from server.extensions import db
from server.services import roster
from server.services.scope import get_org

blp = Blueprint("roster", __name__, url_prefix="/api/v1/orgs", description="名册导入导出")


class TemplateQuery(Schema):
    format = fields.String(load_default="xlsx", validate=validate.OneOf(["xlsx", "csv"]))


class ImportResult(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    total = fields.Integer()


BINARY = {"schema": {"type": "string", "format": "binary"}}
TEMPLATE_DOC = {"200": {"description": "名册模板", "content": {roster.XLSX_MIME: BINARY, "text/csv": BINARY}}}
EXPORT_DOC = {"200": {"description": "名册（证件号、手机号脱敏）", "content": {roster.XLSX_MIME: BINARY}}}


def _download(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@blp.route(f"/<{ID}:org_id>/roster/template", methods=["GET"])
@blp.arguments(TemplateQuery(), location="query")
@blp.doc(responses=TEMPLATE_DOC)
def template(query, org_id):
    """下载名册模板（.xlsx 或 .csv）"""
    get_org(db.session, current_principal(), org_id)
    if query["format"] == "csv":
        return _download(roster.template_csv(), "名册模板.csv", "text/csv")
    return _download(roster.template_xlsx(), "名册模板.xlsx", roster.XLSX_MIME)


@blp.route(f"/<{ID}:org_id>/roster/import", methods=["POST"])
@blp.arguments(UploadSchema(), location="files")
@blp.response(200, ImportResult)
@one_of_few_imports
def import_roster(files, org_id):
    """导入名册：全部行校验通过才导入，否则返回每行的错误"""
    upload = uploaded_file()
    data = upload.read()
    return roster.import_roster(db.session, current_principal(), org_id, data, upload.filename or "")


@blp.route(f"/<{ID}:org_id>/roster/export", methods=["GET"])
@blp.doc(responses=EXPORT_DOC)
def export_roster(org_id):
    """导出名册 .xlsx（脱敏）"""
    data, name = roster.export_xlsx(db.session, current_principal(), org_id)
    return _download(data, f"{name}名册.xlsx", roster.XLSX_MIME)
