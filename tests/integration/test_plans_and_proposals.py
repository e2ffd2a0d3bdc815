"""Plans, statistics and the criteria scan through the API: who plans and confirms, who may warn whom, the scan's
proposals and what their issuer does with them, and the numbers of a subtree."""
import io
from datetime import date, timedelta
from urllib.parse import quote

import pytest

from server.extensions import db
from server.models import Person
from tests.conftest import TODAY, fonts_not_embedded, postgres_only

LAST_YEAR = TODAY.year - 1


def warn(client, world, who, org, **extra):
    payload = {"org_id": world.orgs[org].id, "criterion": 1, "level": "letter", "facts": "未制定年度计划",
               "deadline": (TODAY + timedelta(days=30)).isoformat(), **extra}
    return client.post("/api/v1/warnings", headers=world.headers(who), json=payload)


def plan(client, world, who, org, year=TODAY.year, planned=10, **extra):
    return client.post("/api/v1/plans", headers=world.headers(who), json={
        "org_id": world.orgs[org].id, "year": year, "planned_admissions": planned, **extra})


def admit(app, world, org, n, on, **values):
    """n people of `org` admitted as probationary members on `on`."""
    with app.app_context():
        for i in range(n):
            db.session.add(Person(org_id=world.orgs[org].id, name=f"新党员{org}{i}", status="probationary",
                                  status_since=on, probationary_at=on, activist_at=on - timedelta(days=500),
                                  gender=values.get("gender", "female" if i % 2 else "male"),
                                  birth_date=values.get("birth_date", date(2000, 1, 1)), committee_member=False))
        db.session.commit()


def scan(app):
    result = app.test_cli_runner().invoke(args=["scan-criteria"])
    assert result.exit_code == 0, result.output
    return result.output


def proposals(client, world, who, org, state="pending"):
    response = client.get(f"/api/v1/warning-proposals?org_id={world.orgs[org].id}&state={state}", headers=world.headers(who))
    assert response.status_code == 200, response.json
    return response.json


def test_the_city_cannot_warn_a_branch_directly_but_its_committee_can(client, world):
    refused = warn(client, world, "city_staff", "branch_a1")
    assert refused.status_code == 403 and refused.json["error"]["code"] == "not_the_direct_superior"
    assert "甲街道党工委" in refused.json["error"]["message"]
    assert warn(client, world, "county_a_staff", "branch_a1").status_code == 403  # no skipping a level
    assert warn(client, world, "committee_a_staff", "branch_a1").status_code == 201
    assert warn(client, world, "city_staff", "county_a").status_code == 201


def test_the_issuing_form_offers_only_the_organizations_the_caller_warns(client, world):
    def names(who, criterion):
        response = client.get(f"/api/v1/warning-targets?criterion={criterion}", headers=world.headers(who))
        assert response.status_code == 200
        return [o["name"] for o in response.json]

    assert names("city_staff", 1) == ["乙区委组织部", "甲区委组织部"]
    assert names("county_a_staff", 1) == ["甲街道党工委"]
    assert names("county_a_staff", 2) == ["甲一社区党支部", "甲二社区党支部", "甲街道党工委"]
    assert names("secretary_a1", 1) == []


def test_a_county_warns_a_community_branch_for_criterion_2_under_key_management(client, world):
    assert warn(client, world, "county_a_staff", "branch_a1", criterion=2, facts="连续三年以上未发展党员").status_code == 201


@pytest.mark.parametrize("extra, field", [({"level": "letter", "deadline": None}, "deadline"),
                                          ({"level": "verbal"}, "told_how"),
                                          ({"level": "verbal", "told_how": "phone", "told_to": " "}, "told_to")])
def test_every_level_needs_a_deadline_and_a_verbal_warning_says_how_and_to_whom(client, world, extra, field):
    response = warn(client, world, "committee_a_staff", "branch_a1", **extra)
    assert response.status_code == 422 and field in response.json["error"]["fields"]


