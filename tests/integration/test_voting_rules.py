"""Candidate checks, the mass representative rule, answers, credentials and retries through the API."""
import pytest

from server import clock
from tests.integration import voting_helpers as h

pytestmark = pytest.mark.usefixtures("each_sealing")


def create(client, branch, meeting_id, **payload):
    return client.post(f"/api/v1/meetings/{meeting_id}/sessions", headers=branch.headers(), json=payload)


def test_recommendation_candidates_must_have_applied_six_months_before(client, branch):
    mid = h.meeting(client, branch)
    response = create(client, branch, mid, kind="recommendation", title="推荐",
                      candidate_ids=branch.applicants_ok + [branch.applicant_new])
    assert response.status_code == 422
    assert "新申请人" in response.json["error"]["message"] and "6 个月" in response.json["error"]["message"]
    assert response.json["error"]["person_id"] == branch.applicant_new


@pytest.mark.parametrize("stage, attr, ok", [
    # Since the development record: an activist vote takes applicants of six months who qualified in a 两推荐
    # (test_the_activist_vote_needs_six_months_and_a_qualifying_recommendation_or_a_reason).
    ("activist", "applicant_new", False), ("target", "activist_ok", True), ("target", "activist_new", False),
    ("admission", "target", True), ("admission", "activist_ok", False),
    ("conversion", "prob_old", True), ("conversion", "prob_last_year", None),
])
def test_stage_candidates_hold_the_starting_status(client, branch, stage, attr, ok):
    kind = "branch_committee" if stage in ("activist", "target") else "branch_assembly"
    mid = h.meeting(client, branch, kind=kind)
    response = create(client, branch, mid, kind="stage_vote", stage=stage, title="票决",
                      candidate_ids=[getattr(branch, attr)])
    if ok is None:  # admitted last year: a year of probation may or may not have passed yet
        return
    assert (response.status_code == 201) is ok, response.json


def test_candidates_from_another_branch_or_unknown_are_refused(client, branch, world):
    mid = h.meeting(client, branch)
    other = create(client, branch, mid, kind="recommendation", title="推荐", candidate_ids=[world.people["applicant_b1"].id])
    assert other.status_code == 422 and "不是本支部" in other.json["error"]["message"]
    assert "SIBLINGSECRET" not in other.get_data(as_text=True)


def test_a_branch_committee_meeting_cannot_hold_a_recommendation(client, branch):
    mid = h.meeting(client, branch, kind="branch_committee")
    response = create(client, branch, mid, kind="recommendation", title="推荐", candidate_ids=branch.applicants_ok)
    assert response.status_code == 422 and response.json["error"]["code"] == "meeting_kind_not_allowed"


def test_max_choices_must_fit_the_candidates(client, branch):
    mid = h.meeting(client, branch)
    response = create(client, branch, mid, kind="recommendation", title="推荐", candidate_ids=branch.applicants_ok,
                      max_choices=4)
    assert response.status_code == 422
    assert h.recommendation(client, branch)["max_choices"] == 3


def test_only_drafts_can_be_edited_or_deleted(client, branch):
    sid = h.recommendation(client, branch)["id"]
    edited = client.patch(f"/api/v1/sessions/{sid}", headers=branch.headers(),
                          json={"candidate_ids": branch.applicants_ok[:2], "max_choices": 1})
    assert edited.status_code == 200 and len(edited.json["candidates"]) == 2 and edited.json["max_choices"] == 1
    h.codes(client, branch, sid, "mass", 30)
    h.transition(client, branch, sid, "open")
    assert client.patch(f"/api/v1/sessions/{sid}", headers=branch.headers(), json={"title": "x"}).status_code == 409
    assert client.delete(f"/api/v1/sessions/{sid}", headers=branch.headers()).status_code == 409
    draft = h.recommendation(client, branch)["id"]
    assert client.delete(f"/api/v1/sessions/{draft}", headers=branch.headers()).status_code == 204


