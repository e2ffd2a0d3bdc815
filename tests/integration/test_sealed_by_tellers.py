"""A session sealed by its tellers (DESIGN §12): keys made on the tellers' phones, encrypted ballots whose proofs the
server checks, sums decrypted by both tellers together, and a result equal to the count of the same answers in the
clear. The tellers' and voters' phones are played here by the protocol's Python side (server/domain/e2e)."""
import random

import pytest

from server.domain import kinds
from server.domain.e2e import ballot, group
from server.domain.e2e.transcript import context as session_context
from tests.integration import voting_helpers as h
from tests.integration.sealing_phones import TellerPhone

pytestmark = pytest.mark.usefixtures("world")


def _tellers(client, branch, sid):
    response = client.post(f"/api/v1/sessions/{sid}/tellers", headers=branch.headers(),
                           json={"counter": "王计票", "monitor": "李监票"})
    assert response.status_code == 200, response.json
    return {link["role"]: TellerPhone(client, link["token"]) for link in response.json["links"]}


def _seal(client, branch, sid, sealing="tellers", expect=200):
    response = client.put(f"/api/v1/sessions/{sid}/sealing", headers=branch.headers(), json={"sealing": sealing})
    assert response.status_code == expect, response.json
    return response.json


def _sealed_ballot(client, branch, sid, answers):
    """What a voter's phone sends: the answers encrypted under the session's key, with their proofs."""
    session = client.get(f"/api/v1/sessions/{sid}", headers=branch.headers()).json
    kind = kinds.session_kind(session["kind"])
    key = bytes.fromhex(session["sealing"]["public_key"])
    questions = ballot.layout(kind.answer_key, kind.scale, [o["id"] for o in session["options"]], session["max_choices"])
    return {"sealed": ballot.encrypt(session_context(session["sealing"]["uid"], key), key, questions, answers)}


def test_a_recommendation_sealed_by_its_tellers_counts_exactly_what_the_same_answers_count_in_the_clear(client, branch):
    a, b, c = branch.applicants_ok[:3]
    sid = h.recommendation(client, branch, max_choices=2)["id"]
    member_codes, mass_codes = h.codes(client, branch, sid, "member", 8), h.codes(client, branch, sid, "mass", 6)
    phones = _tellers(client, branch, sid)
    assert _seal(client, branch, sid)["sealing"]["sealing"] == "tellers"

    # Opening needs both keys, each proved; a forged proof is refused and names nothing it should not.
    refused = h.transition(client, branch, sid, "open", expect=422)
    assert refused["error"]["code"] == "tellers_keys_missing" and "计票人、监票人" in refused["error"]["message"]
    phones["counter"].make_key()
    forged = phones["monitor"].make_key(expect=422, forge=True)
    assert forged["error"]["code"] == "invalid_share_proof"
    assert h.transition(client, branch, sid, "open", expect=422)["error"]["message"].startswith("监票人")
    phones["monitor"].make_key()
    h.transition(client, branch, sid, "open")
    shares = [bytes.fromhex(phone.view()["sealing"]["my_public_key"]) for phone in phones.values()]
    session = client.get(f"/api/v1/sessions/{sid}", headers=branch.headers()).json
    assert session["sealing"]["public_key"] == group.add(*shares).hex()

    # Ballots in the clear and altered ones are refused whole: nothing written, the code still unused.
    plain = h.cast(client, sid, {"choices": [a]}, expect=422, code=member_codes[0])
    assert plain["error"]["code"] == "ballot_not_sealed"
    altered = _sealed_ballot(client, branch, sid, {"choices": [a]})
    altered["sealed"]["questions"][0]["options"][0]["beta"] = altered["sealed"]["questions"][0]["options"][1]["beta"]
    assert h.cast(client, sid, altered, expect=422, code=member_codes[0])["error"]["code"] == "invalid_ballot_proof"
    rng = random.Random(5)
    answers = {"member": [sorted(rng.sample([a, b, c], rng.randint(0, 2))) for _ in member_codes],
               "mass": [sorted(rng.sample([a, b, c], rng.randint(0, 2))) for _ in mass_codes]}
    for group_key, group_codes in (("member", member_codes), ("mass", mass_codes)):
        for code, choice in zip(group_codes, answers[group_key], strict=True):
            h.cast(client, sid, _sealed_ballot(client, branch, sid, {"choices": choice}), code=code)
    with pytest.raises(AssertionError):  # the tellers are kept once the vote is open: they hold the key
        _tellers(client, branch, sid)

    # Closed: nothing is counted until both tellers confirm; a wrong decryption is refused and named.
    h.transition(client, branch, sid, "close")
    assert client.get(f"/api/v1/sessions/{sid}", headers=branch.headers()).json["counted"] is False
    assert len(phones["counter"].view()["sealing"]["entries"]) == 2 * 3  # two groups × three candidates
    wrong = phones["monitor"].confirm(expect=422, wrong=True)
    assert wrong["error"]["code"] == "invalid_decryption" and wrong["error"]["message"].startswith("监票人的第 1 项")
    phones["counter"].confirm()
    assert client.get(f"/api/v1/sessions/{sid}", headers=branch.headers()).json["counted"] is False
    phones["monitor"].confirm()
    assert client.get(f"/api/v1/sessions/{sid}", headers=branch.headers()).json["counted"] is True

    h.transition(client, branch, sid, "publish")
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    for candidate in result["candidates"]:
        for group_key in ("member", "mass"):
            expected = sum(candidate["id"] in choice for choice in answers[group_key])
            assert candidate[f"{group_key}_votes"] == expected, (candidate, group_key)
    assert result["channels"]["member"]["phone"] == 8 and result["channels"]["mass"]["phone"] == 6