def test_a_yellow_card_is_due_by_its_report_date_and_enters_the_award_ineligible_register(client, world):
    yellow = warn(client, world, "committee_a_staff", "branch_a2", level="yellow", deadline=None,
                  responsible_persons="支部书记张某").json
    assert yellow["deadline"] == yellow["report_due"]
    register = client.get(f"/api/v1/award-ineligible?year={TODAY.year}", headers=world.headers("county_a_staff")).json
    assert register == [{"org_id": world.orgs["branch_a2"].id, "org_name": "甲二社区党支部", "warning_id": yellow["id"],
                         "merit_awards": f"取消 {TODAY.year} 年度评先评优资格",
                         "vanguard_series": "原则上不能参与先锋模范系列评选", "vanguard_exception": None}]
    assert client.get(f"/api/v1/award-ineligible?year={TODAY.year}", headers=world.headers("county_b_staff")).json == []


def test_the_award_register_keeps_the_vanguard_series_apart_with_the_issuers_exception(client, world):
    yellow = warn(client, world, "committee_a_staff", "branch_a2", level="yellow", deadline=None,
                  responsible_persons="支部书记张某").json
    letter = warn(client, world, "committee_a_staff", "branch_a1").json
    url = f"/api/v1/warnings/{yellow['id']}/vanguard-exception"
    reason = {"reason": "该支部党员在抗洪抢险中表现突出，经党委研究准予参评"}
    assert client.post(url, headers=world.headers("county_a_staff"), json=reason).status_code == 403
    refused = client.post(f"/api/v1/warnings/{letter['id']}/vanguard-exception", headers=world.headers("committee_a_staff"),
                          json=reason)
    assert refused.status_code == 409
    assert client.post(url, headers=world.headers("committee_a_staff"), json=reason).json["vanguard_exception"] == reason["reason"]
    [entry] = client.get(f"/api/v1/award-ineligible?year={TODAY.year}", headers=world.headers("county_a_staff")).json
    assert entry["merit_awards"] == f"取消 {TODAY.year} 年度评先评优资格"  # never lifted by the exception
    assert entry["vanguard_series"] == "经研究可以参与先锋模范系列评选" and entry["vanguard_exception"] == reason["reason"]


def test_a_committee_plans_for_its_branches_and_the_county_confirms(client, world):
    made = plan(client, world, "committee_a_staff", "branch_a1", planned=4, targets={"women_pct": 30, "young_pct": 50})
    assert made.status_code == 201 and made.json["state"] == "draft"
    assert plan(client, world, "secretary_a1", "branch_a1").status_code == 403
    assert plan(client, world, "county_b_staff", "branch_a1").status_code == 404
    url = f"/api/v1/plans/{made.json['id']}/confirm"
    assert client.post(url, headers=world.headers("committee_a_staff")).json["error"]["code"] == "not_the_confirmer"
    confirmed = client.post(url, headers=world.headers("county_a_staff"))
    assert confirmed.status_code == 200 and confirmed.json["state"] == "confirmed"
    listed = client.get(f"/api/v1/plans?org_id={world.orgs['committee_a'].id}&year={TODAY.year}",
                        headers=world.headers("committee_a_staff")).json
    assert [(p["org_name"], p["planned_admissions"], p["targets"]["women_pct"]) for p in listed] == [("甲一社区党支部", 4, 30)]
    # A change sends the plan back for confirmation.
    assert plan(client, world, "committee_a_staff", "branch_a1", planned=5).json["state"] == "draft"
    assert plan(client, world, "committee_a_staff", "branch_a1", targets={"women_pct": 130}).status_code == 422


def test_a_branch_without_admissions_for_three_years_gets_a_criterion_2_proposal_for_its_committee(app, client, world):
    assert "新增预警建议" in scan(app)
    found = proposals(client, world, "committee_a_staff", "branch_a1")
    mine = [p for p in found if p["org_id"] == world.orgs["branch_a1"].id and p["criterion"] == 2]
    assert len(mine) == 1 and mine[0]["issuer_org_id"] == world.orgs["committee_a"].id
    assert "连续三年以上未发展党员" in mine[0]["facts"]
    # The county sees it under its subtree; another county does not.
    assert any(p["id"] == mine[0]["id"] for p in proposals(client, world, "county_a_staff", "county_a"))
    assert client.get(f"/api/v1/warning-proposals?org_id={world.orgs['branch_a1'].id}",
                      headers=world.headers("county_b_staff")).status_code == 404


