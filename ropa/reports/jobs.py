"""Register exports as background jobs: queued by the admin and the API, run by the job worker.

Django's tasks framework (the django-tasks backport) carries the job: `queue_export` records an `ExportJob` and
enqueues `run_export_job`; the database backend keeps the queue in PostgreSQL and `manage.py db_worker` runs it.
The job renders through `export_register` with the worker's time limit and stores the file through Django's
storage API in the transaction that records the export entry with its digest, so an entry exists only with its
digest and its file. A worker killed mid-render leaves its transaction uncommitted (no entry) and its job
`running`: once the time limit and a margin have passed, no live worker can still be rendering it, and the next
reader marks it failed (`fail_abandoned_jobs`).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from ropa.models import ExportJob, JobStatus, Organisation, RegisterExport
from ropa.models.base import history_of

from .exporters import get_exporter
from .service import NothingToReport, export_register, filename
from .timeout import RenderTimeout

__all__ = [
    "ABANDONED",
    "DUPLICATE",
    "fail_abandoned_jobs",
    "organisation_existed",
    "queue_export",
    "run_export_job",
]

logger = logging.getLogger(__name__)

ABANDONED = "The job worker stopped before the export was finished (restarted or killed); no file was kept. Ask again."
DUPLICATE = "This export is already queued; wait for it to finish before asking for it again."
FAILED = "The export failed; the server log has the details."


def abandoned_after() -> dt.timedelta:
    """How long after its start a running job has lost its worker (EXPORT_JOB_ABANDONED_AFTER): the render stops
    itself at EXPORT_JOB_TIMEOUT, and the default adds a minute for building the snapshot and storing the file."""
    return dt.timedelta(seconds=settings.EXPORT_JOB_ABANDONED_AFTER)


def fail_abandoned_jobs() -> int:
    """Mark failed every running job whose worker can no longer be rendering it; the number marked."""
    now = timezone.now()
    return ExportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - abandoned_after()).update(
        status=JobStatus.FAILED, finished_at=now, error=ABANDONED
    )


def request_key(organisation_id: int, fmt: str, as_of, include_retired: bool, include_findings: bool) -> str:
    when = as_of.isoformat() if as_of else "live"
    return f"{organisation_id}|{fmt}|{when}|{int(include_retired)}|{int(include_findings)}"


def organisation_existed(organisation_id: int, as_of: dt.datetime | None) -> bool:
    """Whether the organisation was in the register at `as_of` (live: it is), read from its history, so a job
    is refused at once for a date with nothing to report rather than failing in the worker."""
    if as_of is None:
        return True
    last = history_of(Organisation).filter(id=organisation_id, history_date__lte=as_of).order_by("-history_date")
    row = last.values_list("history_type", flat=True).first()
    return row is not None and row != "-"


def queue_export(
    organisation_id: int,
    fmt: str,
    user,
    as_of: dt.datetime | None = None,
    include_retired: bool = False,
    include_findings: bool = False,
) -> ExportJob:
    """Record the job and enqueue it. Raises `ValidationError` when the same person already has the same export
    pending or running, `NothingToReport` when the organisation did not exist yet at `as_of`."""
    exporter = get_exporter(fmt)
    if not organisation_existed(organisation_id, as_of):
        raise NothingToReport(
            f"The organisation was not yet in the register on {timezone.localtime(as_of):%Y-%m-%d %H:%M %Z}: "
            "there is nothing to report. Choose a later date."
        )
    fail_abandoned_jobs()
    job = ExportJob(
        organisation_id=organisation_id,
        format=exporter.identifier,
        as_of=as_of,
        include_retired=include_retired,
        include_findings=include_findings,
        requested_by=user,
        requested_at=timezone.now(),
        request_key=request_key(organisation_id, exporter.identifier, as_of, include_retired, include_findings),
    )
    job.full_clean()  # the one-active-job-per-request constraint answers a duplicate with its message
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:  # two submits raced past full_clean: the constraint decides
        raise ValidationError(DUPLICATE) from None
    result = run_export_job.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def _set_progress(job_id: int, percent: int) -> None:
    ExportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(progress=percent)


@task()
def run_export_job(job_id: int) -> str:
    """Render and store one queued export (run by the job worker). Returns the job's final status."""
    claimed = ExportJob.objects.filter(pk=job_id, status=JobStatus.PENDING).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress=5
    )
    if not claimed:  # already run, or failed meanwhile
        return "skipped"
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)

    def store(entry: RegisterExport, content: bytes) -> None:
        name = default_storage.save(f"exports/{entry.organisation_id}/{filename(entry)}", ContentFile(content))
        done = ExportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            status=JobStatus.COMPLETE, export=entry, file=name, progress=100, finished_at=timezone.now()
        )
        if not done:  # declared abandoned meanwhile: keep neither the entry nor the file
            default_storage.delete(name)
            raise RuntimeError(f"export job {job_id} was no longer running")

    try:
        export_register(
            job.organisation_id,
            job.format,
            as_of=job.as_of,
            include_retired=job.include_retired,
            user=job.requested_by,
            include_findings=job.include_findings,
            timeout=settings.EXPORT_JOB_TIMEOUT,
            on_snapshot=lambda: _set_progress(job_id, 40),
            on_rendered=store,
        )
    except Exception as exc:
        logger.exception("export job %s failed", job_id)
        message = str(exc) if isinstance(exc, NothingToReport | RenderTimeout) else FAILED
        ExportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), error=message[:500]
        )
        raise
    return JobStatus.COMPLETE.value


def check_job_queue() -> None:
    """Health probe: the queue's table answers (database backend) and the jobs' table too."""
    from django_tasks import task_backends

    backend = task_backends["default"]
    if type(backend).__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
    ExportJob.objects.exists()
