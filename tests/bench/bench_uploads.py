"""What an uploaded workbook can cost. Run: .venv/bin/python tests/bench/bench_uploads.py

Times reading (adapters.spreadsheets.read_file, the CPU-bound part of every roster and history import) for:
  worst accepted   the largest workbook the limits let through: 5,000 data rows of distinct text in as many
                   columns as fit under the 8 MB unpacked limit, and 1,000 trailing blank rows
  full roster      a real 5,000-row roster in the template's 17 columns
  sparse bomb      4.8 KB declaring A1:XFD1048576 (refused by its declared dimensions)
  sparse, no dims  a cell at XFD1048576 without a <dimension> element (refused at the row cap)
  zip bomb         40 MB of one entry packed into ~40 KB (refused by its declared size)
and five of the worst accepted at once, in five threads (they share this machine's two cores; through the API at
most two imports read at once, the others are told to retry: server/api/upload_slots.py).
"""
from __future__ import annotations

import io
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from server.domain.roster import COLUMNS  # noqa: E402
from server.services import spreadsheets  # noqa: E402
from tests.integration.test_malformed_input import MAIN, _xlsx_with  # noqa: E402

MAX_ROWS = 5000


def workbook(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _unpacked(data: bytes) -> int:
    return sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())


def _rows(count: int, columns: int, width: int = 6) -> list[list]:
    header = (COLUMNS + ["备注"] * spreadsheets.MAX_COLUMNS)[:columns]
    return [header] + [[f"{r:05d}{c:02d}" + "党" * width for c in range(columns)] for r in range(count)]


def worst_accepted() -> bytes:
    """5,000 rows of distinct cells, as many columns (up to the 64 read) as the 8 MB unpacked limit allows (sized
    from two samples: the unpacked size grows linearly with the columns)."""
    sample = 200
    narrow, wide = (_unpacked(workbook(_rows(sample, c))) for c in (8, 16))
    per_column = (wide - narrow) / (8 * sample)
    columns = min(spreadsheets.MAX_COLUMNS, int(spreadsheets.MAX_UNCOMPRESSED * 0.97 / MAX_ROWS / per_column))
    while columns > 0:
        data = workbook(_rows(MAX_ROWS, columns) + [[None]] * (spreadsheets.ROW_SLACK - 1))
        if _unpacked(data) <= spreadsheets.MAX_UNCOMPRESSED:
            print(f"worst accepted: {MAX_ROWS:,} rows × {columns} columns of distinct text")
            return data
        columns -= 1
    raise SystemExit("no workbook of that many rows fits the unpacked limit")


def full_roster() -> bytes:
    row = ["张三", "入党申请人", "男", "1990-01-01", "", "", "2025-01-01", "", "本科", "教师", "否"]
    return workbook([COLUMNS] + [row + [""] * (len(COLUMNS) - len(row))] * MAX_ROWS)


def sparse(dimension: bool) -> bytes:
    dim = '<dimension ref="A1:XFD1048576"/>' if dimension else ""
    return _xlsx_with((f'<?xml version="1.0"?><worksheet xmlns="{MAIN}">{dim}<sheetData>'
                       '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
                       '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
                       '</sheetData></worksheet>').encode())


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (40 * 1024 * 1024) + b"/>")
    return buffer.getvalue()


def read(data: bytes) -> str:
    try:
        header, records = spreadsheets.read_file(data, "名册.xlsx", MAX_ROWS)
        return f"read {len(records):,} rows"
    except spreadsheets.DomainError as error:
        return f"refused {error.status} {error.code}"


def timed(name: str, data: bytes) -> None:
    start = time.perf_counter()
    outcome = read(data)
    print(f"{name:16} {len(data) / 1024:8.1f} KB  {time.perf_counter() - start:6.2f} s  {outcome}")


def main() -> None:
    worst = worst_accepted()
    unpacked = _unpacked(worst)
    print(f"worst accepted unpacks to {unpacked / 1024 / 1024:.1f} MB")
    for name, data in (("worst accepted", worst), ("full roster", full_roster()), ("sparse bomb", sparse(True)),
                       ("sparse, no dims", sparse(False)), ("zip bomb", zip_bomb())):
        timed(name, data)
    start = time.perf_counter()
    with ThreadPoolExecutor(5) as pool:
        outcomes = list(pool.map(read, [worst] * 5))
    print(f"5 × worst accepted at once: {time.perf_counter() - start:.2f} s  ({', '.join(sorted(set(outcomes)))})")


if __name__ == "__main__":
    main()
