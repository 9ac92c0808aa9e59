"""Exports as background jobs: queued by the API (202 and a job URL) and the admin (the page shows the job and its
download), stored through Django's storage API with their digest, one at a time per request, failed jobs leave
no export entry. The jobs run in the request here (the immediate backend); `test_jobs_worker.py` runs the real
database worker as a process and kills it mid-render."""

from __future__ import annotations

import datetime as dt
import hashlib
import time

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from rest_framework.test import APIClient

from ropa.models import ExportJob, JobStatus, RegisterExport
from ropa.reports import jobs
from ropa.reports.exporters.pdf import PDFExporter

pytestmark = pytest.mark.django_db
EXPORT_URL = "/admin/register/export/"


@pytest.fixture
def queue_only(settings):
    """Jobs are queued and left pending (no worker runs them)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_post_answers_202_with_a_job_that_reports_its_download(auditor, demo):
    api = _api(auditor)
    response = api.post(f"/api/v1/organisations/{demo.org.pk}/register.pdf", {"include_retired": True}, format="json")
    assert response.status_code == 202
    queued = response.json()
    assert response["Location"] == queued["url"] and queued["url"].endswith(f"/api/v1/export-jobs/{queued['id']}/")

    job = api.get(queued["url"]).json()
    assert (job["status"], job["progress"], job["format"], job["include_retired"]) == ("complete", 100, "pdf", True)
    entry = RegisterExport.objects.get()
    assert (job["export_id"], job["sha256"], job["size"]) == (entry.pk, entry.sha256, entry.size)

    download = api.get(job["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content) if download.streaming else download.content
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == entry.sha256
    assert download["X-Register-Export-Id"] == str(entry.pk)
    stored = ExportJob.objects.get().file.name
    assert stored.startswith(f"exports/{demo.org.pk}/") and default_storage.exists(stored)
    assert (entry.created_by, entry.include_retired) == (auditor, True)


def test_a_pending_job_has_no_download_and_no_export_entry(auditor, demo, queue_only):
    api = _api(auditor)
    queued = api.post(f"/api/v1/organisations/{demo.org.pk}/register.xlsx").json()
    job = api.get(queued["url"]).json()
    assert (job["status"], job["progress"], job["download_url"], job["export_id"]) == ("pending", 0, None, None)
    assert api.get(f"/api/v1/export-jobs/{queued['id']}/file").status_code == 404
    assert not RegisterExport.objects.exists()


def test_the_same_export_while_one_is_pending_is_refused(auditor, dpo, demo, queue_only, client):
    api = _api(auditor)
    url = f"/api/v1/organisations/{demo.org.pk}/register.pdf"
    assert api.post(url).status_code == 202
    again = api.post(url)
    assert again.status_code == 409 and "already queued" in again.json()["detail"]
    # other options, another format or another person make another export
    assert api.post(url, {"include_retired": True}).status_code == 202
    assert api.post(f"/api/v1/organisations/{demo.org.pk}/register.json").status_code == 202
    assert _api(dpo).post(url).status_code == 202
    # the admin refuses it too, on the form
    client.force_login(auditor)
    page = client.post(EXPORT_URL, {"organisation": demo.org.pk, "format": "pdf"})
    assert page.status_code == 409 and "already queued" in str(page.context["form"].non_field_errors())
    assert ExportJob.objects.filter(requested_by=auditor).count() == 3
    # once the first has finished, the same export may be asked for again
    ExportJob.objects.filter(requested_by=auditor, format="pdf", include_retired=False).update(status=JobStatus.FAILED)
    assert api.post(url).status_code == 202


def test_the_database_refuses_a_duplicate_that_raced_past_validation(auditor, demo, queue_only):
    from django.db import IntegrityError, transaction

    first = jobs.queue_export(demo.org.pk, "pdf", auditor)
    twin = ExportJob(
        organisation=demo.org,
        format="pdf",
        requested_by=auditor,
        requested_at=timezone.now(),
        request_key=first.request_key,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_another_users_job_is_not_found(auditor, contributor, demo, queue_only):
    queued = _api(auditor).post(f"/api/v1/organisations/{demo.org.pk}/register.pdf").json()
    other = _api(contributor)
    assert other.get(queued["url"]).status_code == 404
    assert other.get(f"/api/v1/export-jobs/{queued['id']}/file").status_code == 404
    assert APIClient().get(queued["url"]).status_code in (401, 403)


def test_a_failed_render_leaves_a_failed_job_and_no_export_entry(auditor, demo, monkeypatch):
    def broken(self, register, context):
        assert RegisterExport.objects.filter(pk=context.export_id).exists()  # inside the transaction only
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(PDFExporter, "render", broken)
    api = _api(auditor)
    queued = api.post(f"/api/v1/organisations/{demo.org.pk}/register.pdf").json()
    job = api.get(queued["url"]).json()
    assert job["status"] == "failed" and job["error"] == jobs.FAILED and job["download_url"] is None
    assert not RegisterExport.objects.exists()


def test_a_render_beyond_the_job_time_limit_fails_the_job(auditor, demo, monkeypatch, settings):
    settings.EXPORT_JOB_TIMEOUT = 0.2

    def slow(self, register, context):
        time.sleep(5)
        return b"never"

    monkeypatch.setattr(PDFExporter, "render", slow)
    started = time.monotonic()
    queued = _api(auditor).post(f"/api/v1/organisations/{demo.org.pk}/register.pdf").json()
    assert time.monotonic() - started < 4
    job = ExportJob.objects.get(pk=queued["id"])
    assert job.status == JobStatus.FAILED and "longer than 0.2 s" in job.error
    assert not RegisterExport.objects.exists()


def test_a_synchronous_render_beyond_the_request_time_limit_is_a_json_503(auditor, demo, monkeypatch, settings):
    settings.EXPORT_REQUEST_TIMEOUT = 0.2
    monkeypatch.setattr(PDFExporter, "render", lambda self, register, context: time.sleep(5) or b"")
    response = _api(auditor).get(f"/api/v1/organisations/{demo.org.pk}/register.pdf")
    assert response.status_code == 503
    assert "POST to the same URL" in response.json()["detail"]
    assert not RegisterExport.objects.exists()


def test_a_job_whose_worker_vanished_is_failed_when_next_read(auditor, demo, queue_only, settings):
    api = _api(auditor)
    queued = api.post(f"/api/v1/organisations/{demo.org.pk}/register.pdf").json()
    long_ago = timezone.now() - dt.timedelta(seconds=settings.EXPORT_JOB_ABANDONED_AFTER + 1)
    ExportJob.objects.filter(pk=queued["id"]).update(status=JobStatus.RUNNING, started_at=long_ago, progress=40)
    job = api.get(queued["url"]).json()
    assert (job["status"], job["error"]) == ("failed", jobs.ABANDONED)
    # a job started within the time limit is left running
    recent = api.post(f"/api/v1/organisations/{demo.org.pk}/register.json").json()
    ExportJob.objects.filter(pk=recent["id"]).update(status=JobStatus.RUNNING, started_at=timezone.now())
    assert api.get(recent["url"]).json()["status"] == "running"


def test_as_of_before_the_organisation_existed_is_refused_before_queueing(auditor, demo):
    day = (demo.org.created_at - dt.timedelta(days=1)).date().isoformat()
    response = _api(auditor).post(f"/api/v1/organisations/{demo.org.pk}/register.pdf", {"as_of": day})
    assert response.status_code == 400 and "not yet in the register" in response.json()["as_of"][0]
    assert not ExportJob.objects.exists()


def test_admin_pdf_is_queued_and_the_page_shows_the_job_and_its_download(client, auditor, demo):
    client.force_login(auditor)
    response = client.post(EXPORT_URL, {"organisation": demo.org.pk, "format": "pdf", "include_findings": "on"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{EXPORT_URL}?job={job.pk}"
    page = client.get(response["Location"]).content.decode()
    assert 'id="export-jobs"' in page and "job-complete" in page
    download = f"/admin/register/export/jobs/{job.pk}/file"
    assert download in page
    served = client.get(download)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert hashlib.sha256(served.content).hexdigest() == RegisterExport.objects.get().sha256
    assert job.include_findings


def test_admin_page_refreshes_while_a_job_is_pending(client, auditor, demo, queue_only):
    client.force_login(auditor)
    client.post(EXPORT_URL, {"organisation": demo.org.pk, "format": "pdf"})
    page = client.get(EXPORT_URL).content.decode()
    assert 'http-equiv="refresh"' in page and "job-pending" in page
    ExportJob.objects.update(status=JobStatus.FAILED, error="stopped")
    assert 'http-equiv="refresh"' not in client.get(EXPORT_URL).content.decode()


def test_admin_page_queries_do_not_grow_with_the_jobs(client, auditor, demo, queue_only, django_assert_max_num_queries):
    client.force_login(auditor)
    for fmt in ["pdf", "xlsx", "csv", "json", "html"]:
        jobs.queue_export(demo.org.pk, fmt, auditor)
    with django_assert_max_num_queries(12):
        assert client.get(EXPORT_URL).status_code == 200


def test_job_endpoint_runs_a_constant_number_of_queries(auditor, demo, django_assert_max_num_queries):
    api = _api(auditor)
    queued = api.post(f"/api/v1/organisations/{demo.org.pk}/register.json").json()
    with django_assert_max_num_queries(4):
        assert api.get(queued["url"]).status_code == 200
