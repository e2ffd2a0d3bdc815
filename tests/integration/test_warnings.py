"""Warnings through the API: who may do what, working-day deadlines, pushes, overdue scan, and organizers."""
from datetime import UTC, date, timedelta

import pytest

from server import clock
from server.extensions import db
from server.models import Account, Person
from server.services.auth import hash_password, issue_person_token, issue_token
from tests.conftest import TODAY


def person_headers(app, person_id):
    with app.app_context():
        return {"Authorization": f"Bearer {issue_person_token(db.session.get(Person, person_id))}"}


def issue(client, world, who="committee_a_staff", org="branch_a1", **extra):
    payload = {"org_id": world.orgs[org].id, "criterion": 2, "level": "letter",
               "facts": "连续两年未培养入党积极分子", "deadline": (TODAY + timedelta(days=30)).isoformat()}
    payload.update(extra)
    return client.post("/api/v1/warnings", headers=world.headers(who), json=payload)


def test_a_superior_issues_and_the_targets_secretary_is_pushed(app, client, world):
    response = issue(client, world)
    assert response.status_code == 201
    body = response.json
    assert (body["state"], body["level"], body["report_due"], body["org_name"]) == ("issued", "letter", None, "甲一社区党支部")
    inbox = client.get("/api/v1/inbox", headers=person_headers(app, world.people["member_a1"].id)).json
    assert inbox["items"][0]["kind"] == "warning" and "函告督办" in inbox["items"][0]["title"]
    assert inbox["items"][0]["ref_id"] == body["id"]  # the message leads to the warning (the mini-program's 处理)


def test_a_yellow_card_is_due_on_the_15th_working_day_and_costs_the_years_awards(client, world, monkeypatch):
    from datetime import datetime

    monkeypatch.setattr(clock, "timestamp", lambda: datetime(2026, 9, 29, 2, tzinfo=UTC).timestamp())
    body = issue(client, world, level="yellow", deadline=None, responsible_persons="支部书记张某").json
    assert body["issued_on"] == "2026-09-29" and body["award_ineligible_year"] == 2026
    from server.domain.working_days import nth_working_day_after

    assert body["report_due"] == nth_working_day_after(date(2026, 9, 29), 15)[0].isoformat()
    assert body["calendar_fallback"] is False and body["calendar_note"] is None


@pytest.mark.parametrize("who, org, status", [
    ("secretary_a1", "branch_a1", 403),      # a branch cannot warn itself
    ("committee_a_staff", "committee_a", 403),  # nor can staff warn their own organization
    ("county_b_staff", "branch_a1", 404),    # outside the subtree
    ("county_a_staff", "branch_a1", 201),    # any superior in the line
])
def test_only_a_superior_in_the_line_issues(client, world, who, org, status):
    assert issue(client, world, who=who, org=org).status_code == status


def test_unknown_criterion_is_a_422(client, world):
    response = issue(client, world, criterion=9)
    assert response.status_code == 422


def test_target_acknowledges_and_reports_and_the_issuer_lifts(client, world):
    warning = issue(client, world).json
    url = f"/api/v1/warnings/{warning['id']}"
    assert client.post(f"{url}/lift", headers=world.headers("secretary_a1")).status_code == 403
    assert client.post(f"{url}/acknowledge", headers=world.headers("committee_a_staff")).status_code == 403
    assert client.post(f"{url}/acknowledge", headers=world.headers("secretary_a1")).json["state"] == "acknowledged"
    assert client.post(f"{url}/acknowledge", headers=world.headers("secretary_a1")).status_code == 200  # idempotent
    reported = client.post(f"{url}/report", headers=world.headers("secretary_a1"), json={"report": "已制定培养计划"})
    assert reported.json["state"] == "reported"
    assert client.post(f"{url}/lift", headers=world.headers("committee_a_staff"), json={"note": "整改到位"}).json["state"] == "lifted"
    assert client.post(f"{url}/acknowledge", headers=world.headers("secretary_a1")).status_code == 409
    events = client.get(f"{url}/events", headers=world.headers("secretary_a1")).json["items"]
    assert [e["action"] for e in events] == ["issued", "acknowledged", "reported", "lifted"]


