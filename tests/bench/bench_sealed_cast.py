"""Encrypted casts (DESIGN §12). Run: .venv/bin/python tests/bench/bench_sealed_cast.py [--ballots 1000] [--bursts 3]

Needs the machine's PostgreSQL and Redis (as bench_voting.py, whose database and server it uses). Makes open 两推荐
sessions of 10 candidates (up to 5 choices) sealed by two tellers, builds the encrypted ballots beforehand on both
cores, and prints:
  bare       the same ballots' proofs verified in a plain loop on both cores (ballots/s): the ceiling, measured
             again just before each burst (gunicorn idle), as this machine's speed drifts between minutes
  burst      every ballot sent at the same moment, one code each, to gunicorn as in production: accepted, stored,
             codes used, time, and the rate against the bare loop (target: ≥ 70 %; the whole burst ≤ 10 s)
  tally      close (sums) + both tellers' partial decryptions checked + the count, for the burst's ballots
Every ballot that is not stored, or stored twice, shows in the counts.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench import bench_voting  # noqa: E402
from tests.bench.bench_voting import ENV, PORT, build, count_ballots, fresh_database, start_gunicorn  # noqa: E402

CANDIDATES, MOST = 10, 5


def sealed_session(principal, branch_id, codes_needed: int) -> tuple[int, list[str], dict]:
    """An open, tellers-sealed 两推荐 with `codes_needed` mass codes; the tellers' secrets, for the tally."""
    import random

    from sqlalchemy import select

    from server.domain.e2e import group, proofs
    from server.domain.e2e.sealing import share_context
    from server.extensions import db
    from server.models import Person
    from server.services import lifecycle, meetings, paper, sealing

    applicants = list(db.session.scalars(select(Person.id).where(Person.org_id == branch_id, Person.status == "applicant")
                                         .order_by(Person.id)))[:CANDIDATES]
    meeting = meetings.create_meeting(db.session, principal, org_id=branch_id, title="基准测试会议",
                                      kind="members_and_masses", starts_at=datetime.now(UTC))
    vote = meetings.create_session(db.session, principal, meeting.id, {"kind": "recommendation", "title": "两推荐",
                                                                       "candidate_ids": applicants, "max_choices": MOST})
    links = paper.appoint_tellers(db.session, principal, vote.id, "王计票", "李监票")["links"]
    sealing.choose(db.session, principal, vote.id, "tellers")
    secrets = {}
    for link in links:
        secret = group.random_scalar()
        public = group.base_mul(secret)
        proof = proofs.prove_knowledge(share_context(vote.e2e_uid, link["role"]), secret, public)
        sealing.publish_share(db.session, link["token"], public.hex(), proof.as_json())
        secrets[link["role"]] = (secret, link["token"])
    created = bench_voting.mass_codes(principal, vote.id, codes_needed)
    lifecycle.open_session(db.session, principal, vote.id, "基准测试")
    db.session.commit()
    rng = random.Random(vote.id)
    choices = [rng.sample(applicants, rng.randint(0, MOST)) for _ in created]
    return vote.id, created, {"secrets": secrets, "uid": vote.e2e_uid, "key": vote.public_key, "options": applicants,
                              "choices": choices}


def _build(job):
    from server.domain.e2e import ballot
    from server.domain.e2e.transcript import context

    uid, key_hex, options, choice = job
    key = bytes.fromhex(key_hex)
    return ballot.encrypt(context(uid, key), key, ballot.layout("choices", None, options, MOST), {"choices": choice})


def _verify(job):
    from server.domain.e2e import ballot
    from server.domain.e2e.transcript import context

    uid, key_hex, options, sealed = job
    key = bytes.fromhex(key_hex)
    ballot.verify(context(uid, key), key, ballot.layout("choices", None, options, MOST), sealed)
    return 1


