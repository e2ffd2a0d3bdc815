"""The phone's protocol (h5/src/core/e2e.js, @noble/curves) and the server's (server/domain/e2e, libsodium) agree:
each verifies what the other builds, and both compute the same challenges and trackers."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from server.domain import kinds
from server.domain.e2e import ballot, elgamal, group, transcript

ROOT = Path(__file__).resolve().parents[2]
H5 = ROOT / "h5"
SECRETS = [group.random_scalar(), group.random_scalar()]
KEY = elgamal.joint_key([group.base_mul(x) for x in SECRETS])
CONTEXT = transcript.context("interop-1", KEY)

RUN = """
import * as e2e from './src/core/e2e.js'
const input = JSON.parse(await new Promise((done) => { let s = ''; process.stdin.on('data', (d) => { s += d }).on('end', () => done(s)) }))
const context = e2e.fromHex(input.context), key = e2e.fromHex(input.key)
const questions = e2e.layout(input.answer_key, input.scale, input.option_ids, input.max_choices)
const out = { questions }
if (input.answers) { out.ballot = e2e.encryptBallot(context, key, questions, input.answers); out.tracker = e2e.tracker(out.ballot) }
if (input.ballot) out.verified = e2e.verifyBallot(context, key, questions, input.ballot)
out.challenge = e2e.challenge('probe', context, 'text', 7n, key).toString()
if (input.secret) {
  const secret = e2e.readSecret(input.secret)
  const share = e2e.publicOf(secret)
  out.share = { public: share, proof: e2e.proveKnowledge(e2e.shareContext('interop-1', 'counter'), secret, share) }
  out.partial = e2e.partialDecryption(context, secret, share, input.alpha)
}
process.stdout.write(JSON.stringify(out))
"""


def _node(payload: dict) -> dict:
    if not (H5 / "node_modules" / "@noble" / "curves").exists() or shutil.which("node") is None:
        pytest.fail("the H5's packages are needed (make test installs them: cd h5 && npm ci)")
    done = subprocess.run(["node", "--input-type=module", "-e", RUN], cwd=H5, input=json.dumps(payload),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _payload(kind_key, option_ids, max_choices=None, **extra):
    kind = kinds.session_kind(kind_key)
    return {"context": CONTEXT.hex(), "key": KEY.hex(), "answer_key": kind.answer_key, "scale": kind.scale,
            "option_ids": option_ids, "max_choices": max_choices, **extra}, \
        ballot.layout(kind.answer_key, kind.scale, option_ids, max_choices)


@pytest.mark.parametrize("kind_key, answers, option_ids, max_choices", [
    ("recommendation", {"choices": [2, 9]}, [9, 2, 4], 2),
    ("stage_vote", {"votes": {"1": "no", "2": "yes"}}, [1, 2], None),
    ("satisfaction", {"ratings": {"0": "satisfied", "5": "unsatisfied"}}, [0, 5], None),
])
def test_a_ballot_built_on_the_phone_verifies_on_the_server_and_decrypts_to_its_marks(kind_key, answers, option_ids,
                                                                                    max_choices):
    payload, questions = _payload(kind_key, option_ids, max_choices, answers=answers)
    out = _node(payload)
    assert [tuple(q["options"]) for q in out["questions"]] == [q.options for q in questions]
    assert [tuple(q["sums"]) for q in out["questions"]] == [q.sums for q in questions]
    ciphertexts = ballot.verify(CONTEXT, KEY, questions, out["ballot"])
    assert out["tracker"] == ballot.tracker(out["ballot"])
    decrypted = [[elgamal.decrypt_total(c, [elgamal.partial_decryption(x, c) for x in SECRETS], 1) for c in row]
                 for row in ciphertexts]
    assert decrypted == ballot.marks(questions, answers)


def test_a_ballot_built_on_the_server_verifies_on_the_phone_and_an_altered_one_does_not():
    payload, questions = _payload("recommendation", [1, 2, 3], 1)
    sealed = ballot.encrypt(CONTEXT, KEY, questions, {"choices": [3]})
    assert _node({**payload, "ballot": sealed})["verified"] is True
    sealed["questions"][0]["options"][0]["beta"], sealed["questions"][0]["options"][2]["beta"] = \
        sealed["questions"][0]["options"][2]["beta"], sealed["questions"][0]["options"][0]["beta"]
    assert _node({**payload, "ballot": sealed})["verified"] is False


def test_both_sides_compute_the_same_challenge_from_the_same_transcript():
    payload, _ = _payload("recommendation", [1], 1)
    assert int(_node(payload)["challenge"]) == transcript.challenge("probe", CONTEXT, "text", 7, KEY)


def test_a_tellers_key_and_partial_decryption_made_on_the_phone_verify_on_the_server():
    from server.domain.e2e import proofs
    from server.domain.e2e.sealing import checked_share

    secret = group.random_scalar()
    total = elgamal.aggregate(elgamal.encrypt(KEY, m)[0] for m in (1, 0, 1))
    payload, _ = _payload("recommendation", [1], 1)
    out = _node({**payload, "secret": group.scalar(secret).hex(), "alpha": total.alpha.hex()})
    share = bytes.fromhex(out["share"]["public"])
    assert share == group.base_mul(secret)
    assert checked_share("interop-1", "counter", out["share"]["public"], out["share"]["proof"]) == share
    d = bytes.fromhex(out["partial"]["d"])
    assert d == group.mul(secret, total.alpha)
    proofs.verify_equal_logs(CONTEXT, share, total.alpha, d, proofs.Proof.from_json(out["partial"]["proof"]))


def test_the_mini_programs_bundle_of_the_protocol_is_built_from_the_h5s_current_source(tmp_path):
    """miniprogram/utils/core/e2e.js is generated (make client-core); a stale copy would speak an older protocol."""
    if not (H5 / "node_modules" / "vite").exists():
        pytest.fail("the H5's packages are needed (make test installs them: cd h5 && npm ci)")
    subprocess.run(["node", "scripts/build-mp-e2e.mjs", str(tmp_path)], cwd=H5, check=True, capture_output=True, timeout=120)
    assert (tmp_path / "e2e.js").read_bytes() == (ROOT / "miniprogram" / "utils" / "core" / "e2e.js").read_bytes()