def test_a_stage_vote_sealed_by_its_tellers_passes_or_fails_as_the_rules_say(client, branch):
    sid = h.stage_vote(client, branch)["id"]
    codes = h.codes(client, branch, sid, "member", 9)
    phones = _tellers(client, branch, sid)
    _seal(client, branch, sid)
    for phone in phones.values():
        phone.make_key()
    h.transition(client, branch, sid, "open")
    target = str(branch.target)
    votes = ["yes"] * 6 + ["no", "abstain", "no"]
    for code, vote in zip(codes, votes, strict=True):
        h.cast(client, sid, _sealed_ballot(client, branch, sid, {"votes": {target: vote}}), code=code)
    h.transition(client, branch, sid, "close")
    for phone in phones.values():
        phone.confirm()
    result = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json
    (candidate,) = result["candidates"]
    assert (candidate["yes"], candidate["no"], candidate["abstain"]) == (6, 2, 1)


def test_choosing_the_tellers_is_for_drafts_and_going_back_drops_their_keys(client, branch):
    sid = h.recommendation(client, branch)["id"]
    phones = _tellers(client, branch, sid)
    _seal(client, branch, sid)
    phones["counter"].make_key()
    assert _seal(client, branch, sid, "server")["sealing"] == {"sealing": "server", "label": "服务器加密保存",
                                                               "tellers_named": True}
    _seal(client, branch, sid)
    assert [t["key_published"] for t in phones["counter"].view()["sealing"]["tellers"]] == [False, False]
    h.codes(client, branch, sid, "mass", 1)
    for phone in phones.values():
        phone.make_key()
    h.transition(client, branch, sid, "open")
    assert _seal(client, branch, sid, "server", expect=409)["error"]["code"] == "not_draft"
    assert phones["counter"].make_key(expect=409)["error"]["code"] == "not_draft"


