"""The throttles count in a cache every worker shares: two gunicorn workers on loopback answer a 10/minute
anonymous limit with exactly 10 answers, not 10 per worker."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def two_workers(tmp_path):
    """gunicorn with two workers on a loopback port, on a fresh SQLite file, DEBUG off."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": "test-only-" + "s" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "API_THROTTLE_ANON": "10/minute",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True, timeout=120)
    log = tmp_path / "access.log"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(log),
            "--access-logformat",
            "%(p)s %(U)s %(s)s",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if _status(f"{base}/health/") in (200, 503):  # answering (no migrations here: 503 for the job queue)
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.5)
        yield base, log
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_throttle_counts_are_shared_by_two_worker_processes(two_workers):
    base, log = two_workers
    statuses = [_status(f"{base}/api/v1/organisations/") for _ in range(30)]
    assert statuses.count(401) == 10, statuses
    assert statuses.count(429) == 20, statuses
    time.sleep(0.5)  # the access log is written after the answer
    answering = {m.group(1) for m in re.finditer(r"^<?(\d+)>? /api/v1/organisations/ \d+$", log.read_text(), re.M)}
    assert len(answering) == 2, "both workers must have answered for the test to show anything"
