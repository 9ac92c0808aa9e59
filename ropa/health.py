"""`GET /health/`: whether this server can do its work — for a load balancer or an orchestrator.

Each dependency is probed cheaply: the database (a trivial query), the cache (a write and a read: the throttles
need it), the file storage (exports are written there) and the job queue (background exports: its table). 200
when all answer, 503 otherwise, with one line per dependency and no detail an outsider could use.
No authentication: it reveals nothing of the register.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    key, value = "health-probe", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("cache did not return what was written")


def check_storage() -> None:
    default_storage.exists("health-probe")


def check_job_queue() -> None:
    from ropa.reports.jobs import check_job_queue as probe

    probe()


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "job_queue": check_job_queue,
}


def register_check(name: str, check: Callable[[], None]) -> None:
    """Let another part of the app (e.g. the job queue) add its probe."""
    CHECKS[name] = check


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure is the answer; the log keeps the detail
            logger.exception("health check %s failed", name)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    return results


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    healthy = all(v == "ok" for v in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results}, status=200 if healthy else 503
    )
