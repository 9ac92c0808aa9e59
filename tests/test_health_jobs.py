"""`/health/` includes the job queue: 200 when its table answers, 503 naming it when it does not."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_health_reports_the_job_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "storage": "ok", "job_queue": "ok"}


def test_health_is_503_when_the_job_queue_is_unreachable(settings):
    settings.TASKS = DATABASE_QUEUE

    def refuse_the_queue(execute, sql, params, many, context):
        if "dbtaskresult" in sql:
            raise OperationalError("no such table: django_tasks_database_dbtaskresult")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_the_queue):
        response = Client().get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"] == {"database": "ok", "cache": "ok", "storage": "ok", "job_queue": "unavailable"}
