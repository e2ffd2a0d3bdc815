"""Encrypted ballots of each session kind: an honest one verifies, an altered or out-of-rule one is refused whole."""
import copy

import pytest

from server.domain import kinds
from server.domain.e2e import ballot, elgamal, group, proofs
from server.domain.e2e.transcript import context as session_context

SECRETS = [group.random_scalar(), group.random_scalar()]
KEY = elgamal.joint_key([group.base_mul(x) for x in SECRETS])
CONTEXT = session_context("session-7", KEY)


def _questions(kind_key, option_ids, max_choices=None):
    kind = kinds.session_kind(kind_key)
    return ballot.layout(kind.answer_key, kind.scale, option_ids, max_choices)


def test_a_recommendation_is_one_question_over_the_candidates_with_sums_up_to_max_choices():
    (question,) = _questions("recommendation", [12, 5, 9], max_choices=2)
    assert question.options == ("5", "9", "12") and question.sums == (0, 1, 2)


def test_a_stage_vote_asks_each_candidate_for_exactly_one_of_yes_no_abstain():
    questions = _questions("stage_vote", [3, 4])
    assert [q.key for q in questions] == ["votes:3", "votes:4"]
    assert all(q.options == ("yes", "no", "abstain") and q.sums == (1,) for q in questions)


@pytest.mark.parametrize("kind_key, answers, option_ids, max_choices", [
    ("recommendation", {"choices": [1, 3]}, [1, 2, 3, 4], 2),
    ("recommendation", {"choices": []}, [1, 2, 3, 4], 2),
    ("stage_vote", {"votes": {"1": "yes", "2": "abstain"}}, [1, 2], None),
    ("satisfaction", {"ratings": {"0": "basic", "8": "very_satisfied"}}, [0, 8], None),
])
def test_an_honest_ballot_of_each_kind_verifies_and_its_totals_decrypt_to_its_marks(kind_key, answers, option_ids,
                                                                                     max_choices):
    questions = _questions(kind_key, option_ids, max_choices)
    sealed = ballot.encrypt(CONTEXT, KEY, questions, answers)
    ciphertexts = ballot.verify(CONTEXT, KEY, questions, sealed)
    for row, marks in zip(ciphertexts, ballot.marks(questions, answers), strict=True):
        for ciphertext, mark in zip(row, marks, strict=True):
            partials = [elgamal.partial_decryption(x, ciphertext) for x in SECRETS]
            assert elgamal.decrypt_total(ciphertext, partials, 1) == mark


def test_a_recommendation_over_max_choices_cannot_be_sealed_and_a_forged_one_is_refused():
    questions = _questions("recommendation", [1, 2, 3], max_choices=1)
    with pytest.raises(ValueError):
        ballot.encrypt(CONTEXT, KEY, questions, {"choices": [1, 2]})
    # A phone that proves each 0/1 honestly but lies about the sum: it borrows a wider question's sum proof.
    wide = _questions("recommendation", [1, 2, 3], max_choices=3)
    forged = ballot.encrypt(CONTEXT, KEY, wide, {"choices": [1, 2]})
    forged["questions"][0]["sum_proof"] = forged["questions"][0]["sum_proof"][:2]
    with pytest.raises(proofs.ProofFailed):
        ballot.verify(CONTEXT, KEY, questions, forged)


def test_a_stage_vote_with_two_marks_for_one_candidate_is_refused():
    questions = _questions("stage_vote", [1])
    sealed = ballot.encrypt(CONTEXT, KEY, questions, {"votes": {"1": "yes"}})
    other = ballot.encrypt(CONTEXT, KEY, questions, {"votes": {"1": "no"}})
    spliced = copy.deepcopy(sealed)
    spliced["questions"][0]["options"][1] = other["questions"][0]["options"][1]  # yes and no both 1
    with pytest.raises(proofs.ProofFailed):
        ballot.verify(CONTEXT, KEY, questions, spliced)


@pytest.mark.parametrize("tamper", [
    lambda b: b["questions"][0]["options"][0].update(alpha=b["questions"][0]["options"][1]["alpha"]),
    lambda b: b["questions"][0]["options"][0].update(beta="00" * 32),
    lambda b: b["questions"][0]["options"][0].update(beta="ff" * 32),          # not a point
    lambda b: b["questions"][0]["options"][0]["proof"][0].__setitem__(1, "00" * 32),
    lambda b: b["questions"][0]["options"].pop(),                              # an option missing
    lambda b: b["questions"].append(b["questions"][0]),                        # a question too many
    lambda b: b.update(extra=1),
    lambda b: b["questions"][0].update(sum_proof="nonsense"),
])
def test_any_altered_ballot_is_refused(tamper):
    questions = _questions("recommendation", [1, 2, 3], max_choices=2)
    sealed = ballot.encrypt(CONTEXT, KEY, questions, {"choices": [2]})
    tamper(sealed)
    with pytest.raises(proofs.ProofFailed):
        ballot.verify(CONTEXT, KEY, questions, sealed)


def test_a_ballot_made_for_another_session_is_refused():
    questions = _questions("recommendation", [1, 2], max_choices=1)
    sealed = ballot.encrypt(session_context("session-8", KEY), KEY, questions, {"choices": [1]})
    with pytest.raises(proofs.ProofFailed):
        ballot.verify(CONTEXT, KEY, questions, sealed)


def test_the_tracker_is_the_sha256_of_the_canonical_json_whatever_the_key_order():
    questions = _questions("recommendation", [1, 2], max_choices=1)
    sealed = ballot.encrypt(CONTEXT, KEY, questions, {"choices": [1]})
    reordered = {"questions": [{"sum_proof": q["sum_proof"], "options": [dict(reversed(list(o.items()))) for o in q["options"]]}
                               for q in sealed["questions"]]}
    assert ballot.tracker(reordered) == ballot.tracker(sealed) and len(ballot.tracker(sealed)) == 64