def tally(app, principal, session_id: int, info: dict) -> tuple[float, dict]:
    from server.domain.e2e import group, proofs
    from server.domain.e2e.transcript import context
    from server.extensions import db
    from server.models import VoteSession
    from server.services import lifecycle

    start = time.perf_counter()
    lifecycle.close_session(db.session, principal, session_id)
    db.session.commit()
    closed = time.perf_counter() - start
    vote = db.session.get(VoteSession, session_id)
    ctx, parts = context(info["uid"], bytes.fromhex(vote.public_key)), {}
    for role, (secret, _) in info["secrets"].items():  # the tellers' phones: not timed
        share = group.base_mul(secret)
        parts[role] = []
        for entry in vote.aggregates["entries"]:
            alpha = bytes.fromhex(entry["alpha"])
            d = group.mul(secret, alpha)
            parts[role].append({"d": d.hex(), "proof": proofs.prove_equal_logs(ctx, secret, share, alpha, d).as_json()})
    start = time.perf_counter()
    for role, (_, token) in info["secrets"].items():
        lifecycle.enter_decryption(db.session, token, parts[role])
    db.session.commit()
    counted = time.perf_counter() - start
    result = db.session.get(VoteSession, session_id).result
    return closed + counted, result


def bare_loop(pool, info: dict, ballots: list) -> float:
    """Ballots per second whose proofs verify in a plain loop on both cores (no HTTP, no database)."""
    start = time.perf_counter()
    verified = sum(pool.map(_verify, [(info["uid"], info["key"], info["options"], b) for b in ballots], chunksize=20))
    return verified / (time.perf_counter() - start)


def main() -> None:
    count = int(sys.argv[sys.argv.index("--ballots") + 1]) if "--ballots" in sys.argv else 1000
    bursts = int(sys.argv[sys.argv.index("--bursts") + 1]) if "--bursts" in sys.argv else 3
    os.environ.update(ENV)
    fresh_database()
    from server import create_app

    app = create_app()
    with app.app_context():
        principal, branch_id = build(app, mass_reps=count)
        sessions = [sealed_session(principal, branch_id, count) for _ in range(bursts)]
    with multiprocessing.Pool(2) as pool:
        built = [pool.map(_build, [(info["uid"], info["key"], info["options"], c) for c in info["choices"]], chunksize=20)
                 for _, _, info in sessions]
        server = start_gunicorn("tests.bench.bench_app:app", PORT)
        try:
            for number, ((sid, codes, info), ballots) in enumerate(zip(sessions, built, strict=True), 1):
                # The ceiling is measured just before each burst, on its own ballots: this machine's speed drifts.
                bare_rate = bare_loop(pool, info, ballots)
                print(f"bare {number}     {count:,} ballots' proofs verified on 2 cores: {bare_rate:.0f} ballots/s", flush=True)
                b = bench_voting.burst(sid, codes, 0, [{"sealed": sealed} for sealed in ballots])
                stored, used = count_ballots(sid)
                rate = b["accepted"] / b["seconds"]
                print(f"burst {number}    {count:,} encrypted ballots at once: accepted={b['accepted']} other={b['other']} "
                      f"stored={stored} used_codes={used} time={b['seconds']:.2f} s (target ≤ 10 s) "
                      f"rate={rate:.0f}/s = {100 * rate / bare_rate:.0f} % of the bare loop (target ≥ 70 %)", flush=True)
        finally:
            server.terminate()
            server.wait(10)
    with app.app_context():
        seconds, result = tally(app, principal, sessions[0][0], sessions[0][2])
    expected = {o: sum(o in c for c in sessions[0][2]["choices"]) for o in sessions[0][2]["options"]}
    got = {row["id"]: row["mass_votes"] for row in result["candidates"]}
    print(f"tally      close (sums) + both decryptions checked + count, {count:,} ballots × {CANDIDATES} options: "
          f"{seconds * 1000:.0f} ms (target ≤ 2,000 ms); totals {'match' if got == expected else 'DO NOT MATCH'} the ballots")


if __name__ == "__main__":
    main()
