"""The anonymity invariants of docs/voting.md, each proven against the real tables and logs."""
import base64
import json
import logging

import pytest
from sqlalchemy import inspect, text

from server.extensions import db
from tests.integration import voting_helpers as h

pytestmark = pytest.mark.usefixtures("each_sealing")


def test_ballot_table_has_only_a_random_id_session_group_answers_and_receipt_hash(app):
    with app.app_context():
        columns = {c["name"]: c for c in inspect(db.engine).get_columns("ballots")}
        assert set(columns) == {"id", "session_id", "group", "answers", "receipt_hash"}
        assert "CHAR" in str(columns["id"]["type"]).upper()  # a random string, no sequence
        foreign = inspect(db.engine).get_foreign_keys("ballots")
        assert [fk["referred_table"] for fk in foreign] == ["vote_sessions"]


def test_who_voted_is_stored_apart_and_without_time_or_link(app):
    with app.app_context():
        for table in ("participations", "voting_codes"):
            names = {c["name"] for c in inspect(db.engine).get_columns(table)}
            assert not names & {"ballot_id", "receipt_hash", "answers", "at", "created_at", "used_at", "voted_at"}
            assert all(fk["referred_table"] != "ballots" for fk in inspect(db.engine).get_foreign_keys(table))


def test_no_log_line_carries_answers(client, branch, caplog):
    sid = h.recommendation(client, branch)["id"]
    mass_codes = h.codes(client, branch, sid, "mass", 30)
    marker = branch.applicants_ok[2]
    # SQL logging on as well: an operator debugging must not see answers either (engine hides parameters).
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.INFO, logger="sqlalchemy.engine"):
        h.transition(client, branch, sid, "open")
        token = h.join_token(client, branch, sid)
        client.post("/api/v1/ballots", headers=branch.person_headers(branch.members[1]),
                    json={"session_id": sid, "join": token, "answers": {"choices": [marker]}})
        for code in mass_codes[:3]:
            h.cast(client, sid, {"choices": [marker]}, code=code)
        h.cast(client, sid, {"choices": [999999]}, expect=422, code=mass_codes[3])
        h.transition(client, branch, sid, "close")
        h.transition(client, branch, sid, "publish")
    lines = [r.getMessage() + " " + str(r.args) for r in caplog.records]
    assert any("INSERT INTO ballots" in line for line in lines) and any("ballot accepted" in line for line in lines)
    for line in lines:
        assert '"choices"' not in line and f"[{marker}]" not in line and "999999" not in line, line


def test_audit_entries_never_carry_answers(client, branch):
    sid = h.stage_vote(client, branch)["id"]
    entered = client.post(f"/api/v1/sessions/{sid}/absentee-opinions", headers=branch.headers(),
                          json={"answers": {"votes": {str(branch.target): "abstain"}}, "person_id": branch.members[9]})
    assert entered.status_code == 201
    h.transition(client, branch, sid, "open")
    h.transition(client, branch, sid, "close")
    entries = client.get("/api/v1/audit?per_page=500", headers=branch.headers()).json["items"]
    assert "abstain" not in json.dumps(entries) and "votes" not in json.dumps(entries)


def test_stored_order_after_close_is_not_the_cast_order(client, branch, app):
    sid = h.recommendation(client, branch)["id"]
    mass_codes = h.codes(client, branch, sid, "mass", 30)
    h.transition(client, branch, sid, "open")
    cast_order = [h.cast(client, sid, {"choices": []}, code=c)["receipt"] for c in mass_codes]
    from server.domain.credentials import receipt_hash

    cast_hashes = [receipt_hash(r) for r in cast_order]
    with app.app_context():
        before = list(db.session.execute(text("SELECT receipt_hash, id FROM ballots WHERE session_id = :s"), {"s": sid}))
    h.transition(client, branch, sid, "close")
    with app.app_context():
        after = list(db.session.execute(text("SELECT receipt_hash, id FROM ballots WHERE session_id = :s"), {"s": sid}))
    assert [r[0] for r in before] == cast_hashes  # storage followed the cast order before close...
    assert sorted(r[0] for r in after) == sorted(cast_hashes)
    assert [r[0] for r in after] != cast_hashes  # ...and no longer does (1 in 30! to fail by chance)
    assert not {r[1] for r in before} & {r[1] for r in after}  # new random ids too


def test_no_per_candidate_number_is_reachable_before_close(client, branch):
    sid = h.recommendation(client, branch)["id"]
    mass_codes = h.codes(client, branch, sid, "mass", 30)
    h.transition(client, branch, sid, "open")
    h.cast(client, sid, {"choices": [branch.applicants_ok[0]]}, code=mass_codes[0])
    responses = [
        client.get(f"/api/v1/sessions/{sid}", headers=branch.headers()),
        client.get(f"/api/v1/sessions/{sid}/turnout", headers=branch.headers()),
        client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()),
        client.get(f"/api/v1/sessions/{sid}/receipts", headers=branch.headers()),
        client.get(f"/api/v1/sessions/{sid}/electorate", headers=branch.headers()),
    ]
    assert [r.status_code for r in responses] == [200, 200, 409, 409, 200]
    for response in responses:
        body = response.get_data(as_text=True)
        assert "member_votes" not in body and "mass_votes" not in body and "\"choices\"" not in body


def test_ballots_always_equal_participations_plus_used_codes(client, branch, app):
    sid = h.recommendation(client, branch)["id"]
    mass_codes = h.codes(client, branch, sid, "mass", 30)
    h.transition(client, branch, sid, "open")
    token = h.join_token(client, branch, sid)
    for person in branch.members[:4]:
        client.post("/api/v1/ballots", headers=branch.person_headers(person),
                    json={"session_id": sid, "join": token, "answers": {"choices": []}})
    for code in mass_codes[:7]:
        h.cast(client, sid, {"choices": []}, code=code)
    h.cast(client, sid, {"choices": [0]}, expect=422, code=mass_codes[8])  # refused: nothing written
    assert h.credential_counts(app, sid) == (11, 4, 7)


