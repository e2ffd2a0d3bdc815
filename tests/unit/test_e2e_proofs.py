"""The proofs of DESIGN §12: honest ones verify, altered ones and false statements fail (property tests)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain.e2e import elgamal, group, proofs
from server.domain.e2e.transcript import context as session_context

KEYS = [group.random_scalar() for _ in range(2)]
SHARES = [group.base_mul(x) for x in KEYS]
KEY = elgamal.joint_key(SHARES)
CONTEXT = session_context("s-1", KEY)
scalars = st.integers(min_value=1, max_value=group.ORDER - 1)
FEW = settings(max_examples=15, deadline=None)


def _altered(proof, at=0, by=1):
    challenges, responses = list(proof.challenges), list(proof.responses)
    responses[at] = (responses[at] + by) % group.ORDER
    return proofs.Proof(tuple(challenges), tuple(responses))


@FEW
@given(secret=scalars)
def test_a_tellers_share_proves_its_key_and_nothing_else(secret):
    public = group.base_mul(secret)
    proof = proofs.prove_knowledge(CONTEXT, secret, public)
    proofs.verify_knowledge(CONTEXT, public, proof)
    with pytest.raises(proofs.ProofFailed):
        proofs.verify_knowledge(CONTEXT, group.base_mul(secret + 1), proof)  # another key
    with pytest.raises(proofs.ProofFailed):
        proofs.verify_knowledge(session_context("s-2", KEY), public, proof)  # another session
    with pytest.raises(proofs.ProofFailed):
        proofs.verify_knowledge(CONTEXT, public, _altered(proof))


@FEW
@given(value=st.integers(min_value=0, max_value=1))
def test_each_option_proves_zero_or_one_and_an_altered_ciphertext_fails(value):
    ciphertext, nonce = elgamal.encrypt(KEY, value)
    proof = proofs.prove_one_of(CONTEXT, KEY, ciphertext.alpha, ciphertext.beta, (0, 1), value, nonce)
    proofs.verify_one_of(CONTEXT, KEY, ciphertext.alpha, ciphertext.beta, (0, 1), proof)
    shifted = group.add(ciphertext.beta, group.GENERATOR)  # the same ballot, one vote more
    with pytest.raises(proofs.ProofFailed):
        proofs.verify_one_of(CONTEXT, KEY, ciphertext.alpha, shifted, (0, 1), proof)
    for branch in range(2):
        with pytest.raises(proofs.ProofFailed):
            proofs.verify_one_of(CONTEXT, KEY, ciphertext.alpha, ciphertext.beta, (0, 1), _altered(proof, branch))


def test_a_ciphertext_of_two_cannot_pass_as_zero_or_one():
    """A cheating phone encrypts 2 (a double vote) and forges the proof with the true branch's recipe: it fails."""
    ciphertext, nonce = elgamal.encrypt(KEY, 2)
    with pytest.raises(ValueError):
        proofs.prove_one_of(CONTEXT, KEY, ciphertext.alpha, ciphertext.beta, (0, 1), 2, nonce)
    forged = proofs.prove_one_of(CONTEXT, KEY, ciphertext.alpha, ciphertext.beta, (0, 1, 2), 2, nonce)
    with pytest.raises(proofs.ProofFailed):
        proofs.verify_one_of(CONTEXT, KEY, ciphertext.alpha, ciphertext.beta, (0, 1),
                             proofs.Proof(forged.challenges[:2], forged.responses[:2]))
    honest_zero = elgamal.encrypt(KEY, 0)
    proof = proofs.prove_one_of(CONTEXT, KEY, honest_zero[0].alpha, honest_zero[0].beta, (0, 1), 0, honest_zero[1])
    with pytest.raises(proofs.ProofFailed):  # the proof of another ciphertext
        proofs.verify_one_of(CONTEXT, KEY, ciphertext.alpha, ciphertext.beta, (0, 1), proof)