def test_too_few_mass_representatives_open_only_with_a_recorded_reason(client, branch, app):
    from server.extensions import db
    from server.models import Person

    with app.app_context():
        for pid in branch.mass[:5]:
            db.session.delete(db.session.get(Person, pid))
        db.session.commit()
    sid = h.recommendation(client, branch)["id"]
    preview = client.get(f"/api/v1/sessions/{sid}/electorate", headers=branch.headers()).json
    assert preview["mass_reps"]["required"] == 30 and preview["mass_reps"]["actual"] == 25 and not preview["mass_reps"]["met"]
    refused = h.transition(client, branch, sid, "open", expect=422)
    assert refused["error"]["code"] == "mass_reps_below_rule" and "25" in refused["error"]["message"]
    opened = h.transition(client, branch, sid, "open", override_reason="部分村民小组长外出务工，经党委同意")
    assert opened["override_reason"] == "部分村民小组长外出务工，经党委同意"
    audit = client.get("/api/v1/audit?target_type=vote_session", headers=branch.headers()).json["items"][0]
    assert audit["action"] == "session.opened" and audit["details"]["override_reason"].startswith("部分村民")


@pytest.mark.parametrize("answers", [
    {"choices": [999]}, {"choices": [1, 1]}, {"choices": "1"}, {"votes": {}}, {}, {"choices": [True]},
    {"choices": ["¹⁷⁶"]}, {"choices": ["⑴"]}, {"choices": ["١"]},  # digits of other scripts are not ids
])
def test_bad_answers_are_422_and_do_not_use_the_code(client, branch, answers, each_sealing):
    sid = h.recommendation(client, branch, max_choices=2)["id"]
    code = h.codes(client, branch, sid, "mass", 1)[0]
    h.codes(client, branch, sid, "mass", 29)
    h.transition(client, branch, sid, "open")
    response = h.cast(client, sid, answers, expect=422, code=code)
    # Sealed by the tellers, such an answer can only come as a ballot whose proofs do not hold.
    refusals = {"server": ("invalid_answers", "validation_error"), "tellers": ("invalid_ballot_proof",)}
    assert response["error"]["code"] in refusals[each_sealing]
    h.cast(client, sid, {"choices": branch.applicants_ok[:2]}, code=code)


def test_a_used_code_gets_409_and_an_unknown_code_404(client, branch):
    sid = h.stage_vote(client, branch)["id"]
    code = h.codes(client, branch, sid, "member", 1)[0]
    h.transition(client, branch, sid, "open")
    answers = {"votes": {str(branch.target): "yes"}}
    h.cast(client, sid, answers, code=code)
    again = h.cast(client, sid, answers, expect=409, code=code)
    assert again["error"]["code"] == "already_voted"
    form = client.get(f"/api/v1/ballot-form?code={code}")
    assert form.status_code == 409 and form.json["error"]["code"] == "already_voted"
    unknown = h.cast(client, sid, answers, expect=404, code="M-2222-3333-4444-55555")
    assert unknown["error"]["code"] == "code_invalid"


def test_codes_typed_by_hand_in_lower_case_without_dashes_work(client, branch):
    sid = h.stage_vote(client, branch)["id"]
    code = h.codes(client, branch, sid, "member", 1)[0]
    h.transition(client, branch, sid, "open")
    form = client.get(f"/api/v1/ballot-form?code={code.replace('-', '').lower()}")
    assert form.status_code == 200 and form.json["candidates"] == [{"id": branch.target, "name": "发展对象甲"}]


def test_a_retried_submission_returns_the_same_receipt_and_counts_once(client, branch):
    sid = h.stage_vote(client, branch)["id"]
    code = h.codes(client, branch, sid, "member", 1)[0]
    h.transition(client, branch, sid, "open")
    body = {"session_id": sid, "code": code, "answers": {"votes": {str(branch.target): "yes"}},
            "submission_id": "3f1c2a9e-0d5b-4c57-9f3e-6b2d8c1a7e40"}
    first = client.post("/api/v1/ballots", json=body)
    retry = client.post("/api/v1/ballots", json=body)
    assert first.status_code == 201 and retry.status_code == 200
    assert first.json["receipt"] == retry.json["receipt"]
    other = client.post("/api/v1/ballots", json={**body, "submission_id": "another-submission-id"})
    assert other.status_code == 409
    turnout = client.get(f"/api/v1/sessions/{sid}/turnout", headers=branch.headers()).json
    assert turnout["groups"]["member"]["cast"] == 1


