"""五公示 and 六部门审查 through the API: the public side without an account, the staff's answers and decisions, and
the gates they put on the record."""
from datetime import date, timedelta

import pytest

from server.extensions import db
from server.models import NoticeRecipient, Objection, Task
from tests.conftest import TODAY, fonts_not_embedded
from tests.integration import record_helpers as r
from tests.integration import voting_helpers as h


@pytest.fixture
def app(make_app):
    return make_app(OBJECTIONS_PER_CLIENT="3 per 10 minutes")


@pytest.fixture
def activist(client, branch, monkeypatch):
    """An applicant voted activist in the system three weeks ago: the activist publicity is due."""
    pid = client.post("/api/v1/people", headers=branch.headers(), json={
        "org_id": branch.org_id, "name": "公示对象", "status": "applicant", "gender": "male", "birth_date": "1996-01-01",
        "applied_at": (TODAY - timedelta(days=400)).isoformat(), "id_card": "45010319960101001X",
        "phone": "13812345678", "history": {"application_talk": (TODAY - timedelta(days=390)).isoformat()}}).json["id"]
    r.pass_stage_vote(client, branch, "activist", pid, TODAY - timedelta(days=21), voters=2, override_reason="未组织两推荐")
    return pid


def test_a_publicity_is_started_where_the_record_is_and_lasts_five_days(client, branch, activist):
    body = r.record(client, branch.headers(), activist)
    assert body["publicity_due"] == "activist"
    step4 = r.post_step(client, branch.headers(), activist, "activist_filed", TODAY, expect=409)
    assert "入党积极分子公示" in step4["error"]["message"]
    wrong = client.post("/api/v1/publicities", headers=branch.headers(), json={
        "person_id": activist, "kind": "admission", "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY + timedelta(days=6)).isoformat()})
    assert wrong.status_code == 422 and wrong.json["error"]["code"] == "publicity_not_due"
    short = client.post("/api/v1/publicities", headers=branch.headers(), json={
        "person_id": activist, "kind": "activist", "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY + timedelta(days=3)).isoformat()})
    assert short.status_code == 422 and short.json["error"]["code"] == "publicity_too_short"
    shown = r.publicize(client, branch.headers(), activist, "activist", TODAY, TODAY + timedelta(days=4))
    assert shown["public_url"].endswith(shown["token"]) and len(shown["token"]) >= 40 and shown["open"]
    pdf = client.get(shown["pdf"], headers=branch.headers())
    assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-" and fonts_not_embedded(pdf.data) == []


def test_the_public_reads_without_an_account_and_never_sees_numbers_or_ids(client, branch, activist):
    shown = r.publicize(client, branch.headers(), activist, "activist", TODAY, TODAY + timedelta(days=4))
    page = client.get(f"/api/v1/public/publicities/{shown['token']}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert page.json["person"]["name"] == "公示对象" and page.json["person"]["birth"] == "1996年01月"
    assert "450103" not in text and "1381234" not in text and '"id"' not in text and "person_id" not in text
    assert client.get(f"/api/v1/public/publicities/{'x' * 43}").status_code == 404


def test_objections_are_taken_during_the_period_only_bounded_and_limited(app, client, branch, world, activist,
                                                                         monkeypatch):
    shown = r.publicize(client, branch.headers(), activist, "activist", TODAY - timedelta(days=2), TODAY + timedelta(days=2))
    url = f"/api/v1/public/publicities/{shown['token']}/objections"
    sent = client.post(url, json={"text": "<script>alert(1)</script> 该同志群众基础一般", "contact": "13900000000"})
    assert sent.status_code == 201 and len(sent.json["receipt"]) == 19
    assert client.post(url, json={"text": "字" * 2001}).status_code == 422
    with app.app_context():
        objection = db.session.query(Objection).one()
        assert objection.text.startswith("<script>")  # kept as plain text; clients never render it as HTML
        assert objection.contact_enc and "13900000000" not in objection.contact_enc
        tasks = db.session.query(Task).filter_by(kind="answer_objection").all()
        assert world.accounts["secretary_a1"].id in {t.account_id for t in tasks}
        assert db.session.query(NoticeRecipient).filter_by(person_id=world.people["member_a1"].id).count() == 1
    client.post(url, json={"text": "第二条"})
    assert client.post(url, json={"text": "第三条"}).status_code == 201
    assert client.post(url, json={"text": "第四条"}).status_code == 429  # 3 per 10 minutes in this test
    r.at(monkeypatch, TODAY + timedelta(days=3))
    late = client.post(url, json={"text": "过期了"})
    assert late.status_code == 409 and late.json["error"]["code"] == "publicity_closed"  # the period before the limit
    assert client.get(f"/api/v1/public/publicities/{shown['token']}").json["ended"] is True


def test_the_step_after_waits_for_the_end_and_every_answer_and_a_true_objection_halts_the_record(
        app, client, branch, world, activist, monkeypatch):
    shown = r.publicize(client, branch.headers(), activist, "activist", TODAY - timedelta(days=4), TODAY)
    url = f"/api/v1/public/publicities/{shown['token']}/objections"
    receipt = client.post(url, json={"text": "反映问题"}).json["receipt"]
    waiting = r.post_step(client, branch.headers(), activist, "activist_filed", TODAY, expect=409)["error"]
    assert "至 " in waiting["message"]  # the last day still counts
    r.at(monkeypatch, TODAY + timedelta(days=1))
    unanswered = r.post_step(client, branch.headers(), activist, "activist_filed", TODAY + timedelta(days=1), expect=409)
    assert "尚未答复" in unanswered["error"]["message"]
    check = f"/api/v1/public/publicities/{shown['token']}/receipts/{receipt}"
    assert client.get(check).json["answered"] is False
    items = client.get(f"/api/v1/publicities/{shown['id']}/objections", headers=branch.headers()).json["items"]
    answered = client.post(f"/api/v1/objections/{items[0]['id']}/answer", headers=branch.headers(),
                           json={"conclusion": "founded", "finding": "经走访核实，情况属实"})
    assert answered.status_code == 200
    assert client.get(check).json["answered"] is True
    halted = r.post_step(client, branch.headers(), activist, "contacts_assigned", TODAY + timedelta(days=1), expect=409,
                         contact_ids=[branch.members[3]])
    assert "待上级党委研究决定" in halted["error"]["message"]
    decision = f"/api/v1/objections/{items[0]['id']}/decision"
    assert client.post(decision, headers=branch.headers(), json={"decision": "continue", "note": "x"}).status_code == 403
    assert client.post(decision, headers=world.headers("committee_a_staff"),
                       json={"decision": "continue", "note": "问题已整改，继续培养"}).status_code == 200
    r.post_step(client, branch.headers(), activist, "activist_filed", TODAY + timedelta(days=1))


def test_six_departments_are_asked_and_gate_the_political_review_and_the_prereview(client, branch, world, monkeypatch):
    pid = client.post("/api/v1/people", headers=branch.headers(), json={
        "org_id": branch.org_id, "name": "审查对象", "status": "target", "applied_at": "2021-01-01",
        "status_since": "2023-01-01", "residence": "南宁市青秀区某小区"}).json["id"]
    committee = world.headers("committee_a_staff")
    options = client.get(f"/api/v1/people/{pid}/review", headers=branch.headers()).json
    assert options["review"] is None and options["extra_options"] == ["综治", "司法"]  # a community branch
    assert client.post(f"/api/v1/people/{pid}/review", headers=branch.headers(),
                       json={"extra_departments": ["综治", "司法"]}).status_code == 403
    wrong = client.post(f"/api/v1/people/{pid}/review", headers=committee, json={"extra_departments": ["综治", "公安"]})
    assert wrong.status_code == 422 and wrong.json["error"]["code"] == "extra_departments"
    review = client.post(f"/api/v1/people/{pid}/review", headers=committee, json={"extra_departments": ["综治", "司法"]}).json
    assert [d["name"] for d in review["departments"]] == ["纪委", "公安", "计生（卫健）", "信访", "综治", "司法"]
    blocked = r.post_step(client, branch.headers(), pid, "political_review", TODAY, expect=409, conclusion="合格")
    assert "6 个部门未回复" in blocked["error"]["message"]
    # A department answers by its link, once, without an account.
    token = review["departments"][0]["reply_url"].rsplit("/", 1)[1]
    page = client.get(f"/api/v1/public/reviews/{token}")
    assert page.status_code == 200 and page.json["department"] == "纪委" and "4501" not in page.get_data(as_text=True)
    assert client.post(f"/api/v1/public/reviews/{token}/reply", json={"opinion": "no_objection"}).status_code == 201
    assert client.post(f"/api/v1/public/reviews/{token}/reply", json={"opinion": "adverse"}).status_code == 404
    for department in review["departments"][1:]:
        opinion = "adverse" if department["name"] == "信访" else "no_objection"
        client.post(f"/api/v1/reviews/{review['id']}/departments/{department['id']}/reply", headers=committee,
                    json={"replied_on": TODAY.isoformat(), "opinion": opinion, "text": "有信访记录"})
    r.post_step(client, branch.headers(), pid, "political_review", TODAY, conclusion="政治审查合格")
    r.post_step(client, branch.headers(), pid, "introducers", TODAY, introducer_ids=branch.members[1:3])
    r.post_step(client, branch.headers(), pid, "training", TODAY, hours=24)
    r.post_step(client, branch.headers(), pid, "branch_review", TODAY)
    r.publicize(client, branch.headers(), pid, "residence", TODAY - timedelta(days=6), TODAY - timedelta(days=2))
    waits = r.post_step(client, committee, pid, "committee_prereview", TODAY, expect=409)
    assert "不同意见" in waits["error"]["message"]
    client.post(f"/api/v1/reviews/{review['id']}/decision", headers=committee,
                json={"decision": "proceed", "note": "经核实已化解，继续发展"})
    r.post_step(client, committee, pid, "committee_prereview", TODAY)
    letter = client.get(review["departments"][1]["letter_pdf"], headers=committee)
    assert letter.status_code == 200 and letter.data[:5] == b"%PDF-" and fonts_not_embedded(letter.data) == []


def test_departments_silent_for_ten_working_days_are_reminded_once(app, client, branch, world, monkeypatch):
    pid = client.post("/api/v1/people", headers=branch.headers(), json={
        "org_id": branch.org_id, "name": "催办对象", "status": "target", "applied_at": "2021-01-01",
        "status_since": "2023-01-01"}).json["id"]
    r.at(monkeypatch, date(2026, 3, 2))  # a Monday: the 10th working day after is Monday 2026-03-16
    client.post(f"/api/v1/people/{pid}/review", headers=world.headers("committee_a_staff"),
                json={"extra_departments": ["综治", "司法"]})
    runner = app.test_cli_runner()
    r.at(monkeypatch, date(2026, 3, 16))
    assert "催办部门意见 0 个" in runner.invoke(args=["scan-due"]).output
    r.at(monkeypatch, date(2026, 3, 17))
    assert "催办部门意见 6 个" in runner.invoke(args=["scan-due"]).output
    assert "催办部门意见 0 个" in runner.invoke(args=["scan-due"]).output
    with app.app_context():
        assert db.session.query(Task).filter_by(kind="review_reminder").count() == 6


def test_the_publicity_pages_never_answer_500_to_odd_input(client, branch, activist):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    shown = r.publicize(client, branch.headers(), activist, "activist", TODAY, TODAY + timedelta(days=4))
    url = f"/api/v1/public/publicities/{shown['token']}/objections"

    @settings(max_examples=40, deadline=None)
    @given(st.one_of(st.text(max_size=2100), st.integers(), st.none(), st.lists(st.text(max_size=5))),
           st.one_of(st.text(max_size=60), st.none()))
    def send(text, contact):
        body = {"text": text} if contact is None else {"text": text, "contact": contact}
        # 400: a body JSON itself refuses (an integer of more than 18 digits, a lone surrogate).
        assert client.post(url, json=body).status_code in (201, 400, 422, 429)

    send()
    assert h.TODAY == TODAY


def test_public_reads_are_rate_limited_per_client(make_app, world):
    client = make_app(PUBLIC_READS_PER_CLIENT="3 per minute").test_client()
    url = "/api/v1/public/publicities/" + "t" * 43
    assert [client.get(url).status_code for _ in range(4)] == [404, 404, 404, 429]
    assert client.get(url, environ_base={"REMOTE_ADDR": "198.51.100.3"}).status_code == 404


def test_a_running_publicity_gates_the_next_step_even_when_the_step_before_came_from_the_paper_file(
        client, branch, monkeypatch):
    # Entered as an activist (step 3 before the system); the activist publicity is then held in the system.
    pid = client.post("/api/v1/people", headers=branch.headers(), json={
        "org_id": branch.org_id, "name": "纸质积极分子", "status": "activist", "gender": "female",
        "birth_date": "1995-03-01", "applied_at": (TODAY - timedelta(days=500)).isoformat(),
        "status_since": (TODAY - timedelta(days=20)).isoformat()}).json["id"]
    shown = r.publicize(client, branch.headers(), pid, "activist", TODAY - timedelta(days=2), TODAY + timedelta(days=2))
    assert client.post(f"/api/v1/public/publicities/{shown['token']}/objections",
                       json={"text": "该同志曾有不良记录"}).status_code == 201
    running = r.post_step(client, branch.headers(), pid, "activist_filed", TODAY, expect=409)
    assert f"至 {(TODAY + timedelta(days=2)).isoformat()} 结束" in running["error"]["message"]
    r.at(monkeypatch, TODAY + timedelta(days=3))
    unanswered = r.post_step(client, branch.headers(), pid, "activist_filed", TODAY + timedelta(days=3), expect=409)
    assert "尚未答复" in unanswered["error"]["message"]


def test_with_the_limiters_storage_down_the_public_still_reads_and_objects(make_app, client, branch, activist):
    shown = r.publicize(client, branch.headers(), activist, "activist", TODAY - timedelta(days=1), TODAY + timedelta(days=3))
    public = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0?socket_connect_timeout=0.2").test_client()
    assert public.get(f"/api/v1/public/publicities/{shown['token']}").status_code == 200
    assert public.post(f"/api/v1/public/publicities/{shown['token']}/objections", json={"text": "意见"}).status_code == 201
