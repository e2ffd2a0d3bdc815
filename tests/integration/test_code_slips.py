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


def test_batches_stay_listed_and_reprintable_until_the_session_closes(client, branch):
    sid = h.recommendation(client, branch)["id"]
    first = h.codes(client, branch, sid, "mass", 3)
    h.codes(client, branch, sid, "mass", 2)
    listing = client.get(f"/api/v1/sessions/{sid}/codes", headers=branch.headers()).json
    assert [(b["group"], b["count"], b["printable"]) for b in listing["items"]] == [("mass", 2, True), ("mass", 3, True)]
    mass = listing["groups"]["mass"]
    assert mass["codes"] == 5 and mass["should_attend"] >= 5
    reprinted = client.get(listing["items"][1]["slips_pdf"], headers=branch.headers())
    assert reprinted.status_code == 200 and reprinted.mimetype == "application/pdf"
    h.transition(client, branch, sid, "open")
    h.cast(client, sid, {"choices": []}, code=first[0])
    h.transition(client, branch, sid, "close")
    after = client.get(f"/api/v1/sessions/{sid}/codes", headers=branch.headers()).json["items"]
    assert [(b["used"], b["printable"]) for b in after] == [(0, False), (1, False)]


def test_batches_of_another_branch_are_not_listed(client, branch, world):
    sid = h.recommendation(client, branch)["id"]
    assert client.get(f"/api/v1/sessions/{sid}/codes", headers=world.headers("secretary_b1")).status_code == 404
