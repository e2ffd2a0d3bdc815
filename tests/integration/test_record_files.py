"""Documents, the printable 纪实表, and the Excel import of history from paper files."""
import io
from datetime import date

from openpyxl import Workbook, load_workbook

from server.extensions import db
from server.models import RecordEntry
from tests.conftest import fonts_not_embedded, id_card_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(client, headers, person_id, data, name="谈话记录.pdf", step_key="application_talk"):
    return client.post(f"/api/v1/people/{person_id}/documents?step_key={step_key}", headers=headers,
                       content_type="multipart/form-data", data={"file": (io.BytesIO(data), name)})


def test_documents_are_type_checked_size_limited_and_served_only_in_scope(client, branch, world):
    headers = branch.headers()
    stored = upload(client, headers, branch.applicant_new, PDF)
    assert stored.status_code == 201 and stored.json["content_type"] == "application/pdf"
    assert stored.json["size"] == len(PDF) and len(stored.json["sha256"]) == 64
    fetched = client.get(f"/api/v1/documents/{stored.json['id']}", headers=headers)
    assert fetched.status_code == 200 and fetched.data == PDF and fetched.headers["Cache-Control"] == "no-store"
    assert client.get(f"/api/v1/documents/{stored.json['id']}", headers=world.headers("secretary_b1")).status_code == 404
    script = upload(client, headers, branch.applicant_new, b"<script>alert(1)</script>", name="x.pdf")
    assert script.status_code == 422 and script.json["error"]["code"] == "file_type"
    big = upload(client, headers, branch.applicant_new, PDF + b"0" * (10 * 1024 * 1024))
    assert big.status_code in (413, 422)
    nine_mb = upload(client, headers, branch.applicant_new, PDF + b"0" * (9 * 1024 * 1024), name="扫描件.pdf")
    assert nine_mb.status_code == 201  # the documented 10 MB, not the request limit, is what counts
    polyglot = upload(client, headers, branch.applicant_new, PDF + b"<html><script>x</script></html>", name="poly.html")
    assert polyglot.status_code == 201 and polyglot.json["filename"] == "poly.pdf"  # named by what it is
    listed = client.get(f"/api/v1/people/{branch.applicant_new}/documents", headers=headers).json["items"]
    assert [d["filename"] for d in listed] == ["谈话记录.pdf", "扫描件.pdf", "poly.pdf"]
    assert upload(client, world.headers("secretary_b1"), branch.applicant_new, PDF).status_code == 404


def test_the_record_prints_as_a_pdf_for_the_paper_file(client, branch, world):
    response = client.get(f"/api/v1/people/{branch.target}/record.pdf", headers=branch.headers())
    assert response.status_code == 200 and response.mimetype == "application/pdf" and response.data[:5] == b"%PDF-"
    assert fonts_not_embedded(response.data) == []
    assert client.get(f"/api/v1/people/{branch.target}/record.pdf",
                      headers=world.headers("secretary_b1")).status_code == 404


def _sheet(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_history_imports_all_or_nothing_and_flags_dates_that_broke_a_rule(app, client, branch):
    url = f"/api/v1/orgs/{branch.org_id}/record-history"
    template = client.get(f"{url}/template", headers=branch.headers())
    header = [c.value for c in load_workbook(io.BytesIO(template.data)).active[1]]
    assert header[:3] == ["身份证号", "姓名", "2.党组织派人谈话"] and len(header) == 26
    card = id_card_for(date(1990, 1, 1), branch.world.people["applicant_a1"].id)
    bad = _sheet([header, [card, "甲一申请人", "2025-13-01"], ["450103199001010000", "", ""]])
    refused = client.post(f"{url}/import", headers=branch.headers(), content_type="multipart/form-data",
                          data={"file": (io.BytesIO(bad), "纪实.xlsx")})
    assert refused.status_code == 422
    assert {(e["row"], e["column"]) for e in refused.json["error"]["rows"]} == {(2, "2.党组织派人谈话"), (3, "身份证号")}
    good = _sheet([header, [card, "甲一申请人", "2020-01-02"]])  # before the application: kept, flagged
    done = client.post(f"{url}/import", headers=branch.headers(), content_type="multipart/form-data",
                       data={"file": (io.BytesIO(good), "纪实.xlsx")})
    assert done.status_code == 200 and done.json["rows"] == 1 and done.json["steps"] == 1
    with app.app_context():
        row = db.session.query(RecordEntry).filter_by(person_id=branch.world.people["applicant_a1"].id).one()
        assert (row.key, row.source) == ("application_talk", "history")
        assert "不能早于“递交入党申请书”" in row.flag and row.done_on == date(2020, 1, 2)
    assert done.json["flagged"][0]["flags"][0]["step"] == "application_talk"