def test_each_side_is_offered_exactly_the_actions_it_may_take(client, world):
    warning = issue(client, world).json
    url = f"/api/v1/warnings/{warning['id']}"

    def actions(who):
        return client.get(url, headers=world.headers(who)).json["allowed_actions"]

    assert warning["allowed_actions"] == ["lift", "escalate", "notice"]  # the issuer, answering its own request
    assert actions("secretary_a1") == ["acknowledge", "report", "attach_report", "notice"]
    assert actions("county_a_staff") == ["notice"] and actions("city_staff") == ["notice"]  # superiors who did not issue
    client.post(f"{url}/acknowledge", headers=world.headers("secretary_a1"))
    assert actions("secretary_a1") == ["report", "attach_report", "notice"]
    # Every action offered is taken, and one not offered is refused.
    assert client.post(f"{url}/acknowledge", headers=world.headers("committee_a_staff")).status_code == 403
    assert client.post(f"{url}/escalate", headers=world.headers("committee_a_staff"),
                       json={"responsible_persons": "支部书记张某"}).json["allowed_actions"] == [
        "lift", "vanguard_exception", "notice"]  # a yellow card goes no higher
    yellow = client.get(url, headers=world.headers("secretary_a1")).json
    assert yellow["report_parts"] == ["cause", "measures", "plan"] and "acknowledge" in yellow["allowed_actions"]
    client.post(f"{url}/lift", headers=world.headers("committee_a_staff"))
    assert actions("secretary_a1") == ["notice"] and actions("committee_a_staff") == ["vanguard_exception", "notice"]
    verbal = issue(client, world, level="verbal", told_how="phone", told_to="支部书记张某").json
    assert verbal["allowed_actions"] == ["lift", "escalate"] and verbal["report_parts"] == []  # no written notice


def test_only_the_issuer_lifts_or_escalates_not_a_superior_up_the_line(client, world):
    url = f"/api/v1/warnings/{issue(client, world).json['id']}"
    for who in ("county_a_staff", "city_staff"):
        for action in ("lift", "escalate"):
            refused = client.post(f"{url}/{action}", headers=world.headers(who))
            assert refused.status_code == 403 and refused.json["error"]["code"] == "not_the_issuer"
    assert client.post(f"{url}/lift", headers=world.headers("committee_a_staff")).json["state"] == "lifted"


def test_only_organization_departments_are_told_they_may_issue(client, world):
    def can_issue(who):
        return client.get("/api/v1/warnings", headers=world.headers(who)).json["can_issue"]

    assert [can_issue(who) for who in ("city_staff", "committee_a_staff", "secretary_a1")] == [True, True, False]


def test_escalation_goes_up_one_level_and_pushes_again(app, client, world):
    warning = issue(client, world, level="verbal", told_how="phone", told_to="支部书记张某").json
    url = f"/api/v1/warnings/{warning['id']}/escalate"
    staff = world.headers("committee_a_staff")
    new_deadline = (TODAY + timedelta(days=20)).isoformat()
    assert client.post(url, headers=staff, json={"deadline": new_deadline}).json["level"] == "letter"
    yellow = client.post(url, headers=staff, json={"responsible_persons": "支部书记张某"}).json
    assert yellow["level"] == "yellow" and yellow["report_due"] and yellow["state"] == "issued"
    assert client.post(url, headers=staff, json={"responsible_persons": "支部书记张某"}).status_code == 409
    headers = person_headers(app, world.people["member_a1"].id)
    assert len(client.get("/api/v1/inbox", headers=headers).json["items"]) == 3


