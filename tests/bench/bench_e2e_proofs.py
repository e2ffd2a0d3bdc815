"""The cost of end-to-end verifiable ballots on the server (DESIGN §12). Run: .venv/bin/python tests/bench/bench_e2e_proofs.py

Prints, on one core, with libsodium through pysodium:
  - a scalar multiplication (fixed base and variable base), the unit every proof is counted in;
  - building and verifying a 10-candidate 两推荐 ballot (max 5) and a 5-candidate 四票决 ballot;
  - the bare verification rate of each (ballots/s), the figure the encrypted cast will be held to (≥ 70 %);
  - the tally of 1,000 ballots × 10 options: aggregating the ciphertexts, both tellers' partial decryptions with
    their proofs, checking those proofs and solving the totals (teller round trips aside).
Every verified ballot is counted, and a total that does not match the ballots cast is reported as a failure.
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from server.domain import kinds
from server.domain.e2e import ballot, elgamal, group, proofs
from server.domain.e2e.transcript import context as session_context

SECRETS = [group.random_scalar(), group.random_scalar()]
SHARES = [group.base_mul(x) for x in SECRETS]
KEY = elgamal.joint_key(SHARES)
CONTEXT = session_context("bench", KEY)


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def questions(kind_key, candidates, max_choices=None):
    kind = kinds.session_kind(kind_key)
    return ballot.layout(kind.answer_key, kind.scale, list(range(1, candidates + 1)), max_choices)


def main() -> None:
    n = group.random_scalar()
    print(f"scalar mult, fixed base:    {timed(lambda: group.base_mul(n), 2000) * 1e6:7.1f} µs")
    print(f"scalar mult, variable base: {timed(lambda: group.mul(n, KEY), 2000) * 1e6:7.1f} µs")
    rng = random.Random(7)
    cases = [
        ("两推荐 10 人选 (最多 5)", questions("recommendation", 10, 5),
         lambda: {"choices": rng.sample(range(1, 11), rng.randint(0, 5))}),
        ("四票决 5 人选", questions("stage_vote", 5),
         lambda: {"votes": {str(i): rng.choice(["yes", "no", "abstain"]) for i in range(1, 6)}}),
    ]
    for name, qs, answer in cases:
        sealed = [ballot.encrypt(CONTEXT, KEY, qs, answer()) for _ in range(40)]
        build = timed(lambda qs=qs, answer=answer: ballot.encrypt(CONTEXT, KEY, qs, answer()), 20)
        verified = 0
        start = time.perf_counter()
        for b in sealed:
            ballot.verify(CONTEXT, KEY, qs, b)
            verified += 1
        per = (time.perf_counter() - start) / len(sealed)
        print(f"{name}: build {build * 1000:6.1f} ms, verify {per * 1000:6.1f} ms "
              f"→ {1 / per:5.0f} ballots/s on one core ({verified} verified)")

    qs = questions("recommendation", 10, 5)
    chosen = [rng.sample(range(1, 11), rng.randint(0, 5)) for _ in range(1000)]
    rows = []
    for choice in chosen:  # the ciphertexts only: this part is the voters' phones, not the tally
        marks = ballot.marks(qs, {"choices": choice})[0]
        rows.append([elgamal.encrypt(KEY, m)[0] for m in marks])
    start = time.perf_counter()
    totals = [elgamal.aggregate(row[i] for row in rows) for i in range(10)]
    aggregated = time.perf_counter() - start
    partials, checks = [], 0
    for total in totals:
        mine = []
        for secret, share in zip(SECRETS, SHARES, strict=True):
            d = elgamal.partial_decryption(secret, total)
            mine.append((share, d, proofs.prove_equal_logs(CONTEXT, secret, share, total.alpha, d)))
        partials.append(mine)
    tellers = time.perf_counter() - start - aggregated
    start = time.perf_counter()
    counts = []
    for total, mine in zip(totals, partials, strict=True):
        for share, d, proof in mine:
            proofs.verify_equal_logs(CONTEXT, share, total.alpha, d, proof)
            checks += 1
        counts.append(elgamal.decrypt_total(total, [d for _, d, _ in mine], len(rows)))
    solved = time.perf_counter() - start
    expected = [sum(1 for c in chosen if i in c) for i in range(1, 11)]
    print(f"tally 1,000 ballots × 10 options: aggregate {aggregated * 1000:.0f} ms, check {checks} partial decryptions "
          f"and solve the totals {solved * 1000:.0f} ms → {(aggregated + solved) * 1000:.0f} ms "
          f"(the tellers' phones' part, here in-process: {tellers * 1000:.0f} ms); "
          f"totals {'match' if counts == expected else 'DO NOT MATCH'} the ballots")


if __name__ == "__main__":
    main()
