"""Paper ballots beside phones: handing out, one channel per member, the two tellers, the combined result."""
import pytest

from server.extensions import db
from tests.conftest import fonts_not_embedded
from tests.integration import voting_helpers as h

pytestmark = pytest.mark.usefixtures("each_sealing", "world")  # the phones before the clients


def paper_state(client, branch, sid):
    return client.get(f"/api/v1/sessions/{sid}/paper", headers=branch.headers()).json


def mark(client, branch, sid, person):
    return client.post(f"/api/v1/sessions/{sid}/paper/members", headers=branch.headers(), json={"person_id": person})


def tellers(client, branch, sid, counter="王计票", monitor="李监票"):
    response = client.post(f"/api/v1/sessions/{sid}/tellers", headers=branch.headers(),
                           json={"counter": counter, "monitor": monitor})
    assert response.status_code == 200, response.json
    return {link["role"]: link["token"] for link in response.json["links"]}


def enter(client, token, group, returned, spoiled, counts, expect=200):
    response = client.put(f"/api/v1/public/tellers/{token}/groups/{group}",
                          json={"returned": returned, "spoiled": spoiled, "counts": counts})
    assert response.status_code == expect, response.json
    return response.json


def scan(client, branch, sid, person, token, answers):
    return client.post("/api/v1/ballots", headers=branch.person_headers(person),
                       json={"session_id": sid, "join": token, "answers": answers})


def test_a_recommendation_with_phones_and_paper_from_handing_out_to_the_result_sheet(client, branch, app):
    a, b = branch.applicants_ok[:2]
    sid = h.recommendation(client, branch)["id"]
    mass_codes = h.codes(client, branch, sid, "mass", 20)
    links = tellers(client, branch, sid)  # named before the vote, as the wizard does (they may hold its key)
    h.transition(client, branch, sid, "open")
    join = h.join_token(client, branch, sid)
    phone_voters, paper_voters = branch.members[:6], branch.members[6:]
    for person in phone_voters:
        assert scan(client, branch, sid, person, join, {"choices": [a]}).status_code == 201
    for person in paper_voters:
        assert mark(client, branch, sid, person).status_code == 200
    # One channel per member: a phone voter cannot take paper, a paper holder cannot scan.
    assert mark(client, branch, sid, phone_voters[0]).json["error"]["code"] == "already_voted"
    refused = scan(client, branch, sid, paper_voters[0], join, {"choices": [a]})
    assert refused.status_code == 409 and "纸质选票" in refused.json["error"]["message"]
    for code in mass_codes[:8]:
        h.cast(client, sid, {"choices": [a]}, code=code)
    too_many = client.put(f"/api/v1/sessions/{sid}/paper/groups/mass", headers=branch.headers(), json={"handed_out": 11})
    assert too_many.status_code == 422 and "最多 10 张" in too_many.json["error"]["message"]
    assert client.put(f"/api/v1/sessions/{sid}/paper/groups/mass", headers=branch.headers(),
                      json={"handed_out": 10}).status_code == 200
    assert client.get(f"/api/v1/sessions/{sid}/turnout", headers=branch.headers()).json["groups"]["mass"]["paper"] == 10
    enter(client, links["counter"], "member", 4, 0, {str(a): 4}, expect=409)  # not before close

    closed = h.transition(client, branch, sid, "close")
    assert closed["counted"] is False and "publish" not in closed["allowed_actions"]
    pending = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers())
    assert pending.status_code == 409 and pending.json["error"]["code"] == "paper_count_pending"
    assert h.transition(client, branch, sid, "publish", expect=409)["error"]["code"] == "paper_count_pending"

    # Members: 4 paper ballots handed out (members 6–9), all for a. Mass: 10 handed out, 9 returned, 1 spoiled.
    enter(client, links["counter"], "member", 4, 0, {str(a): 4})
    enter(client, links["counter"], "mass", 9, 1, {str(a): 2, str(b): 5})
    page = enter(client, links["monitor"], "member", 4, 0, {str(a): 4})
    assert page["agreed"] is False
    page = enter(client, links["monitor"], "mass", 9, 1, {str(a): 3, str(b): 5})
    assert page["agreed"] is False
    state = paper_state(client, branch, sid)
    name_a = client.get(f"/api/v1/sessions/{sid}", headers=branch.headers()).json["candidates"][0]["name"]
    assert state["groups"]["mass"]["differences"] == [f"{name_a}：2 票 / 3 票"]
    page = enter(client, links["monitor"], "mass", 9, 1, {str(a): 2, str(b): 5})
    assert page["agreed"] is True
    enter(client, links["counter"], "mass", 9, 1, {str(a): 2, str(b): 5}, expect=409)  # agreed counts are final

    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    assert result["channels"] == {"member": {"phone": 6, "paper": 4, "spoiled": 0},
                                  "mass": {"phone": 8, "paper": 10, "spoiled": 1}}
    row = next(c for c in result["candidates"] if c["id"] == a)
    # Members: 10 of 10 for a. Mass: 8 by code + 2 on paper = 10 of 18 ballots (spoiled ones count as cast).
    assert (row["member_votes"], row["member_rate"], row["mass_votes"], row["mass_rate"]) == (10, 1.0, 10, 0.5556)
    h.transition(client, branch, sid, "publish")
    enter(client, links["monitor"], "member", 4, 0, {str(a): 4}, expect=409)  # after publish
    sheet = client.get(f"/api/v1/sessions/{sid}/result-sheet.pdf", headers=branch.headers())
    assert sheet.status_code == 200 and sheet.data.startswith(b"%PDF") and sheet.headers["Cache-Control"] == "no-store"
    assert fonts_not_embedded(sheet.data) == []


