"""Who approved which version of the register, and what a report says about it (its sign-off block).

A version of the register is identified by its content digest: the SHA-256 of the report document of the live
register with the default options (retired activities left out, no findings annex) — the "Register content SHA-256"
a default live report prints. An approval records that digest, so a report can state truthfully whether the version
it shows is an approved one, rather than leaving blanks for a signature nobody recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ropa.models import RegisterApproval
from ropa.register import Register
from ropa.register.cache import cached_register

from .document import content_sha256, register_document

__all__ = ["ApprovalView", "approvals_for", "approve_register", "sign_off", "version_sha256"]


@dataclass(frozen=True)
class ApprovalView:
    approved_by: str
    role: str
    approved_at: dt.datetime
    register_sha256: str


def version_sha256(register: Register, document: dict[str, Any] | None = None) -> str:
    """The digest that names this version of the register, whatever moment it is read as of.

    `document` may be the default-options document of `register` when the caller already has it."""
    doc = document if document is not None else register_document(register)
    return content_sha256({**doc, "as_of": None, "status": {**doc["status"], "live": True}})


def approve_register(organisation_id: int, user: Any, role: str) -> RegisterApproval:
    """Record that `user` (a signed-in user), in `role`, approves the live register as it stands now (inside the
    caller's change context, which gives the history row its who and why). Raises ValidationError on a blank role."""
    with transaction.atomic():
        register = cached_register(organisation_id)
        approval = RegisterApproval(
            organisation_id=organisation_id,
            approved_by=user,
            approver_role=role.strip(),
            approved_at=timezone.now(),
            register_sha256=version_sha256(register),
        )
        approval.full_clean()
        approval.save()
    return approval


def approvals_for(organisation_id: int) -> tuple[ApprovalView, ...]:
    """Every recorded approval of the organisation's register, latest first (one query)."""
    rows = RegisterApproval.objects.filter(organisation_id=organisation_id).select_related("approved_by")
    return tuple(
        ApprovalView(
            approved_by=r.approved_by.get_full_name() or r.approved_by.get_username(),
            role=r.approver_role,
            approved_at=r.approved_at,
            register_sha256=r.register_sha256,
        )
        for r in rows
    )


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z")


def sign_off(approvals: tuple[ApprovalView, ...], version: str, moment: dt.datetime) -> dict[str, Any]:
    """The sign-off block of a report of the register version `version` as of `moment`.

    `approved` is True only when an approval recorded that very version; otherwise `statement` says plainly that
    this version is not approved, and names the last approval made up to `moment` if there is one."""
    match = next((a for a in approvals if a.register_sha256 == version), None)
    if match:
        return {
            "approved": True,
            "approved_by": match.approved_by,
            "role": match.role,
            "approved_at": match.approved_at.isoformat(),
            "statement": f"Approved by {match.approved_by} ({match.role}) on {_when(match.approved_at)}.",
        }
    earlier = next((a for a in approvals if a.approved_at <= moment), None)
    statement = "Not approved: no approval of this version of the register is recorded."
    if earlier:
        statement += (
            f" The last approval, by {earlier.approved_by} ({earlier.role}) on {_when(earlier.approved_at)},"
            " was of another version."
        )
    return {"approved": False, "approved_by": "", "role": "", "approved_at": None, "statement": statement}