@postgres_only
def test_a_scan_that_adds_many_proposals_refreshes_the_planners_statistics_of_them(app, world):
    # Without it the list that follows a city's first scan was planned for an empty table: 15 s instead of 25 ms.
    from sqlalchemy import func, select, text

    from server.models import WarningProposal

    scan(app)
    with app.app_context():
        rows = db.session.scalar(select(func.count()).select_from(WarningProposal))
        estimated = db.session.scalar(text("SELECT reltuples FROM pg_class WHERE relname = 'warning_proposals'"))
    assert rows > 0 and estimated == rows


def test_a_finished_year_off_plan_by_more_than_3_percent_gets_a_criterion_3_proposal(app, client, world):
    plan(client, world, "committee_a_staff", "branch_a2", year=LAST_YEAR, planned=10)
    admit(app, world, "branch_a2", 2, date(LAST_YEAR, 6, 1))
    scan(app)
    off = [p for p in proposals(client, world, "committee_a_staff", "branch_a2") if p["criterion"] == 3]
    assert [(p["year"], p["suggested_level"]) for p in off] == [(LAST_YEAR, "letter")]
    assert "计划发展党员 10 名，实际发展 2 名，偏差 -80.00%" in off[0]["facts"]


def test_the_issuer_issues_a_proposal_or_dismisses_it_and_a_rescan_does_not_bring_it_back(app, client, world):
    scan(app)
    pending = [p for p in proposals(client, world, "committee_a_staff", "committee_a")
               if p["issuer_org_id"] == world.orgs["committee_a"].id]
    first, second = pending[0], pending[1]
    url = f"/api/v1/warning-proposals/{first['id']}"
    assert client.post(f"{url}/issue", headers=world.headers("county_a_staff"),
                       json={"level": "letter", "deadline": (TODAY + timedelta(days=20)).isoformat()}).status_code == 403
    assert client.post(f"{url}/issue", headers=world.headers("committee_a_staff"), json={"level": "letter"}).status_code == 422
    issued = client.post(f"{url}/issue", headers=world.headers("committee_a_staff"),
                         json={"level": "letter", "deadline": (TODAY + timedelta(days=20)).isoformat()})
    assert issued.status_code == 201 and issued.json["proposal_id"] == first["id"] and issued.json["criterion"] == first["criterion"]
    again = client.post(f"{url}/issue", headers=world.headers("committee_a_staff"),
                        json={"level": "letter", "deadline": (TODAY + timedelta(days=20)).isoformat()})
    assert again.status_code == 409
    dismissed = client.post(f"/api/v1/warning-proposals/{second['id']}/dismiss", headers=world.headers("committee_a_staff"),
                            json={"reason": "该社区今年整体搬迁，党员组织关系正在转接"})
    assert dismissed.status_code == 200 and dismissed.json["state"] == "dismissed"
    scan(app)
    ids = {p["id"] for p in proposals(client, world, "committee_a_staff", "committee_a")}
    assert first["id"] not in ids and second["id"] not in ids
    handled = {(p["org_id"], p["criterion"], p["year"]) for p in proposals(client, world, "committee_a_staff", "committee_a", "all")}
    assert len(handled) == len(proposals(client, world, "committee_a_staff", "committee_a", "all"))  # never doubled