def test_a_paper_only_stage_vote_counts_when_both_tellers_agree_and_moves_the_record(client, branch):
    sid = h.stage_vote(client, branch)["id"]
    links = tellers(client, branch, sid)
    h.transition(client, branch, sid, "open")
    for person in branch.members:
        assert mark(client, branch, sid, person).status_code == 200
    assert paper_state(client, branch, sid)["handed_out"] == {"member": 10}
    h.transition(client, branch, sid, "close")
    target = str(branch.target)
    bad = enter(client, links["counter"], "member", 9, 2, {target: {"yes": 9}}, expect=422)
    assert "有效票 9 张 + 废票 2 张 = 11 张，多于发出的 10 张" in bad["error"]["message"]
    bad = enter(client, links["counter"], "member", 9, 1, {target: {"yes": 5, "no": 2}}, expect=422)
    assert "合计 7 张，应等于有效票 9 张" in bad["error"]["message"]
    for role in ("counter", "monitor"):
        enter(client, links[role], "member", 9, 1, {target: {"yes": 6, "no": 2, "abstain": 1}})
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    assert result["present"] == 10 and result["candidates"][0]["yes"] == 6 and result["candidates"][0]["passed"]
    record = client.get(f"/api/v1/people/{branch.target}/record", headers=branch.headers()).json
    admission = next(s for s in record["steps"] if s["key"] == "admission_vote")
    assert admission["state"] == "done"


def test_paper_ballots_print_without_numbers_and_only_for_the_sessions_groups(client, branch):
    sid = h.stage_vote(client, branch)["id"]
    printed = client.get(f"/api/v1/sessions/{sid}/paper-ballots.pdf?group=member&copies=3", headers=branch.headers())
    assert printed.status_code == 200 and printed.data.startswith(b"%PDF") and fonts_not_embedded(printed.data) == []
    wrong = client.get(f"/api/v1/sessions/{sid}/paper-ballots.pdf?group=mass", headers=branch.headers())
    assert wrong.status_code == 422


def test_tellers_are_two_people_and_their_links_are_unguessable_and_replaceable(client, branch):
    sid = h.recommendation(client, branch)["id"]
    same = client.post(f"/api/v1/sessions/{sid}/tellers", headers=branch.headers(), json={"counter": "王", "monitor": "王"})
    assert same.status_code == 422
    first = tellers(client, branch, sid)
    assert len(first["counter"]) >= 40 and first["counter"] != first["monitor"]
    second = tellers(client, branch, sid, counter="赵计票")
    assert client.get(f"/api/v1/public/tellers/{first['counter']}").status_code == 404
    page = client.get(f"/api/v1/public/tellers/{second['counter']}").json
    assert page["name"] == "赵计票" and page["label"] == "计票人" and "secretary" not in str(page)
    assert client.get("/api/v1/public/tellers/" + "x" * 43).status_code == 404


def test_another_branch_cannot_see_or_hand_out_paper(client, branch, world):
    sid = h.recommendation(client, branch)["id"]
    other = world.headers("secretary_b1")
    assert client.get(f"/api/v1/sessions/{sid}/paper", headers=other).status_code == 404
    assert client.post(f"/api/v1/sessions/{sid}/paper/members", headers=other,
                       json={"person_id": branch.members[0]}).status_code == 404
    assert client.post(f"/api/v1/sessions/{sid}/tellers", headers=other,
                       json={"counter": "甲", "monitor": "乙"}).status_code == 404


def test_paper_counts_are_aggregates_only(app):
    from sqlalchemy import inspect

    with app.app_context():
        columns = {c["name"] for c in inspect(db.engine).get_columns("paper_tallies")}
    assert columns == {"id", "session_id", "role", "group", "returned", "spoiled", "counts", "entered_at"}


def test_a_paper_ballot_is_marked_as_the_meeting_gathers_undone_before_the_vote_and_never_after_it(client, branch):
    sid = h.recommendation(client, branch)["id"]
    member = branch.members[0]
    assert mark(client, branch, sid, member).status_code == 200  # before the vote opens
    assert paper_state(client, branch, sid)["marked_person_ids"] == [member]
    undone = client.delete(f"/api/v1/sessions/{sid}/paper/members/{member}", headers=branch.headers())
    assert undone.status_code == 200 and undone.json["marked_person_ids"] == []
    assert mark(client, branch, sid, member).status_code == 200
    h.codes(client, branch, sid, "mass", 3)
    h.transition(client, branch, sid, "open", override_reason="群众代表另行推荐")
    h.transition(client, branch, sid, "close")
    refused = mark(client, branch, sid, branch.members[1])
    assert refused.status_code == 409 and refused.json["error"]["code"] == "session_not_open"
