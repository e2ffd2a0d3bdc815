import io
import zipfile
from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook

from server.domain.roster import COLUMNS
from server.extensions import db
from server.models import Person
from tests.conftest import TODAY, id_card_for


def upload(client, world, data: bytes, filename="名册.xlsx", who="secretary_a1", org="branch_a1"):
    return client.post(f"/api/v1/orgs/{world.orgs[org].id}/roster/import", headers=world.headers(who),
                       data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def filled_template(client, world, rows: list[list]) -> bytes:
    """Download the real template, drop its example rows, and fill in `rows`."""
    response = client.get(f"/api/v1/orgs/{world.orgs['branch_a1'].id}/roster/template",
                          headers=world.headers("secretary_a1"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook["名册"]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def roster_rows(n: int) -> list[list]:
    statuses = ["正式党员", "预备党员", "入党申请人", "入党积极分子", "发展对象", "群众代表"]
    rows = []
    for i in range(n):
        status = statuses[i % len(statuses)]
        birth = date(1980, 1, 1) + timedelta(days=i * 17)
        id_card = "" if status == "群众代表" else id_card_for(birth, i, male=i % 2 == 0)
        applied = "" if status == "群众代表" else (TODAY - timedelta(days=400 + i)).isoformat()
        since = "" if status in ("群众代表", "入党申请人") else (TODAY - timedelta(days=100 + i)).isoformat()
        rows.append([f"成员{i:03d}", status, "", birth.isoformat(), id_card, f"139{i:08d}", applied, since,
                     "大学本科", "职工", "否"])
    return rows


def test_template_downloads_as_xlsx_and_csv(client, world):
    org = world.orgs["branch_a1"].id
    xlsx = client.get(f"/api/v1/orgs/{org}/roster/template", headers=world.headers("secretary_a1"))
    assert xlsx.status_code == 200 and xlsx.mimetype.endswith("spreadsheetml.sheet")
    assert [c.value for c in load_workbook(io.BytesIO(xlsx.data))["名册"][1]] == COLUMNS
    csv = client.get(f"/api/v1/orgs/{org}/roster/template?format=csv", headers=world.headers("secretary_a1"))
    assert csv.status_code == 200 and csv.data.decode("utf-8-sig").startswith(",".join(COLUMNS))


def test_the_filled_template_with_200_rows_imports_and_exports_masked(client, world, app):
    response = upload(client, world, filled_template(client, world, roster_rows(200)))
    assert response.status_code == 200, response.json
    assert response.json == {"created": 200, "updated": 0, "total": 200}
    export = client.get(f"/api/v1/orgs/{world.orgs['branch_a1'].id}/roster/export", headers=world.headers("secretary_a1"))
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(COLUMNS) and len(rows) == 1 + 200 + 2  # plus the two people already there
    text = str(rows)
    assert "13900000001" not in text and "139****0001" in text
    assert id_card_for(date(1980, 1, 1), 0) not in text and "********" in text


def test_importing_again_updates_people_by_id_number(client, world):
    data = filled_template(client, world, roster_rows(12))
    assert upload(client, world, data).json["created"] == 12
    again = upload(client, world, data).json
    assert again == {"created": 0, "updated": 12, "total": 12}


def test_a_file_with_errors_imports_nothing_and_reports_each_row(client, world, app):
    rows = roster_rows(5)
    rows[1][1] = "党员"           # row 3: unknown status
    rows[3][4] = "450103"         # row 5: short ID number
    rows.append(list(rows[0]))    # row 7: duplicate of row 2
    response = upload(client, world, filled_template(client, world, rows))
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "roster_file_invalid"
    cells = {(r["row"], r["column"]) for r in error["rows"]}
    assert {(3, "身份"), (5, "身份证号"), (7, "身份证号")} <= cells
    with app.app_context():
        assert db.session.query(Person).count() == 4


def test_csv_rosters_in_gbk_are_read(client, world):
    lines = [",".join(COLUMNS)] + [",".join(map(str, r)) for r in roster_rows(3)]
    response = upload(client, world, "\n".join(lines).encode("gb18030"), filename="名册.csv")
    assert response.status_code == 200 and response.json["created"] == 3


def test_a_file_that_is_not_a_spreadsheet_is_a_422(client, world):
    response = upload(client, world, b"%PDF-1.4 not a roster", filename="roster.pdf")
    assert response.status_code == 422 and "xlsx" in response.json["error"]["message"]
    broken_zip = upload(client, world, b"PK\x03\x04garbage", filename="roster.xlsx")
    assert broken_zip.status_code == 422


def test_a_12_mb_upload_is_refused_with_413(client, world):
    response = upload(client, world, b"a" * (12 * 1024 * 1024), filename="big.csv")
    assert response.status_code == 413 and response.json["error"]["code"] == "payload_too_large"


def test_50000_rows_are_refused_before_any_import(client, world, app):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for i in range(50_000):
        sheet.append([f"群众{i}", "群众代表"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, world, buffer.getvalue())
    assert response.status_code == 422 and response.json["error"]["code"] == "roster_too_many_rows"
    with app.app_context():
        assert db.session.query(Person).count() == 4


def test_an_id_number_registered_in_another_org_is_a_row_error(client, world):
    # The committee's staff see both branches: the duplicate is within their scope.
    rows = roster_rows(2)
    first = upload(client, world, filled_template(client, world, rows))
    assert first.status_code == 200
    other = upload(client, world, filled_template(client, world, rows), who="committee_a_staff", org="branch_a2")
    assert other.status_code == 422
    assert {r["column"] for r in other.json["error"]["rows"]} == {"身份证号"}


def test_rosters_outside_the_callers_scope_are_not_consulted(app, client, world):
    # Whether a citizen is on a roster the caller cannot see is not the caller's to learn, nor theirs to change.
    rows = roster_rows(2)
    assert upload(client, world, filled_template(client, world, rows)).status_code == 200
    other = upload(client, world, filled_template(client, world, rows), who="secretary_a2", org="branch_a2")
    assert other.status_code == 200 and other.json["created"] == 2
    with app.app_context():
        assert {p.org_id for p in db.session.query(Person).filter(Person.name == rows[0][0])} == {
            world.orgs["branch_a1"].id, world.orgs["branch_a2"].id}


def test_importing_into_another_branch_is_not_found(client, world):
    response = upload(client, world, filled_template(client, world, roster_rows(1)), org="branch_b1")
    assert response.status_code == 404


def test_a_missing_file_field_is_a_422(client, world):
    response = client.post(f"/api/v1/orgs/{world.orgs['branch_a1'].id}/roster/import",
                           headers=world.headers("secretary_a1"), data={}, content_type="multipart/form-data")
    assert response.status_code == 422


def _sparse_sheet(cells: str, dimension: str | None) -> bytes:
    from tests.integration.test_malformed_input import _xlsx_with

    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return _xlsx_with(('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                       f'{dim}<sheetData>{cells}</sheetData></worksheet>').encode())


FAR_CELL = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>' \
           '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def test_a_sparse_workbook_declaring_a_million_rows_is_refused_before_parsing(client, world):
    response = upload(client, world, _sparse_sheet(FAR_CELL, "A1:XFD1048576"))
    assert response.status_code == 422 and response.json["error"]["code"] == "roster_too_many_rows"
    assert "1048576" in response.json["error"]["message"]


def test_a_sparse_workbook_without_dimensions_stops_at_the_row_cap(client, world):
    response = upload(client, world, _sparse_sheet(FAR_CELL, None))
    assert response.status_code == 422 and response.json["error"]["code"] == "roster_too_many_rows"


def test_a_zip_bomb_is_refused_by_its_declared_size(client, world):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (40 * 1024 * 1024) + b"/>")
    assert len(buffer.getvalue()) < 100 * 1024
    response = upload(client, world, buffer.getvalue())
    assert response.status_code == 413 and response.json["error"]["code"] == "roster_file_too_large"
    assert "MB" in response.json["error"]["message"]


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://x\",\"点我\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)",
                                  "\t=1+1", " =1+1"])
def test_exported_cells_are_text_never_formulas(client, world, name):
    created = client.post("/api/v1/people", headers=world.headers("secretary_a1"), json={
        "org_id": world.orgs["branch_a1"].id, "name": "甲", "status": "mass_rep", "occupation": name[:50]})
    assert created.status_code == 201, created.json
    export = client.get(f"/api/v1/orgs/{world.orgs['branch_a1'].id}/roster/export", headers=world.headers("secretary_a1"))
    with zipfile.ZipFile(io.BytesIO(export.data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    cells = [c for row in load_workbook(io.BytesIO(export.data)).active.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert any(c.value == name[:50] for c in cells)


def test_imports_beyond_the_free_slots_are_told_to_retry_not_queued(app, client, world):
    from server.api import upload_slots
    from server.redis_conn import get_redis

    with app.app_context():
        redis = get_redis()
        redis.set(upload_slots.SLOT_KEY, upload_slots.IMPORT_SLOTS)  # two imports running elsewhere
    busy = upload(client, world, filled_template(client, world, roster_rows(1)))
    assert busy.status_code == 503 and busy.json["error"]["code"] == "imports_busy"
    assert busy.headers["Retry-After"] == "10"
    with app.app_context():
        assert int(get_redis().get(upload_slots.SLOT_KEY)) == upload_slots.IMPORT_SLOTS  # the refusal gave its slot back
        get_redis().set(upload_slots.SLOT_KEY, 0)
    assert upload(client, world, filled_template(client, world, roster_rows(1))).status_code == 200