def test_stats_count_a_subtree_against_its_plan_with_each_organization_below(app, client, world):
    plan(client, world, "committee_a_staff", "branch_a1", planned=2)
    plan(client, world, "committee_a_staff", "branch_a2", planned=4)
    admit(app, world, "branch_a1", 2, date(TODAY.year, 3, 1))
    admit(app, world, "branch_a2", 1, date(TODAY.year, 4, 1), birth_date=date(1970, 1, 1))
    admit(app, world, "branch_b1", 5, date(TODAY.year, 4, 1))
    response = client.get(f"/api/v1/stats?org_id={world.orgs['committee_a'].id}&year={TODAY.year}",
                          headers=world.headers("county_a_staff"))
    assert response.status_code == 200, response.json
    stats = response.json
    assert (stats["planned_admissions"], stats["admitted"], stats["deviation_pct"]) == (6, 3, -50.0)
    assert stats["structure"]["young"] == 2 and stats["structure"]["women"] == 1
    assert [(c["org_name"], c["admitted"], c["deviation_pct"]) for c in stats["children"]] == [
        ("甲一社区党支部", 2, 0.0), ("甲二社区党支部", 1, -75.0)]
    q2 = client.get(f"/api/v1/stats?org_id={world.orgs['committee_a'].id}&year={TODAY.year}&quarter=2",
                    headers=world.headers("county_a_staff")).json
    assert q2["admitted"] == 1
    city = client.get(f"/api/v1/stats?year={TODAY.year}", headers=world.headers("city_staff")).json
    assert city["admitted"] == 8 and {c["org_name"] for c in city["children"]} == {"甲区委组织部", "乙区委组织部"}
    assert client.get(f"/api/v1/stats?org_id={world.orgs['committee_a'].id}&year={TODAY.year}",
                      headers=world.headers("county_b_staff")).status_code == 404
    sheet = client.get(f"/api/v1/stats/export.xlsx?org_id={world.orgs['committee_a'].id}&year={TODAY.year}",
                       headers=world.headers("county_a_staff"))
    assert sheet.status_code == 200 and sheet.data[:2] == b"PK"
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(sheet.data)).active.iter_rows(values_only=True))
    assert rows[2][:3] == ("组织", "计划发展", "已发展") and rows[-1][:3] == ("合计", 6, 3)


