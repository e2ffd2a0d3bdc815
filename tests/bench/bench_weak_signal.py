"""The ballot on a weak village signal. Run after `make h5`: .venv/bin/python tests/bench/bench_weak_signal.py [--runs 5]

Serves the app (its built H5 included) on a temporary SQLite database in this process, makes an open 两推荐 with
one code per run, and drives headless Chromium (tests/bench/weak_signal.mjs) on slow 4G with the CPU slowed 4x:
each run is a new phone with an empty cache scanning a slip's QR. Prints per run the time to a usable ballot
(target <= 2,000 ms) and from confirming to the receipt (target <= 1,000 ms), then what the phone downloaded.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench.village import rural_branch  # noqa: E402


def open_session(codes_needed: int) -> list[str]:
    """A branch with ten applicants and mass representatives, and an open 两推荐 with one code per run."""
    from server.extensions import db
    from server.models import Person
    from server.services import codes, lifecycle, meetings

    principal, branch_id = rural_branch(members=15, mass_reps=max(30, codes_needed))
    applicants = [p.id for p in db.session.query(Person).filter_by(org_id=branch_id, status="applicant")]
    meeting = meetings.create_meeting(db.session, principal, org_id=branch_id, title="村党员和群众代表会议",
                                      kind="members_and_masses", starts_at=datetime.now(UTC))
    vote = meetings.create_session(db.session, principal, meeting.id, {
        "kind": "recommendation", "title": "推荐入党积极分子", "candidate_ids": applicants, "max_choices": 3})
    created, _ = codes.create_codes(db.session, principal, vote.id, "mass", codes_needed)
    lifecycle.open_session(db.session, principal, vote.id, None)
    db.session.commit()
    return created


def main() -> None:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    if not (ROOT / "h5" / "dist" / "index.html").exists():
        raise SystemExit("h5/dist is missing: run `make h5` first")
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from server import create_app

    database = Path(tempfile.mkdtemp()) / "weak_signal.sqlite3"
    app = create_app({"SKIP_ENV": True, "SECRET_KEY": "bench-secret-key-0123456789abcdef", "APP_ENV": "benchmark",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "REDIS_URL": None, "RQ_ASYNC": False,
                      "RATELIMIT_STORAGE_URI": "memory://", "PUBLIC_BASE_URL": "http://127.0.0.1:8767",
                      "DEMO_MODE": False, "TOKEN_MAX_AGE": 3600, "WECHAT_MP_APPID": "", "WECHAT_MP_SECRET": ""})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        codes = open_session(runs)
    server = make_server("127.0.0.1", 8767, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        output = subprocess.run(["node", str(ROOT / "tests/bench/weak_signal.mjs"), "http://127.0.0.1:8767", *codes],
                                capture_output=True, text=True, timeout=600, cwd=ROOT)
    finally:
        server.shutdown()
    if output.returncode:
        raise SystemExit(output.stdout + output.stderr)
    results = [json.loads(line) for line in output.stdout.splitlines() if line.startswith("{")]
    for number, r in enumerate(results, 1):
        print(f"run {number}      usable ballot {r['usable_ms']} ms, receipt {r['receipt_ms']} ms "
              f"(first load {r['first_load_requests']} requests, {r['first_load_bytes'] / 1024:.1f} KiB on the wire)")
    usable, receipt = [r["usable_ms"] for r in results], [r["receipt_ms"] for r in results]
    print(f"weak signal slow 4G + CPU 4x, {len(results)} phones: usable ballot median {statistics.median(usable):.0f} "
          f"ms max {max(usable)} ms (target <= 2000); receipt median {statistics.median(receipt):.0f} ms "
          f"max {max(receipt)} ms (target <= 1000)")
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    subprocess.run([sys.executable, str(ROOT / "tests/bench/bench_h5_bundle.py")], check=False)


if __name__ == "__main__":
    main()