def _tool():
    """tools/verify_board.py, loaded as an outsider would run it."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("verify_board", Path(__file__).resolve().parents[2] / "tools" / "verify_board.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _verify_board(board) -> bool:
    tool = _tool()
    try:
        return tool.verify(board)
    except (tool.Failed, KeyError, TypeError, ValueError):
        return False


def test_the_published_board_verifies_with_the_outsiders_tool_and_any_change_to_it_does_not(client, branch):
    import copy
    import hashlib

    a, b = branch.applicants_ok[:2]
    sid = h.recommendation(client, branch, max_choices=1)["id"]
    codes = h.codes(client, branch, sid, "member", 4) + h.codes(client, branch, sid, "mass", 3)
    phones = _tellers(client, branch, sid)
    _seal(client, branch, sid)
    for phone in phones.values():
        phone.make_key()
    h.transition(client, branch, sid, "open", override_reason="本村群众代表到会 3 人")
    receipts = []
    for code, choice in zip(codes, [[a], [a], [b], [], [a], [b], [a]], strict=True):
        sealed = _sealed_ballot(client, branch, sid, {"choices": choice})
        receipts.append(h.cast(client, sid, sealed, code=code)["receipt"])
        assert receipts[-1] == ballot.tracker(sealed["sealed"])  # the receipt is the ballot's tracker
    h.transition(client, branch, sid, "close")
    for phone in phones.values():
        phone.confirm()
    uid = client.get(f"/api/v1/sessions/{sid}", headers=branch.headers()).json["sealing"]["uid"]
    assert client.get(f"/api/v1/public/boards/{uid}").status_code == 404  # published first
    h.transition(client, branch, sid, "publish")
    board = client.get(f"/api/v1/public/boards/{uid}").json
    assert client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json["board"] == uid
    assert [len(board["ballots"][g]) for g in ("member", "mass")] == [4, 3]
    assert "receipt" not in str(board) and "code" not in board["ballots"]["member"][0]
    assert _verify_board(board)
    on_board = {row["tracker"] for rows in board["ballots"].values() for row in rows}
    assert set(receipts) == on_board  # each voter finds their receipt on the board
    shown = "-".join(receipts[0][i:i + 8] for i in range(0, 64, 8)).upper()  # as a voter may type it back
    checked = client.get(f"/api/v1/sessions/{sid}/receipts", query_string={"receipt": shown, "code": codes[0]})
    assert checked.status_code == 200 and checked.json["counted"] is True

    def changed(edit):
        """A board altered by whoever publishes it, its hash recomputed to match: only the proofs can tell."""
        other = copy.deepcopy(board)
        edit(other)
        other["board_hash"] = hashlib.sha256(_tool().canonical({k: v for k, v in other.items() if k != "board_hash"})).hexdigest()
        return other

    swap_option = changed(lambda x: x["ballots"]["member"][0]["ballot"]["questions"][0]["options"].reverse())
    wrong_part = changed(lambda x: x["decryptions"][0]["parts"][0].update(d=x["decryptions"][0]["parts"][1]["d"]))
    other_result = changed(lambda x: x["result"]["candidates"][0].update(member_votes=x["result"]["candidates"][0]["member_votes"] + 1))
    dropped_ballot = changed(lambda x: x["ballots"]["mass"].pop())
    for tampered in (swap_option, wrong_part, other_result, dropped_ballot):
        assert not _verify_board(tampered)


def test_sealed_casts_log_no_ciphertext_and_the_rows_are_rewritten_at_close(client, branch, app, caplog):
    """The invariants of docs/voting.md with the tellers' sealing: nothing of a ballot in the logs, one ballot per
    code, new ids and a new order at close."""
    import logging

    from sqlalchemy import text

    from server.extensions import db

    sid = h.recommendation(client, branch, max_choices=1)["id"]
    codes = h.codes(client, branch, sid, "mass", 12)
    phones = _tellers(client, branch, sid)
    _seal(client, branch, sid)
    for phone in phones.values():
        phone.make_key()
    h.transition(client, branch, sid, "open", override_reason="到会群众代表 12 人")
    sealed = [_sealed_ballot(client, branch, sid, {"choices": [branch.applicants_ok[i % 2]]}) for i in range(12)]
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.INFO, logger="sqlalchemy.engine"):
        receipts = [h.cast(client, sid, ballot_, code=code)["receipt"] for code, ballot_ in zip(codes, sealed, strict=True)]
        again = h.cast(client, sid, sealed[1], expect=409, code=codes[0])  # the code is spent
    assert again["error"]["code"] == "already_voted"
    lines = " ".join(r.getMessage() + " " + str(r.args) for r in caplog.records)
    for ballot_ in sealed[:3]:
        assert ballot_["sealed"]["questions"][0]["options"][0]["alpha"] not in lines
    assert '"sealed"' not in lines and all(r not in lines for r in receipts)
    with app.app_context():
        before = {r[0] for r in db.session.execute(text("SELECT id FROM ballots WHERE session_id = :s"), {"s": sid})}
    h.transition(client, branch, sid, "close")
    with app.app_context():
        after = {r[0] for r in db.session.execute(text("SELECT id FROM ballots WHERE session_id = :s"), {"s": sid})}
    assert len(before) == len(after) == 12 and not before & after
