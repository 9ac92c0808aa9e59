"""Producing a register report: the one function the admin, the API and the command call."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils import timezone

from ropa.models import Organisation, RegisterExport
from ropa.register import build_register

from .exporters import ExportContext, get_exporter

__all__ = ["export_register", "filename"]


def filename(export: RegisterExport) -> str:
    """A download name that says whose register, as of when, and which export entry it is."""
    when = (export.as_of or export.created_at).strftime("%Y%m%dT%H%M%S")
    return (
        f"register-{export.organisation_id}-{when}-export{export.pk}.{get_exporter(export.format).extension}"
    )


def export_register(
    organisation_id: int,
    fmt: str,
    as_of: dt.datetime | None = None,
    include_retired: bool = False,
    user=None,
    include_findings: bool = False,
) -> tuple[RegisterExport, bytes]:
    """Build the snapshot, render it in `fmt`, and record the export entry with the SHA-256 of the bytes.

    The entry is created before rendering, because the PDF and HTML print its id; its digest and size are
    stored once the bytes exist. If rendering fails the entry is removed, so every entry stands for a file
    that was served.
    `include_findings` appends the compliance findings annex, computed from the same snapshot, so it states
    the findings as of `as_of`. The export entry does not record it; the report itself says so.
    Raises Organisation.DoesNotExist for an unknown organisation and ValueError for an unknown format.
    """
    exporter = get_exporter(fmt)
    if not Organisation.objects.filter(pk=organisation_id).exists():
        raise Organisation.DoesNotExist(f"There is no organisation with id {organisation_id}.")
    register = build_register(organisation_id, as_of=as_of)
    user = user if getattr(user, "is_authenticated", False) else None
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
    )
    try:
        content = exporter.render(register, context)
    except BaseException:
        entry.delete()
        raise
    entry.sha256 = hashlib.sha256(content).hexdigest()
    entry.size = len(content)
    entry.save(update_fields=["sha256", "size"])
    return entry, content
