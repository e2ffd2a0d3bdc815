"""责任追究 on warnings (seed 二(四)): who records what, what each record asks, and where it shows."""
from datetime import date, timedelta

from tests.conftest import TODAY
from tests.integration.test_warnings import issue


def criticism(**extra):
    return {"kind": "criticism", "person": "甲一社区党支部书记张某", "decided_by": "党委副书记李某",
            "decided_on": TODAY.isoformat(), "content": "指出未按期整改的问题，要求一个月内补齐计划", **extra}


def test_the_issuer_criticises_and_a_level_above_it_decides_but_never_the_warned_organization(client, world):
    warning = issue(client, world).json
    url = f"/api/v1/warnings/{warning['id']}/accountability"
    offered = {who: client.get(url, headers=world.headers(who)).json["may_record"]
               for who in ("committee_a_staff", "county_a_staff", "city_staff", "secretary_a1")}
    assert offered == {"committee_a_staff": ["criticism", "organizational", "disciplinary"],
                       "county_a_staff": ["organizational", "disciplinary"],
                       "city_staff": ["organizational", "disciplinary"], "secretary_a1": []}
    refused = client.post(url, headers=world.headers("county_a_staff"), json=criticism())
    assert refused.status_code == 403 and refused.json["error"]["code"] == "not_the_issuer"
    assert client.post(url, headers=world.headers("secretary_a1"), json=criticism()).status_code == 403
    assert client.post(url, headers=world.headers("county_b_staff"), json=criticism()).status_code == 404
    talked = client.post(url, headers=world.headers("committee_a_staff"), json=criticism())
    assert talked.status_code == 201 and talked.json["kind_label"] == "批评教育"
    decided = client.post(url, headers=world.headers("county_a_staff"), json={
        "kind": "disciplinary", "person": "甲一社区党支部书记张某", "decided_by": "县纪委", "measure": "党内警告",
        "decided_on": TODAY.isoformat()})
    assert decided.status_code == 201 and decided.json["measure"] == "党内警告"
    shown = client.get(url, headers=world.headers("secretary_a1")).json["items"]
    assert [(r["kind_label"], r["decided_by"]) for r in shown] == [("批评教育", "党委副书记李某"), ("党纪处分", "县纪委")]
    events = client.get(f"/api/v1/warnings/{warning['id']}/events", headers=world.headers("committee_a_staff")).json
    assert [e["action"] for e in events["items"]].count("accountability") == 2


def test_each_record_asks_what_its_kind_needs_and_a_date_after_the_warning(client, world):
    warning = issue(client, world).json
    url, staff = f"/api/v1/warnings/{warning['id']}/accountability", world.headers("committee_a_staff")
    no_content = client.post(url, headers=staff, json=criticism(content=""))
    assert no_content.status_code == 422 and set(no_content.json["error"]["fields"]) == {"content"}
    no_measure = client.post(url, headers=staff, json={"kind": "organizational", "person": "张某", "decided_by": "党委",
                                                       "decided_on": TODAY.isoformat()})
    assert no_measure.status_code == 422 and set(no_measure.json["error"]["fields"]) == {"measure"}
    early = client.post(url, headers=staff, json=criticism(decided_on=(TODAY - timedelta(days=3)).isoformat()))
    assert early.status_code == 422 and early.json["error"]["code"] == "accountability_date"
    future = client.post(url, headers=staff, json=criticism(decided_on=(TODAY + timedelta(days=1)).isoformat()))
    assert future.status_code == 422


def test_the_organizations_file_and_the_statistics_count_the_decisions(client, world):
    for org in ("branch_a1", "branch_a2"):
        warning = issue(client, world, org=org).json
        client.post(f"/api/v1/warnings/{warning['id']}/accountability", headers=world.headers("committee_a_staff"),
                    json=criticism())
    other = issue(client, world, who="county_b_staff", org="branch_b1").json
    client.post(f"/api/v1/warnings/{other['id']}/accountability", headers=world.headers("county_b_staff"), json=criticism())
    file = client.get(f"/api/v1/accountability?org_id={world.orgs['branch_a1'].id}",
                      headers=world.headers("county_a_staff")).json["items"]
    assert [r["org_name"] for r in file] == ["甲一社区党支部"]
    assert len(client.get("/api/v1/accountability", headers=world.headers("county_a_staff")).json["items"]) == 2
    assert client.get("/api/v1/accountability", headers=world.headers("secretary_a1")).json["items"][0]["person"]
    stats = client.get(f"/api/v1/stats?org_id={world.orgs['county_a'].id}&year={TODAY.year}",
                       headers=world.headers("county_a_staff")).json
    assert stats["accountability"] == {"criticism": 2, "organizational": 0, "disciplinary": 0}


def test_a_decisions_document_is_attached_by_its_recorder_and_read_by_the_warned(client, world):
    warning = issue(client, world).json
    made = client.post(f"/api/v1/warnings/{warning['id']}/accountability", headers=world.headers("committee_a_staff"),
                       json=criticism()).json
    url = f"/api/v1/accountability/{made['id']}/document"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    from io import BytesIO
    refused = client.post(url, headers=world.headers("county_a_staff"),
                          data={"file": (BytesIO(pdf), "谈话记录.pdf")}, content_type="multipart/form-data")
    assert refused.status_code == 403
    sent = client.post(url, headers=world.headers("committee_a_staff"),
                       data={"file": (BytesIO(pdf), "谈话记录.pdf")}, content_type="multipart/form-data")
    assert sent.status_code == 200 and sent.json["document_name"] == "谈话记录.pdf"
    got = client.get(url, headers=world.headers("secretary_a1"))
    assert got.status_code == 200 and got.data == pdf
    assert date.fromisoformat(made["decided_on"]) == TODAY