def test_roster_voting_retry_and_second_vote(client, branch):
    sid = h.stage_vote(client, branch)["id"]
    h.transition(client, branch, sid, "open")
    token = h.join_token(client, branch, sid)
    member = branch.person_headers(branch.members[0])
    body = {"session_id": sid, "join": token, "answers": {"votes": {str(branch.target): "no"}},
            "submission_id": "a-submission-0001"}
    first = client.post("/api/v1/ballots", headers=member, json=body)
    retry = client.post("/api/v1/ballots", headers=member, json=body)
    assert (first.status_code, retry.status_code) == (201, 200) and first.json == retry.json
    second = client.post("/api/v1/ballots", headers=member, json={**body, "submission_id": "a-submission-0002"})
    assert second.status_code == 409 and second.json["error"]["message"] == "您已经投过票了"


def test_the_join_token_rotates_every_30_seconds_with_one_previous_accepted(client, branch, monkeypatch):
    sid = h.stage_vote(client, branch)["id"]
    h.transition(client, branch, sid, "open")
    start = 1_900_000_000.0
    monkeypatch.setattr(clock, "timestamp", lambda: start)
    qr = client.get(f"/api/v1/sessions/{sid}/join-qr", headers=branch.headers()).json
    assert qr["url"].endswith(f"/h5/vote?join={qr['token']}") and qr["svg"].startswith("<svg")
    member = branch.person_headers(branch.members[0])
    monkeypatch.setattr(clock, "timestamp", lambda: start + 45)
    assert client.get(f"/api/v1/ballot-form?join={qr['token']}", headers=member).status_code == 200
    monkeypatch.setattr(clock, "timestamp", lambda: start + 61)
    expired = client.get(f"/api/v1/ballot-form?join={qr['token']}", headers=member)
    assert expired.status_code == 422 and expired.json["error"]["code"] == "join_expired"
    forged = client.get(f"/api/v1/ballot-form?join={sid}.1.abcdef", headers=member)
    assert forged.json["error"]["code"] == "join_invalid"


def test_a_scanned_member_may_take_minutes_over_the_ballot_but_only_with_their_own_ticket(client, branch, monkeypatch):
    sid = h.stage_vote(client, branch)["id"]
    h.transition(client, branch, sid, "open")
    start = 1_900_000_000.0
    monkeypatch.setattr(clock, "timestamp", lambda: start)
    token = h.join_token(client, branch, sid)
    first, second = (branch.person_headers(m) for m in branch.members[:2])
    ticket = client.get(f"/api/v1/ballot-form?join={token}", headers=first).json["join"]
    assert ticket != token
    body = {"session_id": sid, "join": ticket, "answers": {"votes": {str(branch.target): "yes"}}}
    monkeypatch.setattr(clock, "timestamp", lambda: start + 5 * 60)  # the screen's token is long gone
    stolen = client.post("/api/v1/ballots", headers=second, json=body)
    assert stolen.status_code == 422 and stolen.json["error"]["code"] == "join_invalid"
    assert client.post("/api/v1/ballots", headers=first, json=body).status_code == 201
    monkeypatch.setattr(clock, "timestamp", lambda: start + 16 * 60)
    late = client.get(f"/api/v1/ballot-form?join={ticket}", headers=second)
    assert late.status_code == 422


def test_join_voting_needs_a_logged_in_roster_member(client, branch, world):
    sid = h.stage_vote(client, branch)["id"]
    h.transition(client, branch, sid, "open")
    token = h.join_token(client, branch, sid)
    assert client.get(f"/api/v1/ballot-form?join={token}").status_code == 401
    staff_only = client.get(f"/api/v1/ballot-form?join={token}", headers=world.headers("secretary_a2"))
    assert staff_only.status_code == 403