def test_an_escalation_is_a_new_decision_with_its_own_deadline_responsible_persons_and_circulation(
        app, client, world, monkeypatch):
    from server.domain.working_days import nth_working_day_after
    from tests.integration.record_helpers import at

    at(monkeypatch, date(2026, 3, 2))
    warning = issue(client, world, level="verbal", told_how="phone", told_to="支部书记张某", deadline="2026-03-10").json
    url, staff = f"/api/v1/warnings/{warning['id']}/escalate", world.headers("committee_a_staff")
    at(monkeypatch, date(2026, 3, 20))  # ten days after the verbal warning's deadline
    missing = client.post(url, headers=staff, json={})
    assert missing.status_code == 422 and missing.json["error"]["code"] == "deadline_required"
    stale = client.post(url, headers=staff, json={"deadline": "2026-03-10"})
    assert stale.status_code == 422 and stale.json["error"]["code"] == "deadline_too_early"
    letter = client.post(url, headers=staff, json={"deadline": "2026-04-10"}).json
    assert (letter["level"], letter["deadline"], letter["issued_on"]) == ("letter", "2026-04-10", "2026-03-20")
    assert app.test_cli_runner().invoke(args=["scan-warnings"]).output.strip().endswith(" 0 条")
    at(monkeypatch, date(2026, 3, 21))
    assert app.test_cli_runner().invoke(args=["scan-warnings"]).output.strip().endswith(" 0 条")  # not overdue next night
    at(monkeypatch, date(2026, 4, 13))
    unnamed = client.post(url, headers=staff, json={})
    assert unnamed.status_code == 422 and unnamed.json["error"]["code"] == "responsible_persons_required"
    yellow = client.post(url, headers=staff, json={"responsible_persons": "支部书记张某、组织委员李某",
                                                   "circulate_org_ids": [world.orgs["committee_a"].id]}).json
    due = nth_working_day_after(date(2026, 4, 13), 15)[0].isoformat()
    assert (yellow["level"], yellow["report_due"], yellow["deadline"]) == ("yellow", due, due)
    assert yellow["responsible_persons"] == "支部书记张某、组织委员李某" and yellow["circulated_notice_id"]
    assert yellow["award_ineligible_year"] == 2026
    circulated = client.get(f"/api/v1/notices/{yellow['circulated_notice_id']}", headers=staff).json
    assert circulated["title"] == "关于对甲一社区党支部给予黄牌警告的通报" and "组织委员李某" in circulated["body"]


def test_warnings_are_listed_and_filtered_across_the_subtree(client, world):
    issue(client, world, level="verbal", told_how="face_to_face", told_to="支部书记张某")
    issue(client, world, org="branch_a2", level="yellow", deadline=None, criterion=5, responsible_persons="支部书记张某")
    issue(client, world, who="county_b_staff", org="branch_b1")
    listed = client.get("/api/v1/warnings", headers=world.headers("county_a_staff")).json["items"]
    assert len(listed) == 2
    yellow = client.get("/api/v1/warnings?level=yellow", headers=world.headers("county_a_staff")).json["items"]
    assert [w["org_name"] for w in yellow] == ["甲二社区党支部"]
    assert client.get("/api/v1/warnings?criterion=5", headers=world.headers("secretary_a1")).json["items"] == []


def test_the_daily_scan_flags_overdue_warnings_once(app, client, world, monkeypatch):
    from datetime import datetime

    def at(day):  # a fixed clock: 10:00 China time on `day`
        monkeypatch.setattr(clock, "timestamp", lambda: datetime(day.year, day.month, day.day, 2,
                                                                 tzinfo=UTC).timestamp())

    at(date(2026, 3, 2))
    warning = issue(client, world, deadline="2026-03-03").json
    at(date(2026, 3, 3))  # the deadline day itself is not overdue
    assert app.test_cli_runner().invoke(args=["scan-warnings"]).output.strip().endswith(" 0 条")
    at(date(2026, 3, 5))
    assert app.test_cli_runner().invoke(args=["scan-warnings"]).output.strip().endswith(" 1 条")
    assert app.test_cli_runner().invoke(args=["scan-warnings"]).output.strip().endswith(" 0 条")  # once
    overdue = client.get("/api/v1/warnings?overdue=true", headers=world.headers("committee_a_staff")).json["items"]
    assert [w["id"] for w in overdue] == [warning["id"]]