def test_codes_are_stored_only_as_hashes_and_dropped_from_slips_at_close(client, branch, app):
    sid = h.stage_vote(client, branch)["id"]
    created = client.post(f"/api/v1/sessions/{sid}/codes", headers=branch.headers(), json={"group": "member", "count": 3}).json
    with app.app_context():
        dump = json.dumps([list(map(str, r)) for r in db.session.execute(text("SELECT * FROM voting_codes"))])
        dump += json.dumps([list(map(str, r)) for r in db.session.execute(text("SELECT * FROM code_batches"))])
    for code in created["codes"]:
        assert code not in dump and code.replace("-", "") not in dump
    pdf = client.get(created["slips_pdf"], headers=branch.headers())
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    h.transition(client, branch, sid, "open")
    h.transition(client, branch, sid, "close")
    gone = client.get(created["slips_pdf"], headers=branch.headers())
    assert gone.status_code == 409 and gone.json["error"]["code"] == "slips_expired"


def _raw_ballots(app, sid):
    with app.app_context():
        return [tuple(r) for r in db.session.execute(
            text('SELECT "group", answers FROM ballots WHERE session_id = :s'), {"s": sid})]


@pytest.mark.sealing_as_written(reason="the server's sealing at rest; the tellers' is in test_sealed_by_tellers")
def test_a_database_reader_without_the_secret_sees_only_ciphertext(client, branch, app):
    sid = h.recommendation(client, branch)["id"]
    mass_codes = h.codes(client, branch, sid, "mass", 30)
    h.transition(client, branch, sid, "open")
    marker = branch.applicants_ok[1]
    plain = json.dumps({"choices": [marker]}, separators=(",", ":")).encode()  # the answers as the box seals them
    token = h.join_token(client, branch, sid)
    client.post("/api/v1/ballots", headers=branch.person_headers(branch.members[1]),
                json={"session_id": sid, "join": token, "answers": {"choices": [marker]}})
    h.cast(client, sid, {"choices": [marker]}, code=mass_codes[0])
    for stage in ("open", "closed"):
        rows = _raw_ballots(app, sid)
        assert len(rows) == 2, stage
        for _group, stored in rows:
            assert stored.startswith("v1.") and "choices" not in stored, stage
            # Nonce, ciphertext and tag: the answers' bytes are nowhere in it (looking for the candidate's id in the
            # base64 text instead would find its digits by chance in one run out of ten).
            raw = base64.urlsafe_b64decode(stored[len("v1."):])
            assert plain not in raw and len(raw) == 12 + len(plain) + 16, stage
        if stage == "open":
            h.transition(client, branch, sid, "close")
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    assert next(c for c in result["candidates"] if c["id"] == marker)["member_votes"] == 1


@pytest.mark.sealing_as_written(reason="the server's box itself, no session")
def test_a_sealed_ballot_opens_only_with_its_secret_session_and_group(make_app):
    import pytest

    from server.adapters import ballot_box

    app = make_app()
    with app.app_context():
        sealed = ballot_box.seal(5, "member", {"choices": [1]})
        assert ballot_box.unseal(5, "member", sealed) == {"choices": [1]}
        for session, group in ((6, "member"), (5, "mass")):
            with pytest.raises(ballot_box.BallotUnreadable):
                ballot_box.unseal(session, group, sealed)
        assert ballot_box.seal(5, "member", {"choices": [1]}) != sealed  # a fresh nonce each time
    other = make_app(SECRET_KEY="another-secret-key-for-another-installation")
    with other.app_context(), pytest.raises(ballot_box.BallotUnreadable):
        ballot_box.unseal(5, "member", sealed)


def test_after_close_no_row_version_written_by_a_voters_transaction_survives(client, branch, app):
    """PostgreSQL: while open, the ballot shares its transaction id (xmin) with the voter's participation — the
    link sealing makes harmless; after close the rewrite and VACUUM leave no row version carrying that xmin."""
    import pytest

    from tests.conftest import IS_POSTGRES

    if not IS_POSTGRES:
        pytest.skip("row versions and xmin are PostgreSQL's (set DATABASE_URL)")
    sid = h.recommendation(client, branch)["id"]
    h.transition(client, branch, sid, "open")
    token = h.join_token(client, branch, sid)
    voter = branch.members[2]
    client.post("/api/v1/ballots", headers=branch.person_headers(voter),
                json={"session_id": sid, "join": token, "answers": {"choices": []}})
    with app.app_context():
        xmin = db.session.execute(text("SELECT xmin::text FROM participations WHERE session_id = :s AND person_id = :p"),
                                  {"s": sid, "p": voter}).scalar()
        linked = db.session.execute(text("SELECT answers FROM ballots WHERE xmin::text = :x"), {"x": xmin}).all()
        assert len(linked) == 1 and linked[0][0].startswith("v1.")  # the link exists, but to ciphertext
        db.session.commit()
    h.transition(client, branch, sid, "close")  # rewrites the ballots and (after commit) VACUUMs the table
    with app.app_context():
        db.session.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        pages = db.session.execute(text(
            "SELECT pg_relation_size('ballots') / current_setting('block_size')::int")).scalar()
        versions = db.session.execute(text(
            "SELECT t_xmin::text FROM generate_series(0, :n - 1) AS page, "
            "LATERAL heap_page_items(get_raw_page('ballots', page::int)) WHERE lp_flags = 1"), {"n": pages}).scalars().all()
        db.session.rollback()
    assert versions and xmin not in versions
