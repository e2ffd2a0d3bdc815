"""The vote by code answered in front of Flask (PostgreSQL): the same answers as the endpoint, one statement,
and everything it does not accept handed on to the endpoint unchanged."""
import pytest
from psycopg import OperationalError

from server.api import cast_fast_path
from server.domain.e2e.sealing import sealing
from server.domain.kinds import SESSION_KINDS
from tests.conftest import postgres_only
from tests.integration import voting_helpers as h

pytestmark = [postgres_only, pytest.mark.usefixtures("each_sealing")]


@pytest.fixture
def flask_calls(app, monkeypatch):
    """How many requests reached Flask's request machinery (a hook of this test only: the app is shared)."""
    calls = []
    monkeypatch.setitem(app.before_request_funcs, None, [*app.before_request_funcs.get(None, []), lambda: calls.append(1)])
    return calls


def _vote(client, sid, code, branch, **extra):
    return client.post("/api/v1/ballots", json={"session_id": sid, "code": code,
                                                "answers": {"votes": {str(branch.target): "yes"}}, **extra})


def test_an_accepted_vote_by_code_never_reaches_flask_and_carries_the_api_headers(app, client, branch, flask_calls):
    sid = h.stage_vote(client, branch)["id"]
    code = h.codes(client, branch, sid, "member", 1)[0]
    h.transition(client, branch, sid, "open")
    before = len(flask_calls)
    response = _vote(client, sid, code, branch)
    assert response.status_code == 201 and response.json["session_id"] == sid and response.json["receipt"]
    assert len(flask_calls) == before
    for header, value in (("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store"),
                          ("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer")):
        assert response.headers[header] == value
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert h.credential_counts(app, sid) == (1, 0, 1)


def test_a_retried_submission_gets_its_receipt_again_without_a_second_ballot(app, client, branch, flask_calls):
    sid = h.stage_vote(client, branch)["id"]
    code = h.codes(client, branch, sid, "member", 1)[0]
    h.transition(client, branch, sid, "open")
    first = _vote(client, sid, code, branch, submission_id="phone-retry-0001")
    again = _vote(client, sid, code, branch, submission_id="phone-retry-0001")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["receipt"] == first.json["receipt"]
    assert h.credential_counts(app, sid) == (1, 0, 1)


def test_refusals_are_the_endpoints_own_answers(app, client, branch, flask_calls):
    sid = h.stage_vote(client, branch)["id"]
    code, other = h.codes(client, branch, sid, "member", 2)
    early = _vote(client, sid, code, branch)
    assert early.status_code == 409 and early.json["error"]["code"] == "session_not_open"
    h.transition(client, branch, sid, "open")
    assert _vote(client, sid, code, branch).status_code == 201
    before = len(flask_calls)
    used = _vote(client, sid, code, branch)
    assert used.status_code == 409 and used.json["error"]["code"] == "already_voted" and len(flask_calls) == before + 1
    wrong = _vote(client, sid, "M-2222-3333-4444-55555", branch)
    assert wrong.status_code == 404 and wrong.json["error"]["code"] == "code_invalid"
    unknown_field = client.post("/api/v1/ballots", json={"session_id": sid, "code": other, "answers": {}, "x": 1})
    assert unknown_field.status_code == 422
    bad_answer = client.post("/api/v1/ballots", json={"session_id": sid, "code": other,
                                                      "answers": {"votes": {str(branch.target): "maybe"}}})
    assert bad_answer.status_code == 422 and "error" in bad_answer.json
    h.transition(client, branch, sid, "close")
    late = _vote(client, sid, other, branch)
    assert late.status_code == 409 and late.json["error"]["code"] == "session_closed"
    assert h.credential_counts(app, sid) == (1, 0, 1)


def test_a_fault_on_the_fast_path_hands_the_vote_to_the_endpoint_which_counts_it_once(app, client, branch,
                                                                                      monkeypatch, flask_calls):
    sid = h.stage_vote(client, branch)["id"]
    code = h.codes(client, branch, sid, "member", 1)[0]
    h.transition(client, branch, sid, "open")

    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(cast_fast_path, "cast_on_connection", connection_lost)
    before = len(flask_calls)
    response = _vote(client, sid, code, branch)
    assert response.status_code == 201 and len(flask_calls) == before + 1
    assert h.credential_counts(app, sid) == (1, 0, 1)


def test_a_session_id_answered_from_a_stale_shape_is_judged_by_the_stored_one(app, client, branch):
    from server.services import fast_cast

    sid = h.stage_vote(client, branch)["id"]
    code = h.codes(client, branch, sid, "member", 1)[0]
    h.transition(client, branch, sid, "open")
    # What a worker may still hold for this id: another opening with other options (ids restart in tests).
    fast_cast._SHAPES[sid] = (None, SESSION_KINDS["stage_vote"], None, [987654], sealing("server"), None, None)
    assert _vote(client, sid, code, branch).status_code == 201
    assert h.credential_counts(app, sid) == (1, 0, 1)