def test_member_codes_and_roster_voting_exclude_each_other(client, branch):
    sid = h.stage_vote(client, branch)["id"]
    h.codes(client, branch, sid, "member", 3)
    h.transition(client, branch, sid, "open")
    token = h.join_token(client, branch, sid)
    response = client.get(f"/api/v1/ballot-form?join={token}", headers=branch.person_headers(branch.members[0]))
    assert response.status_code == 409 and response.json["error"]["code"] == "member_codes_in_use"
    other = h.stage_vote(client, branch)["id"]
    h.transition(client, branch, other, "open")
    client.post("/api/v1/ballots", headers=branch.person_headers(branch.members[0]), json={
        "session_id": other, "join": h.join_token(client, branch, other),
        "answers": {"votes": {str(branch.target): "yes"}}})
    late_codes = client.post(f"/api/v1/sessions/{other}/codes", headers=branch.headers(), json={"group": "member", "count": 2})
    assert late_codes.status_code == 409


def test_no_more_codes_than_people_who_should_attend(client, branch):
    sid = h.stage_vote(client, branch)["id"]
    too_many = client.post(f"/api/v1/sessions/{sid}/codes", headers=branch.headers(), json={"group": "member", "count": 11})
    assert too_many.status_code == 422 and too_many.json["error"]["code"] == "too_many_codes"
    mass = client.post(f"/api/v1/sessions/{sid}/codes", headers=branch.headers(), json={"group": "mass", "count": 1})
    assert mass.status_code == 422  # stage votes have no mass group


def test_a_written_opinion_blocks_that_member_from_voting_and_counts(client, branch):
    sid = h.stage_vote(client, branch)["id"]
    yes = {"votes": {str(branch.target): "yes"}}
    response = client.post(f"/api/v1/sessions/{sid}/absentee-opinions", headers=branch.headers(),
                           json={"answers": yes, "person_id": branch.members[9]})
    assert response.status_code == 201
    duplicate = client.post(f"/api/v1/sessions/{sid}/absentee-opinions", headers=branch.headers(),
                            json={"answers": yes, "person_id": branch.members[9]})
    assert duplicate.status_code == 409
    bad = client.post(f"/api/v1/sessions/{sid}/absentee-opinions", headers=branch.headers(),
                      json={"answers": {"votes": {}}, "person_id": branch.members[8]})
    assert bad.status_code == 422
    h.transition(client, branch, sid, "open")
    blocked = client.post("/api/v1/ballots", headers=branch.person_headers(branch.members[9]), json={
        "session_id": sid, "join": h.join_token(client, branch, sid), "answers": yes})
    assert blocked.status_code == 409
    h.transition(client, branch, sid, "close")
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    assert result["absentee"] == 1 and result["candidates"][0]["yes"] == 1


def test_written_opinions_cannot_stuff_a_vote(client, branch):
    # Each names one member of the electorate, once, before the vote opens (细则: 在支部大会召开前提出).
    sid = h.stage_vote(client, branch)["id"]
    no = {"votes": {str(branch.target): "no"}}
    url = f"/api/v1/sessions/{sid}/absentee-opinions"
    unnamed = client.post(url, headers=branch.headers(), json={"answers": no})
    assert unnamed.status_code == 422 and "person_id" in unnamed.json["error"]["fields"]
    outsider = client.post(url, headers=branch.headers(), json={"answers": no, "person_id": branch.prob_old})
    assert outsider.status_code == 422 and outsider.json["error"]["code"] == "not_in_electorate"
    assert client.post(url, headers=branch.headers(), json={"answers": no, "person_id": branch.members[7]}).status_code == 201
    h.transition(client, branch, sid, "open")
    late = client.post(url, headers=branch.headers(), json={"answers": no, "person_id": branch.members[6]})
    assert late.status_code == 409 and late.json["error"]["code"] == "session_not_draft"
    opinions = client.get(url, headers=branch.headers()).json["items"]
    assert client.delete(f"{url}/{opinions[0]['id']}", headers=branch.headers()).status_code == 409
    h.transition(client, branch, sid, "close")
    assert client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json["absentee"] == 1


def test_the_member_named_in_a_written_opinion_is_told_what_was_recorded(client, branch):
    sid = h.stage_vote(client, branch)["id"]
    response = client.post(f"/api/v1/sessions/{sid}/absentee-opinions", headers=branch.headers(),
                           json={"answers": {"votes": {str(branch.target): "abstain"}}, "person_id": branch.members[9]})
    assert response.status_code == 201
    told = client.get("/api/v1/inbox", headers=branch.person_headers(branch.members[9])).json["items"]
    assert [(i["kind"], i["title"]) for i in told] == [("absentee_opinion", "您的书面意见已录入")]
    assert "发展对象甲：弃权" in told[0]["body"]
    others = client.get("/api/v1/inbox", headers=branch.person_headers(branch.members[8])).json["items"]
    assert others == []