def test_a_warning_past_its_deadline_alerts_the_issuer_and_records_it(app, client, world, monkeypatch,
                                                                     committee_staff_headers):
    from datetime import datetime

    monkeypatch.setattr(clock, "timestamp", lambda: datetime(2026, 3, 2, 2, tzinfo=UTC).timestamp())
    warning = issue(client, world, deadline="2026-03-03").json
    monkeypatch.setattr(clock, "timestamp", lambda: datetime(2026, 3, 5, 2, tzinfo=UTC).timestamp())
    app.test_cli_runner().invoke(args=["scan-warnings"])
    inbox = client.get("/api/v1/inbox", headers=committee_staff_headers).json["items"]
    assert [i["title"] for i in inbox] == ["【预警逾期】甲一社区党支部"]
    events = client.get(f"/api/v1/warnings/{warning['id']}/events", headers=world.headers("committee_a_staff")).json["items"]
    assert events[-1]["action"] == "overdue" and "已提醒预警单位跟进" in events[-1]["note"]


@pytest.fixture
def organizer(app, world):
    with app.app_context():
        account = Account(username="organizer_a", password_hash=hash_password("x" * 10), role="organizer",
                          org_id=world.orgs["committee_a"].id, token_version=1, active=True)
        db.session.add(account)
        db.session.commit()
        return account.id, {"Authorization": f"Bearer {issue_token(account)}"}


def test_organizers_get_tasks_for_votes_and_warnings_in_their_organizations(client, world, branch, organizer):
    account_id, headers = organizer
    assigned = client.post(f"/api/v1/organizers/{account_id}/assignments", headers=world.headers("committee_a_staff"),
                           json={"org_id": world.orgs["branch_a1"].id})
    assert assigned.status_code == 201 and assigned.json["org_name"] == "甲一社区党支部"
    from tests.integration import voting_helpers as h

    h.stage_vote(client, branch)
    issue(client, world)
    issue(client, world, org="branch_a2")  # not assigned: no task
    tasks = client.get("/api/v1/tasks", headers=headers).json["items"]
    assert sorted(t["kind"] for t in tasks) == ["attend_vote", "follow_warning"]
    assert tasks == sorted(tasks, key=lambda t: t["due_on"])
    # The organizer reads the assigned branch's roster, nothing else.
    assert client.get(f"/api/v1/people?org_id={world.orgs['branch_a1'].id}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/people?org_id={world.orgs['branch_a2'].id}", headers=headers).status_code == 404
    done = client.post(f"/api/v1/tasks/{tasks[0]['id']}/done", headers=headers, json={"note": "已列席，程序规范"})
    assert done.json["state"] == "done"
    assert client.post(f"/api/v1/tasks/{tasks[1]['id']}/done", headers=world.headers("secretary_a1"),
                       json={"note": "x"}).status_code == 404


def test_tasks_by_hand_and_overdue_marks(app, client, world, organizer):
    account_id, headers = organizer
    client.post(f"/api/v1/organizers/{account_id}/assignments", headers=world.headers("committee_a_staff"),
                json={"org_id": world.orgs["committee_a"].id})
    created = client.post("/api/v1/tasks", headers=world.headers("committee_a_staff"), json={
        "account_id": account_id, "org_id": world.orgs["branch_a2"].id, "title": "检查发展对象公示",
        "due_on": (TODAY - timedelta(days=1)).isoformat(), "kind": "check_publicity"})
    assert created.status_code == 201 and created.json["overdue"] is True
    not_assigned = client.post("/api/v1/tasks", headers=world.headers("county_b_staff"), json={
        "account_id": account_id, "org_id": world.orgs["branch_b1"].id, "title": "x", "due_on": TODAY.isoformat()})
    assert not_assigned.status_code == 422


