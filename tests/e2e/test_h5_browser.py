"""The H5 in a real browser: playwright-core drives Debian's Chromium against this app on a live port.

The browser tests themselves are JavaScript (h5/e2e/*.e2e.js, run by vitest); this test starts the server on
the suite's database, creates the first administrator, runs them and fails with their output if any fails.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from server.services import accounts as account_service

ROOT = Path(__file__).resolve().parents[2]
H5 = ROOT / "h5"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SHOTS = Path(os.environ.get("H5_SHOTS_DIR", ROOT / "h5" / "e2e-shots"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


HOOKS: dict = {}


@pytest.fixture
def moved_clock(monkeypatch):
    """The server's clock, which the browser tests may move forward by whole days (a publicity's period passing)
    through a small control server of this harness on its own port; the app itself has no such door."""
    import json
    import time

    from server import clock

    offset = {"days": 0}
    monkeypatch.setattr(clock, "timestamp", lambda: time.time() + offset["days"] * 86400)

    def control(environ, start_response):
        if environ["REQUEST_METHOD"] == "POST" and environ.get("PATH_INFO") == "/scan":
            offset["scanned"] = HOOKS["scan"]()  # the nightly criteria scan, now (the worker's job in production)
        elif environ["REQUEST_METHOD"] == "POST":
            offset["days"] = int(environ.get("PATH_INFO", "/0").strip("/") or 0)
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(offset).encode()]

    port = _free_port()
    server = make_server("127.0.0.1", port, control, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def live_server(make_app, moved_clock):
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    app = make_app(PUBLIC_BASE_URL=base_url, DEMO_MODE=True, H5_DIST=str(H5 / "dist"))
    with app.app_context():
        from server.extensions import db

        account_service.create_first_admin(db.session, org_name="e2e市", username="e2e_admin", password="E2e@admin2026")
        db.session.commit()
    def scan():
        from server.jobs.warnings import scan_criteria

        with app.app_context():
            return scan_criteria()

    HOOKS["scan"] = scan
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    thread.join(5)


@pytest.mark.slowest
def test_whole_meetings_and_a_notice_work_in_a_real_browser(live_server, moved_clock):
    assert shutil.which("node") and shutil.which("npx"), "Node.js 20 and npm are needed (make test installs the rest)"
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    assert (H5 / "dist" / "index.html").exists(), "h5/dist is missing: `make test` builds it (npm run build)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    # Beside other pytest workers (pytest -n) one file at a time leaves them a core; alone, two files at once.
    workers = os.environ.get("E2E_WORKERS") or ("1" if os.environ.get("PYTEST_XDIST_WORKER") else "2")
    env = {**os.environ, "E2E_WORKERS": workers, "E2E_BASE_URL": live_server, "NO_COLOR": "1", "ADMIN_USER": "e2e_admin",
           "ADMIN_PASSWORD": "E2e@admin2026", "CHROMIUM_PATH": CHROMIUM, "SHOTS_DIR": str(SHOTS), "CLOCK_URL": moved_clock}
    only = os.environ.get("H5_E2E_FILES", "").split()  # e.g. "console meeting": those files only, while working on them
    run = subprocess.run(["npx", "vitest", "run", "--config", "vitest.e2e.config.js", *only], cwd=H5, env=env,
                         capture_output=True, text=True, timeout=1800)
    print(run.stdout[-6000:])
    print(f"Screenshots of every page (phone and screen sizes): {SHOTS}")
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-4000:]
