"""Load test: gunicorn + PostgreSQL on loopback, N clients for S seconds, 70 % reads and 30 % writes through the API.

It creates a fresh PostgreSQL database (dropped first if it exists), migrates it, loads the demo register, creates a
DPO user with an API token, starts gunicorn on a free loopback port and runs the clients (threads, keep-alive
connections). Reads: the activity list (a page of 20) and one activity. Writes: each client creates its own third
party, then PATCHes its notes with If-Match (no client writes another's record, so no 412 is expected). At the end
it checks that there was no error (no status other than the expected ones, no connection failure) and that the
history holds exactly one row per successful write. Bounded: loopback only, at most 300 s, at most 100 clients.

    .venv/bin/python benchmarks/load_test.py [--clients 30] [--seconds 60] [--workers 5] \
        [--database-url postgres://postgres@127.0.0.1:5432/ropa_load]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Tally:
    reads: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=600
    )
    return result.stdout


SETUP = """
from django.contrib.auth.models import Group, User
from ropa.auth import issue_token
from ropa.models import ApiToken, Organisation
user = User.objects.create_user("load", is_staff=True)
user.groups.add(Group.objects.get(name="DPO"))
print(user.pk, Organisation.objects.first().pk, issue_token(ApiToken(user=user, name="load test")))
"""


def client(base: str, token: str, organisation: int, deadline: float, tally: Tally, seed: int, share: float):
    rng = random.Random(seed)
    host, port = base.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    def call(method: str, path: str, body=None, extra=None):
        data = json.dumps(body) if body is not None else None
        conn.request(method, path, body=data, headers={**headers, **(extra or {})})
        response = conn.getresponse()
        return response.status, response.getheader("ETag"), response.read()

    etag, party = None, None
    activity_ids: list[int] = []
    try:
        status, _, body = call("GET", f"/api/v1/activities/?organisation={organisation}&page_size=20")
        activity_ids = [a["id"] for a in json.loads(body)["results"]]
        while time.monotonic() < deadline:
            started = time.perf_counter()
            if rng.random() >= share:
                if rng.random() < 0.5:
                    status, _, _ = call("GET", f"/api/v1/activities/?organisation={organisation}&page_size=20")
                else:
                    status, _, _ = call("GET", f"/api/v1/activities/{rng.choice(activity_ids)}/")
                kind, expected = "reads", {200}
            elif party is None:
                status, etag, body = call(
                    "POST",
                    "/api/v1/third-parties/",
                    {
                        "name": f"Load vendor {seed}",
                        "legal_entity": f"Load vendor {seed} Ltd",
                        "country": "DE",
                        "default_role": "processor",
                    },
                    {"X-Change-Reason": "load test"},
                )
                party = json.loads(body)["id"] if status == 201 else None
                kind, expected = "writes", {201}
            else:
                status, etag, _ = call(
                    "PATCH",
                    f"/api/v1/third-parties/{party}/",
                    {"notes": f"n{rng.random()}"},
                    {"If-Match": etag or "", "X-Change-Reason": "load test"},
                )
                kind, expected = "writes", {200}
            elapsed = time.perf_counter() - started
            with tally.lock:
                if status in expected:
                    getattr(tally, kind).append(elapsed)
                else:
                    tally.errors.append(f"{kind} {status}")
    except Exception as exc:  # a connection failure is an error of the run, reported with the others
        with tally.lock:
            tally.errors.append(repr(exc))
    finally:
        conn.close()


def percentiles(values: list[float]) -> str:
    if not values:
        return "-"
    q = statistics.quantiles(values, n=100) if len(values) > 1 else values * 99
    return f"p50 {q[49] * 1000:6.1f} ms  p95 {q[94] * 1000:6.1f} ms  p99 {q[98] * 1000:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--write-share", type=float, default=0.3)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ropa_load")
    args = parser.parse_args()
    clients, seconds = min(args.clients, 100), min(args.seconds, 300)

    recreate_database(args.database_url)
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DEBUG": "0",
        "SECRET_KEY": "load-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "API_THROTTLE_USER": "1000000/minute",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_demo")
    user_id, organisation, token = manage(env, "shell", "--no-imports", "-c", SETUP).split()
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        tally = Tally()
        deadline = time.monotonic() + seconds
        threads = [
            threading.Thread(
                target=client,
                args=(f"127.0.0.1:{port}", token, int(organisation), deadline, tally, i, args.write_share),
            )
            for i in range(clients)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    import psycopg

    with psycopg.connect(args.database_url) as conn:
        history = conn.execute(
            "SELECT count(*) FROM ropa_historicalthirdparty WHERE history_user_id = %s", [int(user_id)]
        ).fetchone()[0]
    done = len(tally.reads) + len(tally.writes)
    print(f"{clients} clients, {seconds} s, {args.workers} gunicorn workers, PostgreSQL")
    print(
        f"requests {done} ({done / wall:.0f}/s)  reads {len(tally.reads)}  writes {len(tally.writes)}  "
        f"errors {len(tally.errors)}"
    )
    print(f"reads   {percentiles(tally.reads)}")
    print(f"writes  {percentiles(tally.writes)}")
    print(f"history rows by the load user {history}; successful writes {len(tally.writes)}")
    if tally.errors:
        print("first errors:", tally.errors[:10])
    ok = not tally.errors and history == len(tally.writes)
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