def test_quorum_counts_members_present_and_written_opinions_only_among_the_votes(client, branch):
    # 细则 第二十条: 10 should attend; 4 present and 2 written opinions is no quorum, so 6 yes votes pass nobody.
    sid = h.stage_vote(client, branch)["id"]
    yes = {"votes": {str(branch.target): "yes"}}
    for person in branch.members[8:10]:
        response = client.post(f"/api/v1/sessions/{sid}/absentee-opinions", headers=branch.headers(),
                               json={"answers": yes, "person_id": person})
        assert response.status_code == 201
    codes = h.codes(client, branch, sid, "member", 4)
    h.transition(client, branch, sid, "open")
    for code in codes:
        h.cast(client, sid, yes, code=code)
    h.transition(client, branch, sid, "close")
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    assert (result["should_attend"], result["present"], result["absentee"]) == (10, 4, 2)
    assert result["quorum_met"] is False
    assert result["candidates"][0]["yes"] == 6 and result["candidates"][0]["passed"] is False


def test_failed_code_guesses_are_limited_but_successful_ballots_never(client, branch):
    sid = h.recommendation(client, branch)["id"]
    mass_codes = h.codes(client, branch, sid, "mass", 30)
    h.transition(client, branch, sid, "open")
    for code in mass_codes:  # a room of phones on one address
        h.cast(client, sid, {"choices": []}, code=code)
    for i in range(100):
        assert client.get(f"/api/v1/ballot-form?code=Q-2222-2222-2222-{i:05d}").status_code == 404
    blocked = client.get("/api/v1/ballot-form?code=Q-2222-2222-2222-99999")
    assert blocked.status_code == 429 and blocked.json["error"]["code"] == "too_many_attempts"


def test_a_valid_code_is_accepted_from_an_address_over_the_failed_code_limit(client, branch):
    sid = h.recommendation(client, branch)["id"]
    code, other = h.codes(client, branch, sid, "mass", 2)
    h.transition(client, branch, sid, "open")
    for i in range(101):  # one person's typos, or someone spoofing the venue, behind the room's one address
        client.get(f"/api/v1/ballot-form?code=Q-2222-2222-2222-{i:05d}")
    assert client.get("/api/v1/ballot-form?code=Q-2222-2222-2222-99999").status_code == 429
    assert client.get(f"/api/v1/ballot-form?code={code}").status_code == 200
    h.cast(client, sid, {"choices": []}, code=code)
    h.cast(client, sid, {"choices": []}, code=other)


def test_ballots_are_refused_before_open_and_after_close(client, branch):
    sid = h.stage_vote(client, branch)["id"]
    code, later = h.codes(client, branch, sid, "member", 2)
    answers = {"votes": {str(branch.target): "yes"}}
    assert h.cast(client, sid, answers, expect=409, code=code)["error"]["code"] == "session_not_open"
    h.transition(client, branch, sid, "open")
    h.cast(client, sid, answers, code=code)
    h.transition(client, branch, sid, "close")
    late = h.cast(client, sid, answers, expect=409, code=later)
    assert late["error"]["code"] == "session_closed"
    assert client.get(f"/api/v1/ballot-form?code={later}").json["error"]["code"] == "session_closed"


