"""Producing a register report: the one function the admin, the API and the command call."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from ropa.checks.decisions import decisions_for
from ropa.models import Organisation, RegisterExport
from ropa.register.cache import cached_register

from .approval import approvals_for
from .exporters import ExportContext, get_exporter
from .timeout import time_limit

__all__ = ["NothingToReport", "export_register", "filename"]


class NothingToReport(ValueError):
    """The organisation did not exist at the as-of moment: there is no register to report, so no export is made
    (a document titled "no organisation" with an export number of its own would misstate the register)."""


def filename(export: RegisterExport) -> str:
    """A download name that says whose register, as of when, and which export entry it is."""
    when = (export.as_of or export.created_at).strftime("%Y%m%dT%H%M%S")
    return f"register-{export.organisation_id}-{when}-export{export.pk}.{get_exporter(export.format).extension}"


def export_register(
    organisation_id: int,
    fmt: str,
    as_of: dt.datetime | None = None,
    include_retired: bool = False,
    user=None,
    include_findings: bool = False,
    timeout: float | None = None,
    on_snapshot: Callable[[], None] | None = None,
    on_rendered: Callable[[RegisterExport, bytes], None] | None = None,
) -> tuple[RegisterExport, bytes]:
    """Build the snapshot, render it in `fmt`, and record the export entry with the SHA-256 of the bytes.

    The entry is created before rendering, because the PDF and HTML print its id; its digest and size are
    stored once the bytes exist, in the same transaction: no other connection ever sees an entry without its
    digest, and a process killed mid-render leaves none (its transaction is rolled back). If rendering fails
    the entry is rolled back too, so every entry stands for a file that was produced. `timeout` (seconds) stops
    the rendering with `RenderTimeout`. `on_snapshot` is called once the snapshot is built (outside the
    transaction, so a job's progress is visible); `on_rendered` inside the transaction, to store the file
    with its entry (a background job).
    `include_findings` appends the compliance findings annex, computed from the same snapshot, so it states
    the findings as of `as_of`. The export entry does not record it; the report itself says so.
    Raises Organisation.DoesNotExist for an unknown organisation, ValueError for an unknown format and
    `NothingToReport` (before any entry is written) when the organisation did not exist yet at `as_of`.
    """
    exporter = get_exporter(fmt)
    if not Organisation.objects.filter(pk=organisation_id).exists():
        raise Organisation.DoesNotExist(f"There is no organisation with id {organisation_id}.")
    register = cached_register(organisation_id, as_of=as_of)
    if register.organisation is None:
        raise NothingToReport(
            f"The organisation was not yet in the register on {timezone.localtime(as_of):%Y-%m-%d %H:%M %Z}: "
            "there is nothing to report. Choose a later date."
        )
    if include_findings:  # the annex compares the notice in force at that date too (ropa.checks.notice)
        from ropa.notice.compare import latest_notice, with_notice

        register = with_notice(register, latest_notice(organisation_id, register.effective_date))
    if on_snapshot:
        on_snapshot()
    user = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        entry = RegisterExport.objects.create(
            organisation_id=organisation_id,
            format=exporter.identifier,
            as_of=as_of,
            include_retired=include_retired,
            created_at=register.generated_at or timezone.now(),
            created_by=user,
        )
        context = ExportContext(
            export_id=entry.pk,
            generated_at=entry.created_at,
            generated_by=user.get_username() if user else "",
            include_retired=include_retired,
            register=register,
            include_findings=include_findings,
            finding_decisions=decisions_for(organisation_id, as_of) if include_findings else {},
            approvals=approvals_for(organisation_id),
        )
        with time_limit(timeout):
            content = exporter.render(register, context)
        entry.sha256 = hashlib.sha256(content).hexdigest()
        entry.size = len(content)
        entry.save(update_fields=["sha256", "size"])
        if on_rendered:
            on_rendered(entry, content)
        return entry, content