@FEW
@given(choices=st.lists(st.integers(min_value=0, max_value=1), min_size=10, max_size=10))
def test_a_recommendation_ballots_sum_proves_its_range_only_when_within_it(choices):
    """两推荐: 10 options of 0/1, the sum proved in 0…max_choices (here 5); a ballot over it cannot be proved."""
    encrypted = [elgamal.encrypt(KEY, m) for m in choices]
    total = elgamal.aggregate(c for c, _ in encrypted)
    nonce = sum(r for _, r in encrypted) % group.ORDER
    allowed = tuple(range(6))
    if sum(choices) <= 5:
        proof = proofs.prove_one_of(CONTEXT, KEY, total.alpha, total.beta, allowed, sum(choices), nonce, label="sum")
        proofs.verify_one_of(CONTEXT, KEY, total.alpha, total.beta, allowed, proof, label="sum")
        with pytest.raises(proofs.ProofFailed):  # the same proof as another kind of statement
            proofs.verify_one_of(CONTEXT, KEY, total.alpha, total.beta, allowed, proof, label="range")
    else:
        with pytest.raises(ValueError):
            proofs.prove_one_of(CONTEXT, KEY, total.alpha, total.beta, allowed, sum(choices), nonce, label="sum")


@FEW
@given(votes=st.lists(st.integers(min_value=0, max_value=1), min_size=1, max_size=40))
def test_two_tellers_partial_decryptions_give_the_total_and_prove_themselves(votes):
    total = elgamal.aggregate(elgamal.encrypt(KEY, m)[0] for m in votes)
    partials = [elgamal.partial_decryption(x, total) for x in KEYS]
    for secret, share, partial in zip(KEYS, SHARES, partials, strict=True):
        proof = proofs.prove_equal_logs(CONTEXT, secret, share, total.alpha, partial)
        proofs.verify_equal_logs(CONTEXT, share, total.alpha, partial, proof)
    assert elgamal.decrypt_total(total, partials, len(votes)) == sum(votes)


def test_a_wrong_partial_decryption_is_refused_by_its_proof_and_yields_no_total():
    total = elgamal.aggregate(elgamal.encrypt(KEY, m)[0] for m in (1, 1, 0, 1))
    wrong = elgamal.partial_decryption(KEYS[0] + 1, total)
    proof = proofs.prove_equal_logs(CONTEXT, KEYS[0] + 1, SHARES[0], total.alpha, wrong)  # a share it does not hold
    with pytest.raises(proofs.ProofFailed):
        proofs.verify_equal_logs(CONTEXT, SHARES[0], total.alpha, wrong, proof)
    with pytest.raises(ValueError):
        elgamal.decrypt_total(total, [wrong, elgamal.partial_decryption(KEYS[1], total)], 4)


def test_one_share_alone_decrypts_nothing():
    total = elgamal.aggregate(elgamal.encrypt(KEY, m)[0] for m in (1, 0, 1))
    with pytest.raises(ValueError):
        elgamal.decrypt_total(total, [elgamal.partial_decryption(KEYS[0], total)], 3)


@pytest.mark.parametrize("most", [0, 1, 2, 15, 16, 17, 1000])
def test_the_discrete_log_finds_every_total_up_to_its_bound(most):
    for t in {0, most // 2, most}:
        assert elgamal.discrete_log(group.base_mul(t), most) == t
    with pytest.raises(ValueError):
        elgamal.discrete_log(group.base_mul(most + 1), most)


def test_a_proof_travels_as_hex_and_refuses_scalars_out_of_range():
    proof = proofs.prove_knowledge(CONTEXT, KEYS[0], SHARES[0])
    assert proofs.Proof.from_json(proof.as_json()) == proof
    too_big = [[group.scalar(0).hex(), group.ORDER.to_bytes(32, "little").hex()]]
    with pytest.raises(proofs.ProofFailed):
        proofs.Proof.from_json(too_big)
    with pytest.raises(proofs.ProofFailed):
        proofs.Proof.from_json([["zz", "00"]])
