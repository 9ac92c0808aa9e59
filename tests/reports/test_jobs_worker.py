"""The real job worker (`manage.py db_worker`, django-tasks' database backend) as a process on a SQLite file: it
runs a queued export to completion, and when killed mid-render it leaves a failed job and no export entry — not
an entry without its digest, and no file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.slow

QUEUE = """
from django.contrib.auth.models import User
from ropa.models import Organisation
from ropa.reports.jobs import queue_export
user = User.objects.get_or_create(username="exporter", defaults={"is_superuser": True, "is_staff": True})[0]
print(queue_export(Organisation.objects.get().pk, "pdf", user, include_findings=True, include_retired=RETIRED).pk)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated SQLite file with the demo register, and the environment of a deployment with a job worker."""
    tmp = tmp_path_factory.mktemp("worker")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": str(tmp / "media"),
        "DEBUG": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for command in (["migrate", "-v0"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
            stdout=subprocess.DEVNULL,
        )
    return tmp, env


def _queue(env, retired: bool) -> int:
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", QUEUE.replace("RETIRED", str(retired))],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def _rows(tmp: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(tmp / "db.sqlite3", timeout=30) as db:
        return db.execute(sql, params).fetchall()


def _job(tmp: Path, job_id: int) -> tuple:
    return _rows(tmp, "SELECT status, progress, export_id, file, error FROM ropa_exportjob WHERE id = ?", job_id)[0]


def _worker(env, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_the_worker_runs_a_queued_export_to_its_stored_file(site):
    tmp, env = site
    job_id = _queue(env, retired=False)
    assert _job(tmp, job_id)[:3] == ("pending", 0, None)
    _worker(env, "--batch").wait(timeout=300)
    status, progress, export_id, file, _ = _job(tmp, job_id)
    assert (status, progress) == ("complete", 100)
    sha256, size = _rows(tmp, "SELECT sha256, size FROM ropa_registerexport WHERE id = ?", export_id)[0]
    content = (tmp / "media" / file).read_bytes()
    assert len(content) == size and content.startswith(b"%PDF") and len(sha256) == 64


def test_a_worker_killed_mid_render_leaves_a_failed_job_and_no_entry(site):
    tmp, env = site
    entries_before = _rows(tmp, "SELECT id FROM ropa_registerexport")
    files_before = set((tmp / "media").rglob("*.pdf"))
    job_id = _queue(env, retired=True)
    worker = _worker(env)
    try:
        deadline = time.monotonic() + 240
        while _job(tmp, job_id)[:2] != ("running", 40):  # the snapshot is built: the PDF is rendering
            assert time.monotonic() < deadline and worker.poll() is None, _job(tmp, job_id)
            time.sleep(0.05)
        time.sleep(0.3)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    # the render's transaction died with the worker: no entry, with or without a digest, and no file
    assert _rows(tmp, "SELECT id FROM ropa_registerexport") == entries_before
    assert set((tmp / "media").rglob("*.pdf")) == files_before
    assert _job(tmp, job_id)[:3] == ("running", 40, None)

    # the next reader, once no live worker can still be rendering it, marks the job failed
    reader = {**env, "EXPORT_JOB_ABANDONED_AFTER": "0"}
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from ropa.reports.jobs import fail_abandoned_jobs as f; f()"],
        cwd=ROOT,
        env=reader,
        check=True,
        timeout=120,
    )
    status, _, export_id, file, error = _job(tmp, job_id)
    assert (status, export_id, file) == ("failed", None, "")
    assert "worker stopped before the export was finished" in error
    assert not _rows(tmp, "SELECT id FROM ropa_registerexport WHERE sha256 = ''")
