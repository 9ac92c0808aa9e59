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
from concurrent.futures import ThreadPoolExecutor
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
        # Both workers booted and answering before the test counts: on a loaded machine the second one can take
        # seconds more to start, and every request would then go to the first. Concurrent requests reach both.
        while len(_pids(log, "/health/")) < 2:
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(_status, [f"{base}/health/"] * 4))
            if time.monotonic() > deadline:
                raise RuntimeError("the second gunicorn worker never answered")
            time.sleep(0.2)
        yield base, log
    finally:
        server.terminate()
        server.wait(timeout=30)


def _pids(log, path: str) -> set[str]:
    """The worker processes that answered `path`, read from the access log."""
    text = log.read_text() if log.exists() else ""
    return {m.group(1) for m in re.finditer(rf"^<?(\d+)>? {re.escape(path)} \d+$", text, re.M)}


def test_throttle_counts_are_shared_by_two_worker_processes(two_workers):
    base, log = two_workers
    if time.time() % 60 > 45:  # counts are per minute window: start the 30 requests in a fresh one
        time.sleep(60 - time.time() % 60 + 0.1)
    statuses = [_status(f"{base}/api/v1/organisations/") for _ in range(30)]
    assert statuses.count(401) == 10, statuses
    assert statuses.count(429) == 20, statuses
    time.sleep(0.5)  # the access log is written after the answer
    answering = _pids(log, "/api/v1/organisations/")
    assert len(answering) == 2, "both workers must have answered for the test to show anything"
