"""Real concurrency on PostgreSQL: one ballot per credential, nothing lost, nothing after close."""
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest

from server.extensions import db
from tests.conftest import postgres_only
from tests.integration import voting_helpers as h

pytestmark = [postgres_only, pytest.mark.usefixtures("each_sealing")]


@pytest.fixture
def app(make_app):
    # A bounded pool, as in production: PostgreSQL allows 100 connections; requests queue for one.
    return make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 30, "max_overflow": 30, "pool_timeout": 120,
                                               "hide_parameters": True},
                    CODE_FAILS_PER_CLIENT="100000 per minute", PUBLIC_READS_PER_CLIENT="100000 per minute",
                    REPLIES_PER_CLIENT="100000 per minute")  # one address plays every voter and both tellers


def run_together(app, calls):
    barrier = Barrier(len(calls))

    def worker(call):
        client = app.test_client()
        barrier.wait()
        return call(client)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(worker, calls))


def test_fifty_simultaneous_casts_with_one_code_give_exactly_one_201(app, client, branch):
    sid = h.stage_vote(client, branch)["id"]
    code = h.codes(client, branch, sid, "member", 1)[0]
    h.transition(client, branch, sid, "open")
    body = {"session_id": sid, "code": code, "answers": {"votes": {str(branch.target): "yes"}}}
    statuses = run_together(app, [lambda c: c.post("/api/v1/ballots", json=body).status_code] * 50)
    assert sorted(statuses) == [201] + [409] * 49
    assert h.credential_counts(app, sid) == (1, 0, 1)


def test_three_hundred_distinct_voters_at_once_make_exactly_300_ballots(app, client, branch, make_app):
    from server.models import Person

    with app.app_context():  # a branch with 300 mass representatives
        for i in range(270):
            db.session.add(Person(org_id=branch.org_id, name=f"代表{i}", status="mass_rep", committee_member=False))
        db.session.commit()
    sid = h.recommendation(client, branch)["id"]
    mass_codes = h.codes(client, branch, sid, "mass", 300)
    h.transition(client, branch, sid, "open")
    choice = {"choices": [branch.applicants_ok[0]]}
    calls = [lambda c, code=code: c.post("/api/v1/ballots", json={"session_id": sid, "code": code,
                                                                   "answers": choice}).status_code
             for code in mass_codes]
    statuses = run_together(app, calls)
    assert statuses.count(201) == 300
    assert h.credential_counts(app, sid) == (300, 0, 300)
    h.transition(client, branch, sid, "close")
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    assert result["groups"]["mass"]["ballots"] == 300 and result["candidates"][0]["mass_votes"] == 300


def test_casts_racing_a_close_are_counted_exactly_when_accepted(app, client, branch):
    sid = h.recommendation(client, branch)["id"]
    mass_codes = h.codes(client, branch, sid, "mass", 30)
    h.transition(client, branch, sid, "open")
    token = h.join_token(client, branch, sid)
    voters = branch.members + branch.probationary

    def by_code(code):
        return lambda c: ("cast", c.post("/api/v1/ballots", json={"session_id": sid, "code": code,
                                                                  "answers": {"choices": []}}).status_code)

    def by_join(person):
        return lambda c: ("cast", c.post("/api/v1/ballots", headers=branch.person_headers(person), json={
            "session_id": sid, "join": token, "answers": {"choices": []}}).status_code)

    calls = [by_code(code) for code in mass_codes] + [by_join(p) for p in voters]
    calls.insert(len(calls) // 2, lambda c: ("close", c.post(f"/api/v1/sessions/{sid}/close",
                                                             headers=branch.headers()).status_code))
    outcomes = run_together(app, calls)
    accepted = sum(1 for kind, status in outcomes if kind == "cast" and status == 201)
    refused = sum(1 for kind, status in outcomes if kind == "cast" and status == 409)
    assert ("close", 200) in outcomes and accepted + refused == len(calls) - 1
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    assert result["groups"]["member"]["ballots"] + result["groups"]["mass"]["ballots"] == accepted
    ballots, participations, used = h.credential_counts(app, sid)
    assert ballots == accepted == participations + used


def test_simultaneous_roster_votes_by_one_member_count_once(app, client, branch):
    sid = h.stage_vote(client, branch)["id"]
    h.transition(client, branch, sid, "open")
    token = h.join_token(client, branch, sid)
    headers = branch.person_headers(branch.members[0])
    body = {"session_id": sid, "join": token, "answers": {"votes": {str(branch.target): "yes"}}}
    statuses = run_together(app, [lambda c: c.post("/api/v1/ballots", headers=headers, json=body).status_code] * 30)
    assert sorted(statuses) == [201] + [409] * 29
    assert h.credential_counts(app, sid) == (1, 1, 0)


TRIALS = 12


def _member_scans_while_staff_act(app, client, branch, staff_call):
    """One member's QR ballot and one staff action on the same session, started together, TRIALS times."""
    member = branch.members[0]
    outcomes = []
    for _ in range(TRIALS):
        sid = h.recommendation(client, branch)["id"]
        h.transition(client, branch, sid, "open")
        token = h.join_token(client, branch, sid)

        def scan(c, sid=sid, token=token):
            return c.post("/api/v1/ballots", headers=branch.person_headers(member), json={
                "session_id": sid, "join": token, "answers": {"choices": []}}).status_code

        outcomes.append((sid, run_together(app, [scan, lambda c, sid=sid: staff_call(c, sid, member)])))
    return outcomes


