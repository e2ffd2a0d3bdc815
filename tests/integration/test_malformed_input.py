"""Malformed input is a 4xx in the JSON error shape, never a 500: deep JSON, huge numbers, lone surrogates,
broken spreadsheets, and look-alike digits in paths."""
import io
import zipfile

import pytest


def _json(client, path, raw: str, headers):
    return client.post(path, data=raw.encode(), headers={**headers, "Content-Type": "application/json"})


def _is_error_shape(response, *statuses):
    assert response.status_code in statuses, (response.status_code, response.get_data(as_text=True)[:200])
    error = response.json["error"]
    assert error["code"] and error["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])  # a Chinese message


@pytest.mark.parametrize("path", ["/api/v1/meetings", "/api/v1/ballots", "/api/v1/auth/login", "/api/v1/people"])
def test_json_nested_thousands_deep_is_a_400(client, world, path):
    raw = "[" * 5000 + "]" * 5000
    _is_error_shape(_json(client, path, raw, world.headers("secretary_a1")), 400)
    raw = '{"a":' * 2000 + "1" + "}" * 2000
    _is_error_shape(_json(client, path, raw, world.headers("secretary_a1")), 400)


@pytest.mark.parametrize("raw", [
    '{"org_id": ' + "9" * 5000 + ', "name": "x", "status": "member"}',
    '{"org_id": 1, "name": "x", "status": "member", "birth_date": "' + "9" * 5000 + '"}',
    '{"org_id": 1e400, "name": "x", "status": "member"}',
    '{"org_id": NaN, "name": "x", "status": "member"}',
], ids=["int-5000-digits", "date-5000-digits", "float-1e400", "nan"])
def test_huge_numbers_are_refused_not_crashed_on(client, world, raw):
    _is_error_shape(_json(client, "/api/v1/people", raw, world.headers("secretary_a1")), 400, 422)


@pytest.mark.parametrize("path, template", [
    ("/api/v1/people", '{{"org_id": {org}, "name": "\\ud800", "status": "member"}}'),
    ("/api/v1/auth/login", '{{"username": "\\udfff", "password": "x"}}'),
    ("/api/v1/meetings", '{{"org_id": {org}, "title": "a\\ud800b", "kind": "branch_assembly", "starts_at": "2026-01-01T09:00:00+08:00"}}'),
], ids=["person-name", "login", "meeting-title"])
def test_a_lone_surrogate_is_a_4xx(client, world, path, template):
    raw = template.format(org=world.orgs["branch_a1"].id)
    _is_error_shape(_json(client, path, raw, world.headers("secretary_a1")), 400, 422)


PKG = "http://schemas.openxmlformats.org/package/2006"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _xlsx_with(sheet_xml: bytes) -> bytes:
    """A minimal workbook around one worksheet's XML, as a hostile or broken generator would write it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", f'<?xml version="1.0"?><Types xmlns="{PKG}/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
                   f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG}/relationships">'
                   f'<Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets>'
                   '<sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG}/relationships">'
                   f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def _sheet(body: str, prolog: str = "") -> bytes:
    return f'<?xml version="1.0"?>{prolog}<worksheet xmlns="{MAIN}"><sheetData>{body}'.encode()


BROKEN_SHEETS = {
    "unclosed": _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>x'),
    "garbage": b"\x00\x01not xml at all",
    "entity": _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>',
                     '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'),
    "bad_ref": _sheet('<row r="1"><c r="!!" t="n"><v>abc</v></c></row></sheetData></worksheet>'),
}


@pytest.mark.parametrize("kind", list(BROKEN_SHEETS))
def test_a_malformed_xlsx_is_a_422(client, world, kind):
    data = _xlsx_with(BROKEN_SHEETS[kind])
    response = client.post(f"/api/v1/orgs/{world.orgs['branch_a1'].id}/roster/import", headers=world.headers("secretary_a1"),
                           data={"file": (io.BytesIO(data), "名册.xlsx")}, content_type="multipart/form-data")
    _is_error_shape(response, 413, 422)


@pytest.mark.parametrize("digits", ["４", "٤", "𝟒", "4\u0660"])
def test_path_ids_take_ascii_digits_only(client, world, digits):
    response = client.get(f"/api/v1/people/{digits}", headers=world.headers("city_staff"))
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_path_ids_are_documented_as_integers(client):
    spec = client.get("/api/openapi.json").json
    params = spec["paths"]["/api/v1/people/{person_id}"]["parameters"]
    assert params[0]["schema"]["type"] == "integer"