def test_a_letter_comes_with_a_numbered_notice_the_branch_downloads_and_a_verbal_warning_has_none(client, world):
    first = warn(client, world, "committee_a_staff", "branch_a1").json
    second = warn(client, world, "committee_a_staff", "branch_a2", level="yellow", deadline=None,
                  responsible_persons="支部书记张某").json
    verbal = warn(client, world, "committee_a_staff", "branch_a2", level="verbal", told_how="phone", told_to="书记").json
    pdf = client.get(f"/api/v1/warnings/{second['id']}/notice.pdf", headers=world.headers("secretary_a2"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and fonts_not_embedded(pdf.data) == []
    assert quote(f"预警〔{TODAY.year}〕2号") in pdf.headers["Content-Disposition"]  # the committee's second written one
    assert client.get(f"/api/v1/warnings/{first['id']}/notice.pdf", headers=world.headers("secretary_a1")).status_code == 200
    assert client.get(f"/api/v1/warnings/{first['id']}/notice.pdf", headers=world.headers("secretary_a2")).status_code == 404
    assert client.get(f"/api/v1/warnings/{verbal['id']}/notice.pdf", headers=world.headers("secretary_a2")).status_code == 409


def test_key_management_lists_village_and_community_organizations_of_every_level_without_admissions_for_three_years(
        app, client, world):
    admit(app, world, "branch_a2", 1, date(TODAY.year - 1, 5, 1))  # and so 甲街道党工委 above it has admitted
    admit(app, world, "branch_b1", 2, date(TODAY.year - 4, 5, 1))  # admitted, but four years ago
    listed = client.get("/api/v1/key-management", headers=world.headers("city_staff")).json
    assert [b["org_name"] for b in listed["no_admission"]] == ["乙一村党支部SIBLINGSECRET", "乙镇党委", "甲一社区党支部"]
    assert [b["last_admission"] for b in listed["no_admission"]] == [date(TODAY.year - 4, 5, 1).isoformat()] * 2 + [None]
    assert [b["level"] for b in listed["no_admission"]] == ["branch", "committee", "branch"]
    assert listed["no_admission_total"] == 3 and listed["key_targets"] == []
    mine = client.get("/api/v1/key-management", headers=world.headers("county_a_staff")).json
    assert [b["org_name"] for b in mine["no_admission"]] == ["甲一社区党支部"]


def test_a_county_marks_an_organization_hard_to_develop_and_it_comes_under_key_management(app, client, world):
    admit(app, world, "branch_a2", 1, date(TODAY.year - 1, 5, 1))
    url = f"/api/v1/orgs/{world.orgs['branch_a2'].id}/hard-to-develop"
    body = {"reason": "社区常住人口老龄化严重，青年人才外流"}
    assert client.put(url, headers=world.headers("committee_a_staff"), json=body).status_code == 403
    assert client.put(url, headers=world.headers("county_b_staff"), json=body).status_code == 404
    short = client.put(url, headers=world.headers("county_a_staff"), json={"reason": "难"})
    assert short.status_code == 422
    marked = client.put(url, headers=world.headers("county_a_staff"), json=body)
    assert marked.status_code == 200 and marked.json["hard_to_develop_on"] == TODAY.isoformat()
    listed = client.get("/api/v1/key-management", headers=world.headers("county_a_staff")).json["no_admission"]
    mine = [b for b in listed if b["org_name"] == "甲二社区党支部"]
    assert mine and mine[0]["hard_to_develop"] == body["reason"] and mine[0]["no_admission"] is False
    assert client.put(url, headers=world.headers("county_a_staff"), json={"reason": ""}).json["hard_to_develop"] is None
    institution = client.put(f"/api/v1/orgs/{world.orgs['county_a'].id}/hard-to-develop",
                             headers=world.headers("city_staff"), json=body)
    assert institution.status_code in (403, 422)


def test_a_yellow_card_names_the_responsible_is_circulated_and_takes_a_structured_written_report(app, client, world):
    assert warn(client, world, "committee_a_staff", "branch_a1", level="yellow", deadline=None).status_code == 422
    yellow = warn(client, world, "committee_a_staff", "branch_a1", level="yellow", deadline=None,
                  responsible_persons="支部书记甲一党员", circulate_org_ids=[world.orgs["committee_a"].id]).json
    assert yellow["responsible_persons"] == "支部书记甲一党员" and yellow["circulated_notice_id"]
    circulated = client.get(f"/api/v1/notices/{yellow['circulated_notice_id']}", headers=world.headers("committee_a_staff")).json
    assert circulated["title"] == "关于对甲一社区党支部给予黄牌警告的通报" and "支部书记甲一党员" in circulated["body"]
    url = f"/api/v1/warnings/{yellow['id']}/report"
    partial = client.post(url, headers=world.headers("secretary_a1"), json={"cause": "对发展党员工作重视不够"})
    assert partial.status_code == 422 and set(partial.json["error"]["fields"]) == {"measures", "plan"}
    reported = client.post(url, headers=world.headers("secretary_a1"), json={
        "cause": "对发展党员工作重视不够", "measures": "支委会每月研究一次", "plan": "年内确定两名积极分子"})
    assert reported.status_code == 200 and reported.json["state"] == "reported"
    assert reported.json["report_text"].splitlines() == ["问题原因：对发展党员工作重视不够", "解决问题的具体措施：支委会每月研究一次",
                                                         "工作方案：年内确定两名积极分子"]
    assert warn(client, world, "committee_a_staff", "branch_a2", level="yellow", deadline=None, responsible_persons="某",
                circulate_org_ids=[world.orgs["branch_b1"].id]).status_code == 404  # a scope outside the issuer's subtree


def test_the_written_report_of_a_yellow_card_takes_a_document_the_issuer_can_read(client, world):
    yellow = warn(client, world, "committee_a_staff", "branch_a1", level="yellow", deadline=None, responsible_persons="书记").json
    url = f"/api/v1/warnings/{yellow['id']}/report-document"
    pdf = b"%PDF-1.4\n% a scanned written report\n"
    not_pdf = client.post(url, headers=world.headers("secretary_a1"), content_type="multipart/form-data",
                          data={"file": (io.BytesIO(b"<html>"), "检讨.html")})
    assert not_pdf.status_code == 422 and not_pdf.json["error"]["code"] == "file_type"
    assert client.post(url, headers=world.headers("committee_a_staff"), content_type="multipart/form-data",
                       data={"file": (io.BytesIO(pdf), "检讨.pdf")}).status_code == 403  # the target reports, not the issuer
    attached = client.post(url, headers=world.headers("secretary_a1"), content_type="multipart/form-data",
                           data={"file": (io.BytesIO(pdf), "书面检讨.pdf")})
    assert attached.status_code == 200 and attached.json["report_document_name"] == "书面检讨.pdf"
    got = client.get(url, headers=world.headers("committee_a_staff"))
    assert got.status_code == 200 and got.data == pdf and got.mimetype == "application/pdf"
    assert client.get(url, headers=world.headers("county_b_staff")).status_code == 404


def test_bad_queries_of_targets_and_the_award_register_are_422(client, world):
    headers = world.headers("county_a_staff")
    for url in ("/api/v1/warning-targets?criterion=8", "/api/v1/warning-targets", "/api/v1/award-ineligible?year=abc",
                "/api/v1/award-ineligible?year=1999", "/api/v1/key-management?org_id=x"):
        response = client.get(url, headers=headers)
        assert response.status_code == 422 and response.json["error"]["message"], url
    outside = client.get(f"/api/v1/key-management?org_id={world.orgs['county_b'].id}", headers=headers)
    assert outside.status_code == 404


def test_no_plan_by_10_january_is_a_verbal_suggestion_that_becomes_a_letter_after_january(app, client, world, monkeypatch):
    from tests.integration.record_helpers import at

    at(monkeypatch, date(TODAY.year, 1, 12))
    scan(app)
    [early] = [p for p in proposals(client, world, "committee_a_staff", "branch_a1")
               if p["criterion"] == 1 and p["org_id"] == world.orgs["branch_a1"].id]
    assert early["suggested_level"] == "verbal" and "临界状态" in early["facts"]
    at(monkeypatch, date(TODAY.year, 2, 2))
    scan(app)
    [late] = [p for p in proposals(client, world, "committee_a_staff", "branch_a1")
              if p["criterion"] == 1 and p["org_id"] == world.orgs["branch_a1"].id]
    assert (late["id"], late["suggested_level"]) == (early["id"], "letter") and "临界状态" not in late["facts"]


def test_criterion_5_counts_steps_done_late_this_year_and_history_that_broke_a_rule(app, client, world):
    from server.models import RecordEntry

    with app.app_context():
        person = Person(org_id=world.orgs["branch_a1"].id, name="迟办者", status="applicant", committee_member=False,
                        applied_at=TODAY - timedelta(days=200))
        db.session.add(person)
        db.session.flush()
        db.session.add(RecordEntry(person_id=person.id, key="application_talk", done_on=TODAY - timedelta(days=100),
                                   late=True, source="hand"))
        db.session.add(RecordEntry(person_id=person.id, key="activist_selected", done_on=date(2019, 3, 1),
                                   source="history", flag="未满足“递交入党申请满 6 个月”"))
        db.session.commit()
    scan(app)
    [found] = [p for p in proposals(client, world, "committee_a_staff", "branch_a1")
               if p["criterion"] == 5 and p["org_id"] == world.orgs["branch_a1"].id]
    assert "1 个环节超过时限后才办理" in found["facts"] and "1 条历史记录不符合规定" in found["facts"]


def test_a_yellow_card_issued_from_a_proposal_asks_the_responsible_persons_and_takes_the_circulation(app, client, world):
    scan(app)
    pending = [p for p in proposals(client, world, "committee_a_staff", "committee_a")
               if p["issuer_org_id"] == world.orgs["committee_a"].id]
    url = f"/api/v1/warning-proposals/{pending[0]['id']}/issue"
    unnamed = client.post(url, headers=world.headers("committee_a_staff"), json={"level": "yellow"})
    assert unnamed.status_code == 422 and "responsible_persons" in unnamed.json["error"]["fields"]
    yellow = client.post(url, headers=world.headers("committee_a_staff"), json={
        "level": "yellow", "responsible_persons": "支部书记张某", "circulate_org_ids": [world.orgs["committee_a"].id]})
    assert yellow.status_code == 201 and yellow.json["responsible_persons"] == "支部书记张某"
    assert yellow.json["circulated_notice_id"] and yellow.json["deadline"] == yellow.json["report_due"]


def test_an_organization_named_like_a_formula_stays_text_in_every_cell_of_the_export(app, client, world):
    from io import BytesIO
    from zipfile import ZipFile

    with app.app_context():
        from server.models import Organization

        db.session.get(Organization, world.orgs["committee_a"].id).name = '=HYPERLINK("http://x","点")'
        db.session.commit()
    sheet = client.get(f"/api/v1/stats/export.xlsx?org_id={world.orgs['committee_a'].id}&year={TODAY.year}",
                       headers=world.headers("county_a_staff"))
    assert sheet.status_code == 200
    xml = ZipFile(BytesIO(sheet.data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # no cell holds a formula
