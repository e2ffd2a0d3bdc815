import re

from tests.conftest import fonts_not_embedded
from tests.integration import voting_helpers as h


def test_slips_pdf_has_eight_slips_per_a4_page(client, branch):
    sid = h.recommendation(client, branch)["id"]
    created = client.post(f"/api/v1/sessions/{sid}/codes", headers=branch.headers(), json={"group": "mass", "count": 30}).json
    pdf = client.get(created["slips_pdf"], headers=branch.headers())
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Cache-Control"] == "no-store"
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf.data)) == 4  # ceil(30 / 8)
    assert fonts_not_embedded(pdf.data) == []  # it printed blank where the reader lacked a Chinese font
    assert b"+WenQuanYiMicroHei" in pdf.data and b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf.data


def test_slips_of_another_branch_are_not_found(client, branch, world):
    sid = h.recommendation(client, branch)["id"]
    created = client.post(f"/api/v1/sessions/{sid}/codes", headers=branch.headers(), json={"group": "mass", "count": 2}).json
    assert client.get(created["slips_pdf"], headers=world.headers("secretary_b1")).status_code == 404
    assert client.get(created["slips_pdf"], headers=world.headers("secretary_a2")).status_code == 404