def test_member_codes_and_a_members_scan_never_both_succeed(app, client, branch):
    def member_codes(c, sid, _member):
        return c.post(f"/api/v1/sessions/{sid}/codes", headers=branch.headers(),
                      json={"group": "member", "count": 1}).status_code

    for sid, (scanned, coded) in _member_scans_while_staff_act(app, client, branch, member_codes):
        assert sorted([scanned, coded]) == [201, 409], (scanned, coded)
        _ballots, participations, _used = h.credential_counts(app, sid)
        assert participations == (1 if scanned == 201 else 0)


def test_a_written_opinion_and_the_same_members_scan_never_both_count(app, client, branch):
    def opinion(c, sid, member):
        return c.post(f"/api/v1/sessions/{sid}/absentee-opinions", headers=branch.headers(),
                      json={"person_id": member, "answers": {"choices": []}}).status_code

    for sid, (scanned, entered) in _member_scans_while_staff_act(app, client, branch, opinion):
        assert sorted([scanned, entered]) == [201, 409], (scanned, entered)
        h.transition(client, branch, sid, "close")
        result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
        member = result["groups"]["member"]
        assert member["ballots"] + member["absentee"] == 1 == member["denominator"]


def test_excluding_a_member_and_their_scan_never_both_succeed(app, client, branch):
    def exclude(c, sid, member):
        return c.post(f"/api/v1/sessions/{sid}/exclusions", headers=branch.headers(),
                      json={"person_id": member, "reason": "因病请假"}).status_code

    for sid, (scanned, excluded) in _member_scans_while_staff_act(app, client, branch, exclude):
        # Either the member voted (and cannot be excluded), or was excluded first (and cannot vote).
        assert (scanned, excluded) in ((201, 409), (403, 201)), (scanned, excluded)
        electorate = client.get(f"/api/v1/sessions/{sid}/electorate", headers=branch.headers()).json
        _ballots, participations, _used = h.credential_counts(app, sid)
        assert participations == (1 if scanned == 201 else 0)
        member = next(p for p in electorate["groups"]["member"]["people"] if p["id"] == branch.members[0])
        assert member["excluded"] == (excluded == 201)


def test_a_member_marked_for_paper_and_the_same_members_scan_never_both_succeed(app, client, branch):
    def take_paper(c, sid, member):
        return c.post(f"/api/v1/sessions/{sid}/paper/members", headers=branch.headers(),
                      json={"person_id": member}).status_code

    for sid, (scanned, marked) in _member_scans_while_staff_act(app, client, branch, take_paper):
        assert sorted([scanned, marked]) in ([200, 409], [201, 409]), (scanned, marked)
        _ballots, participations, _used = h.credential_counts(app, sid)
        assert participations == 1  # one row, phone or paper: never both


@pytest.mark.sealing_as_written(reason="it seals its session with its own tellers")
def test_sealed_ballots_racing_on_one_code_and_a_close_count_once_and_exactly_when_accepted(app, client, branch):
    """The tellers' sealing (DESIGN §12) under the same races: fifty encrypted casts with one code make one ballot; the
    same submission retried gets the same receipt (its tracker); casts racing the close count exactly when accepted."""
    from server.domain import kinds
    from server.domain.e2e import ballot, group, proofs
    from server.domain.e2e.sealing import share_context
    from server.domain.e2e.transcript import context

    sid = h.stage_vote(client, branch)["id"]
    codes = h.codes(client, branch, sid, "member", 10)
    links = client.post(f"/api/v1/sessions/{sid}/tellers", headers=branch.headers(),
                        json={"counter": "王计票", "monitor": "李监票"}).json["links"]
    uid = client.put(f"/api/v1/sessions/{sid}/sealing", headers=branch.headers(), json={"sealing": "tellers"}).json["sealing"]["uid"]
    for link in links:
        secret = group.random_scalar()
        public = group.base_mul(secret)
        client.put(f"/api/v1/public/tellers/{link['token']}/key", json={
            "public_key": public.hex(), "proof": proofs.prove_knowledge(share_context(uid, link["role"]), secret, public).as_json()})
    h.transition(client, branch, sid, "open")
    session = client.get(f"/api/v1/sessions/{sid}", headers=branch.headers()).json
    key = bytes.fromhex(session["sealing"]["public_key"])
    kind = kinds.session_kind("stage_vote")
    questions = ballot.layout(kind.answer_key, kind.scale, [o["id"] for o in session["options"]], None)

    def sealed():
        return {"sealed": ballot.encrypt(context(uid, key), key, questions, {"votes": {str(branch.target): "yes"}})}

    one = {"session_id": sid, "code": codes[0], "answers": sealed(), "submission_id": "same-submission-1"}
    answers = run_together(app, [lambda c: c.post("/api/v1/ballots", json=one)] * 50)
    assert sorted(r.status_code for r in answers) == [200] * 49 + [201]  # one ballot; the retries get its receipt
    assert {r.json["receipt"] for r in answers} == {ballot.tracker(one["answers"]["sealed"])}
    assert h.credential_counts(app, sid)[0] == 1

    bodies = [{"session_id": sid, "code": code, "answers": sealed()} for code in codes[1:]]
    calls = [lambda c, body=body: c.post("/api/v1/ballots", json=body).status_code for body in bodies]
    calls.append(lambda c: c.post(f"/api/v1/sessions/{sid}/close", headers=branch.headers()).status_code)
    statuses = run_together(app, calls)
    accepted = statuses[:-1].count(201)
    assert statuses[-1] == 200 and set(statuses[:-1]) <= {201, 409}
    assert h.credential_counts(app, sid)[0] == 1 + accepted
