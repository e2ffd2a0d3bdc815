"""Reading uploaded spreadsheets (.xlsx or .csv) into a header and rows, with Chinese messages for bad files."""
from __future__ import annotations

import csv
import io
import zipfile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from server.domain import roster as rules
from server.domain.errors import RuleViolation


class RosterFileError(RuleViolation):
    code = "roster_file_invalid"


def _records_from_rows(rows, max_rows: int) -> tuple[list[str], list[dict]]:
    iterator = iter(rows)
    try:
        header = [rules.cell_text(c) for c in next(iterator)]
    except StopIteration:
        raise RosterFileError("文件是空的，请使用模板填写后上传") from None
    while header and header[-1] == "":
        header.pop()
    records = []
    for raw in iterator:
        values = list(raw)[:len(header)]
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        records.append(dict(zip(header, values, strict=False)))  # short rows leave cells out
        if len(records) > max_rows:
            raise RosterFileError(f"一次最多导入 {max_rows} 行，请分批导入", code="roster_too_many_rows")
    return header, records


def read_file(data: bytes, filename: str, max_rows: int) -> tuple[list[str], list[dict]]:
    """Header and records of an .xlsx or .csv file; anything else is a 422 with a Chinese message."""
    if data[:4] == b"PK\x03\x04":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
            raise RosterFileError("无法读取该 Excel 文件，请使用模板另存为 .xlsx 后上传") from None
        try:
            return _records_from_rows(workbook.worksheets[0].iter_rows(values_only=True), max_rows)
        finally:
            workbook.close()
    if filename.lower().endswith(".csv") or not filename:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise RosterFileError("无法识别 CSV 文件的编码，请保存为 UTF-8")
        if "\x00" in text:
            raise RosterFileError("文件不是有效的表格文件，请上传 .xlsx 或 .csv")
        try:
            return _records_from_rows(csv.reader(io.StringIO(text)), max_rows)
        except csv.Error:
            raise RosterFileError("CSV 文件格式错误") from None
    raise RosterFileError("只支持 .xlsx 或 .csv 文件，请下载模板填写后上传")
