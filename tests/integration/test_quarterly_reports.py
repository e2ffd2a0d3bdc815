"""季报 through the API: generated from the data, submitted to the level that warns the organization by the 10th of
the next month (reminded before), reviewed or returned there; and the quarter's 情况通报."""
from datetime import UTC, date, datetime

from server import clock


def at(monkeypatch, day):
    monkeypatch.setattr(clock, "timestamp", lambda: datetime(day.year, day.month, day.day, 2, tzinfo=UTC).timestamp())


def test_a_committee_reports_its_quarter_to_its_county_which_reviews_or_returns_it(client, world, monkeypatch):
    at(monkeypatch, date(2026, 10, 5))
    made = client.post("/api/v1/quarterly-reports", headers=world.headers("committee_a_staff"), json={"year": 2026, "quarter": 3})
    assert made.status_code == 201, made.json
    report = made.json
    assert (report["to_org_name"], report["due_on"], report["state"]) == ("甲区委组织部", "2026-10-10", "draft")
    assert {"admitted", "flow", "structure", "children"} <= set(report["figures"])
    assert client.post("/api/v1/quarterly-reports", headers=world.headers("secretary_a1"),
                       json={"year": 2026, "quarter": 3}).status_code == 403
    url = f"/api/v1/quarterly-reports/{report['id']}"
    assert client.post(f"{url}/submit", headers=world.headers("county_a_staff"), json={"comment": "代报"}).status_code == 403
    submitted = client.post(f"{url}/submit", headers=world.headers("committee_a_staff"), json={"comment": "本季度发展党员工作平稳。"})
    assert submitted.json["state"] == "submitted"
    received = client.get("/api/v1/quarterly-reports?year=2026&quarter=3", headers=world.headers("county_a_staff")).json
    assert [r["org_name"] for r in received["received"]] == ["甲街道党工委"] and received["mine"] is None
    assert client.post(f"{url}/review", headers=world.headers("city_staff"), json={"decision": "review"}).status_code == 403
    returned = client.post(f"{url}/review", headers=world.headers("county_a_staff"),
                           json={"decision": "return", "comment": "请补充结构分析"})
    assert returned.json["state"] == "returned"
    again = client.post(f"{url}/submit", headers=world.headers("committee_a_staff"), json={"comment": "已补充结构分析。"})
    reviewed = client.post(f"{url}/review", headers=world.headers("county_a_staff"), json={"decision": "review"})
    assert again.json["state"] == "submitted" and reviewed.json["state"] == "reviewed"
    twice = client.post(f"{url}/review", headers=world.headers("county_a_staff"), json={"decision": "review"})
    assert twice.status_code == 200 and twice.json["reviewed_at"] == reviewed.json["reviewed_at"]  # nothing to do
    assert client.post(f"{url}/review", headers=world.headers("county_a_staff"), json={"decision": "return"}).status_code == 409


def test_unsubmitted_reports_are_opened_and_reminded_three_days_before_they_are_due(app, client, world, monkeypatch,
                                                                                  committee_staff_headers):
    headers = committee_staff_headers
    at(monkeypatch, date(2026, 10, 2))
    app.test_cli_runner().invoke(args=["scan-criteria"])
    assert client.get("/api/v1/inbox", headers=headers).json["items"] == []  # not yet within three days
    listed = client.get("/api/v1/quarterly-reports?year=2026&quarter=3", headers=world.headers("county_a_staff")).json
    assert [(r["org_name"], r["state"]) for r in listed["received"]] == [("甲街道党工委", "draft")]
    at(monkeypatch, date(2026, 10, 7))
    app.test_cli_runner().invoke(args=["scan-criteria"])
    app.test_cli_runner().invoke(args=["scan-criteria"])  # once a day
    titles = [i["title"] for i in client.get("/api/v1/inbox", headers=headers).json["items"]]
    assert titles == ["请报送2026年第3季度发展党员工作季报"]


def test_the_city_circulates_the_quarter_to_a_chosen_scope(client, world):
    sent = client.post("/api/v1/quarterly-circulars", headers=world.headers("city_staff"), json={
        "year": 2026, "quarter": 3, "title": "2026年第三季度发展党员工作情况通报", "body": "全市发展党员工作总体平稳。",
        "org_ids": [world.orgs["county_a"].id]})
    assert sent.status_code == 201
    notice = client.get(f"/api/v1/notices/{sent.json['notice_id']}/stats", headers=world.headers("city_staff")).json
    assert notice["recipients"] >= 1
    assert client.post("/api/v1/quarterly-circulars", headers=world.headers("secretary_a1"), json={
        "year": 2026, "quarter": 3, "title": "通报", "body": "内容", "org_ids": [world.orgs["branch_a1"].id]}).status_code == 403


def test_another_countys_staff_neither_see_nor_touch_a_report(client, world, monkeypatch):
    at(monkeypatch, date(2026, 10, 5))
    report = client.post("/api/v1/quarterly-reports", headers=world.headers("committee_a_staff"),
                         json={"year": 2026, "quarter": 3}).json
    url = f"/api/v1/quarterly-reports/{report['id']}"
    other = world.headers("county_b_staff")
    listed = client.get("/api/v1/quarterly-reports?year=2026&quarter=3", headers=other).json
    assert listed["received"] == [] and listed["mine"] is None
    for path, body in ((f"{url}/submit", {"comment": "代为报送"}), (f"{url}/review", {"decision": "review"})):
        refused = client.post(path, headers=other, json=body)
        assert refused.status_code == 404 and refused.json["error"]["message"]
    made = client.post("/api/v1/quarterly-reports", headers=other, json={"year": 2026, "quarter": 3,
                                                                         "org_id": world.orgs["committee_a"].id})
    assert made.status_code == 404
    circular = client.post("/api/v1/quarterly-circulars", headers=world.headers("county_a_staff"), json={
        "year": 2026, "quarter": 3, "title": "情况通报", "body": "内容", "org_ids": [world.orgs["county_b"].id]})
    assert circular.status_code == 404


def test_bad_quarters_comments_and_decisions_are_422_in_chinese(client, world, monkeypatch):
    at(monkeypatch, date(2026, 10, 5))
    headers = world.headers("committee_a_staff")
    for query in ("year=2026&quarter=5", "year=1999&quarter=1", "year=2026", "year=x&quarter=1"):
        response = client.get(f"/api/v1/quarterly-reports?{query}", headers=headers)
        assert response.status_code == 422 and response.json["error"]["fields"], query
    assert client.post("/api/v1/quarterly-reports", headers=headers, json={"year": 2026, "quarter": "3"}).status_code == 422
    report = client.post("/api/v1/quarterly-reports", headers=headers, json={"year": 2026, "quarter": 3}).json
    url = f"/api/v1/quarterly-reports/{report['id']}"
    assert client.post(f"{url}/submit", headers=headers, json={"comment": "x"}).status_code == 422
    assert client.post(f"{url}/submit", headers=headers, json={"comment": "说" * 5001}).status_code == 422
    wrong = client.post(f"{url}/review", headers=world.headers("county_a_staff"), json={"decision": "approve"})
    assert wrong.status_code == 422 and "decision" in wrong.json["error"]["fields"]
    assert client.post("/api/v1/quarterly-reports/999999/submit", headers=headers, json={"comment": "已报送"}).status_code == 404