def test_the_candidate_pickers_offer_exactly_the_people_the_rule_of_the_kind_allows(client, branch):
    mid = h.meeting(client, branch)

    def offered(kind, stage=None):
        query = f"kind={kind}" + (f"&stage={stage}" if stage else "")
        response = client.get(f"/api/v1/meetings/{mid}/eligible?{query}", headers=branch.headers())
        assert response.status_code == 200, response.json
        return {p["id"]: p["status"] for p in response.json["items"]}

    recommendation = offered("recommendation")
    assert set(branch.applicants_ok) <= set(recommendation) and branch.applicant_new not in recommendation
    assert set(recommendation.values()) == {"applicant"}
    target = offered("stage_vote", "target")
    assert branch.activist_ok in target and branch.activist_new not in target
    conversion = offered("stage_vote", "conversion")
    assert branch.prob_old in conversion and set(conversion.values()) == {"probationary"}
    satisfaction = offered("satisfaction")
    assert branch.prob_last_year in satisfaction and branch.prob_old not in satisfaction
    # What the picker offers is what session creation accepts.
    h.session(client, branch, mid, kind="recommendation", title="推荐", candidate_ids=list(recommendation))
    missing_stage = client.get(f"/api/v1/meetings/{mid}/eligible?kind=stage_vote", headers=branch.headers())
    assert missing_stage.status_code == 422 and missing_stage.json["error"]["message"]
    bad_kind = client.get(f"/api/v1/meetings/{mid}/eligible?kind=vote", headers=branch.headers())
    assert bad_kind.status_code == 422


def test_another_branch_cannot_see_who_may_stand_in_this_meeting(client, branch, world):
    mid = h.meeting(client, branch)
    response = client.get(f"/api/v1/meetings/{mid}/eligible?kind=recommendation", headers=world.headers("secretary_a2"))
    assert response.status_code == 404 and "error" in response.json


def test_before_a_recommendation_opens_it_shows_the_mass_composition_and_names_a_missing_category(client, branch):
    headers = branch.headers()
    wrong = client.patch(f"/api/v1/people/{branch.mass[0]}", headers=headers, json={"mass_category": "skilled"})
    assert wrong.status_code == 422 and wrong.json["error"]["code"] == "mass_category"  # an enterprise category
    member = client.patch(f"/api/v1/people/{branch.members[0]}", headers=headers, json={"mass_category": "deputy"})
    assert member.status_code == 422
    for pid, category in zip(branch.mass[:6], ["village_committee", "village_committee", "villager_rep", "villager_rep",
                                                "local_org_leader", "local_org_leader"], strict=True):
        assert client.patch(f"/api/v1/people/{pid}", headers=headers, json={"mass_category": category}).status_code == 200
    sid = h.recommendation(client, branch)["id"]
    composition = client.get(f"/api/v1/sessions/{sid}/electorate", headers=headers).json["mass_reps"]["composition"]
    assert [(p["label"], p["count"]) for p in composition["parts"]] == [
        ("现任村（居）委会成员", 2), ("村（居）民代表及村（居）民小组长", 2), ("乡级以上人大代表和政协委员", 0),
        ("村（社区）级其他组织负责人", 2)]
    assert composition["missing"] == ["乡级以上人大代表和政协委员"] and composition["unmarked"] == 24
    assert h.transition(client, branch, sid, "open")["state"] == "open"  # a warning, never a block


def test_a_written_opinion_takes_the_scan_of_its_signed_paper_which_is_never_replaced_once_the_vote_opens(
        client, branch):
    from io import BytesIO

    sid = h.stage_vote(client, branch)["id"]
    url = f"/api/v1/sessions/{sid}/absentee-opinions"
    opinion = client.post(url, headers=branch.headers(), json={"answers": {"votes": {str(branch.target): "yes"}},
                                                               "person_id": branch.members[9]}).json
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

    def send(data, name):
        return client.post(f"{url}/{opinion['id']}/scan", headers=branch.headers(),
                           data={"file": (BytesIO(data), name)}, content_type="multipart/form-data")

    assert send(b"<html>not a scan</html>", "x.html").status_code in (415, 422)
    sent = send(png, "书面意见.png")
    assert sent.status_code == 200 and sent.json["scan_name"] == "书面意见.png"
    assert client.get(url, headers=branch.headers()).json["items"][0]["scan_name"] == "书面意见.png"
    assert client.get(f"{url}/{opinion['id']}/scan", headers=branch.headers()).data == png
    assert client.get(f"{url}/{opinion['id']}/scan", headers=branch.person_headers(branch.members[9])).status_code in (401, 403)
    h.transition(client, branch, sid, "open")
    replaced = send(png + b"x", "另一张.png")
    assert replaced.status_code == 409 and replaced.json["error"]["code"] == "scan_locked"
