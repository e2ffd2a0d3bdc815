"""Reading uploaded spreadsheets (.xlsx or .csv) into a header and rows, with Chinese messages for bad files.

An .xlsx is a zip of XML that claims its own size: a few kilobytes can declare a million rows by 16,384 columns
(11 s of CPU) or unpack to hundreds of megabytes. Before parsing, the zip's declared sizes (which zipfile
enforces while reading) and the sheet's declared dimensions are checked; parsing streams (read-only mode, through
defusedxml) and stops at a fixed number of rows and columns.
"""
from __future__ import annotations

import csv
import io
import zipfile
import zlib

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from server.domain import roster as rules
from server.domain.errors import DomainError, RuleViolation

MAX_UNCOMPRESSED = 8 * 1024 * 1024  # a full 5,000-row roster unpacks to about 3 MB
MAX_ZIP_ENTRIES = 200
MAX_COLUMNS = 64  # the template has 17; more columns than this are not read
ROW_SLACK = 1000  # blank or formatted rows Excel may leave after the data
# Everything a damaged or hostile workbook can raise while openpyxl parses it (XML syntax errors are
# SyntaxError, defusedxml's refusals ValueError).
BROKEN_WORKBOOK = (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError,
                   AttributeError, SyntaxError, EOFError, OSError, UnicodeError, zlib.error)


class RosterFileError(RuleViolation):
    code = "roster_file_invalid"


class RosterFileTooLarge(DomainError):
    status, code = 413, "roster_file_too_large"


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise RosterFileError("无法读取该 Excel 文件，请使用模板另存为 .xlsx 后上传") from None
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNCOMPRESSED:
        raise RosterFileTooLarge(f"该 Excel 文件解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB，不像名册文件；"
                                 "请只保留名册数据，另存为新的 .xlsx 后上传")


def _check_dimensions(sheet, max_rows: int) -> None:
    """The sheet's own claim of its size (<dimension ref="A1:XFD1048576"/>), before a row is parsed."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > max_rows + ROW_SLACK:
        raise RosterFileError(f"该工作表有 {rows} 行，一次最多导入 {max_rows} 行；请分批导入，"
                              "或把名册数据复制到新的工作簿后上传", code="roster_too_many_rows")
    if columns > 1024:
        raise RosterFileError(f"该工作表声明了 {columns} 列，远超名册模板；请把名册数据复制到新的工作簿后上传",
                              code="roster_too_many_columns")


def _read_xlsx(data: bytes, max_rows: int) -> tuple[list[str], list[dict]]:
    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except BROKEN_WORKBOOK:
        raise RosterFileError("无法读取该 Excel 文件，请使用模板另存为 .xlsx 后上传") from None
    try:
        sheet = workbook.worksheets[0]
        _check_dimensions(sheet, max_rows)
        rows = sheet.iter_rows(max_row=max_rows + ROW_SLACK + 1, max_col=MAX_COLUMNS, values_only=True)
        return _records_from_rows(rows, max_rows, limit=max_rows + ROW_SLACK)
    except BROKEN_WORKBOOK:
        raise RosterFileError("Excel 文件内容已损坏，无法读取；请用 Excel 或 WPS 打开后另存为 .xlsx 再上传") from None
    finally:
        workbook.close()


def _records_from_rows(rows, max_rows: int, limit: int | None = None) -> tuple[list[str], list[dict]]:
    iterator = iter(rows)
    try:
        header = [rules.cell_text(c) for c in next(iterator)]
    except StopIteration:
        raise RosterFileError("文件是空的，请使用模板填写后上传") from None
    while header and header[-1] == "":
        header.pop()
    records = []
    for number, raw in enumerate(iterator, start=2):
        if limit is not None and number > limit:
            raise RosterFileError(f"表格超过 {limit} 行（含空行），请只保留名册数据后上传", code="roster_too_many_rows")
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
        return _read_xlsx(data, max_rows)
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
