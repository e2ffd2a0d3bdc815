"""The production command (README: gunicorn with server.gunicorn_conf) is not stalled by slow clients: requests
whose bodies never finish hold a greenlet each, /healthz still answers, and a client silent for CLIENT_TIMEOUT is
dropped."""
from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
UNFINISHED = (b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: 1000\r\n\r\n{\"username\": \"a")  # 16 bytes of the 1000 announced


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def production_server(tmp_path):
    port = _free_port()
    env = {**os.environ, "APP_ENV": "development", "CLIENT_TIMEOUT": "3",
           "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'prod.db'}"}
    env.pop("REDIS_URL", None)
    command = [str(ROOT / ".venv/bin/gunicorn"), "-c", "python:server.gunicorn_conf", "--workers", "2",
               "--bind", f"127.0.0.1:{port}", "server:create_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"{base}/healthz", timeout=1)
            break
        except requests.RequestException:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail(server.stderr.read().decode()[-2000:])
    yield base, port
    server.terminate()
    server.wait(20)


def test_ten_unfinished_request_bodies_do_not_stall_two_workers(production_server):
    base, port = production_server
    slow = []
    for _ in range(10):  # more than the workers: a sync worker each would leave none for /healthz
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(UNFINISHED)
        slow.append(sock)
    time.sleep(0.5)
    try:
        for _ in range(5):
            assert requests.get(f"{base}/healthz", timeout=5).json()["database"] == "ok"
    finally:
        for sock in slow:
            sock.close()


def test_a_client_silent_in_the_middle_of_its_body_is_dropped(production_server):
    _, port = production_server
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(UNFINISHED)
    sock.settimeout(20)
    answer = sock.recv(4096)  # the server hangs up (or answers 400) once the client has been silent for 3 s
    sock.close()
    assert answer == b"" or answer.startswith(b"HTTP/1.1 400")