def test_meeting_reminders_go_to_expected_attendees(app, client, branch):
    from server.models import Meeting
    from server.services import reminders
    from tests.integration import voting_helpers as h

    mid = h.meeting(client, branch, kind="branch_assembly", days_ahead=3)
    with app.app_context():
        meeting = db.session.get(Meeting, mid)
        notice = reminders.send(db.session, mid, meeting.starts_at.isoformat(), "day")
        db.session.commit()
        assert notice.recipient_count == len(branch.members) + len(branch.probationary)
        assert reminders.send(db.session, mid, meeting.starts_at.isoformat(), "day") is None  # once
        assert reminders.send(db.session, mid, "2020-01-01T00:00:00+00:00", "hour") is None  # moved since


def test_creating_a_meeting_books_reminders_a_day_and_an_hour_before(make_app, branch, redis_client):
    from rq import Queue

    from tests.integration import voting_helpers as h

    app = make_app(RQ_ASYNC=True)
    h.meeting(app.test_client(), branch, days_ahead=3)
    h.meeting(app.test_client(), branch, days_ahead=0)  # 09:00 today: maybe only the hour-before one, maybe none
    jobs = Queue("default", connection=redis_client).scheduled_job_registry.get_job_ids()
    assert 2 <= len(jobs) <= 3
    queue = Queue("default", connection=redis_client)
    kinds = sorted(queue.fetch_job(j).args[2] for j in jobs)
    assert kinds[:2] == ["day", "hour"] or kinds == ["day", "hour", "hour"]


def test_while_the_issuer_has_no_staff_its_superior_lifts_or_escalates_in_its_place(app, client, world):
    warning = issue(client, world).json
    url = f"/api/v1/warnings/{warning['id']}"
    assert client.get(url, headers=world.headers("county_a_staff")).json["allowed_actions"] == ["notice"]
    with app.app_context():
        for account in db.session.query(Account).filter_by(org_id=world.orgs["committee_a"].id):
            account.active = False
        db.session.commit()
    assert client.get(url, headers=world.headers("county_a_staff")).json["allowed_actions"] == ["lift", "escalate", "notice"]
    assert client.get(url, headers=world.headers("county_b_staff")).status_code == 404
    escalated = client.post(f"{url}/escalate", headers=world.headers("county_a_staff"),
                            json={"responsible_persons": "支部书记张某"})
    assert escalated.status_code == 200 and escalated.json["level"] == "yellow"


def test_an_escalations_deadline_on_the_day_of_escalation_is_refused_and_the_day_after_accepted(client, world):
    warning = issue(client, world, level="verbal", told_how="phone", told_to="支部书记张某").json
    url, staff = f"/api/v1/warnings/{warning['id']}/escalate", world.headers("committee_a_staff")
    today = client.post(url, headers=staff, json={"deadline": TODAY.isoformat()})
    assert today.status_code == 422 and today.json["error"]["code"] == "deadline_too_early"
    tomorrow = client.post(url, headers=staff, json={"deadline": (TODAY + timedelta(days=1)).isoformat()})
    assert tomorrow.status_code == 200 and tomorrow.json["deadline"] == (TODAY + timedelta(days=1)).isoformat()


def test_received_lists_only_the_warnings_to_the_callers_own_organization(client, world):
    assert issue(client, world).status_code == 201  # to branch_a1, by its committee
    assert issue(client, world, who="county_a_staff", org="committee_a").status_code == 201
    def received(who):
        response = client.get("/api/v1/warnings?received=true", headers=world.headers(who))
        assert response.status_code == 200, response.json
        return [w["org_name"] for w in response.json["items"]]

    assert received("secretary_a1") == ["甲一社区党支部"]
    assert len(client.get("/api/v1/warnings", headers=world.headers("committee_a_staff")).json["items"]) == 2
    assert len(received("committee_a_staff")) == 1 and received("county_a_staff") == []
