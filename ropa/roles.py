"""The roles of the register as Django permission sets; migrations turn them into groups.

- DPO: everything.
- Contributor: edits processing activities and their relations, adds and edits third parties, marks activities
  reviewed; reads the rest (decisions on findings are the DPO's).
- Auditor: reads everything, history and exports included; changes nothing.

The API asks for these permissions through DRF's model permissions (`ropa.api.permissions`); the admin pages that
are not a model's ask `view_permission(model)`.
"""

from typing import Any

from django.contrib.auth import get_permission_codename

from ropa.choices import Role
from ropa.models import ACTIVITY_RELATIONS

DPO: str = Role.DPO.value
CONTRIBUTOR: str = Role.CONTRIBUTOR.value
AUDITOR: str = Role.AUDITOR.value

CATALOGUES = ["datacategory", "datasubjectcategory", "purpose", "securitymeasure", "adequacydecision"]
PARTIES = ["organisation", "thirdparty"]
# Who works on which organisation, in which role (`ropa.access`): the DPO manages them, everyone may read them.
ACCESS = ["membership"]
ACTIVITY = ["processingactivity", *(model._meta.model_name for model in ACTIVITY_RELATIONS)]
# The DPO's work on the register: decisions on findings, review cadence, reviews done, approvals of the register.
WORKFLOW = ["findingdecision", "reviewpolicy", "activityreview", "registerapproval"]
# The published privacy notices, compared with the register (ropa.notice).
NOTICES = ["privacynotice"]
REGISTER = CATALOGUES + PARTIES + ACCESS + ACTIVITY + WORKFLOW + NOTICES
HISTORICAL = [f"historical{m}" for m in REGISTER]
READ_ONLY = ["registerexport"]


def _perms(actions: list[str], models: list[Any]) -> list[str]:
    return [f"{a}_{m}" for m in models for a in actions]


VIEW_ALL = _perms(["view"], REGISTER + HISTORICAL + READ_ONLY)

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # The DPO also issues API tokens to integration users and revokes them (a token is never edited).
    DPO: VIEW_ALL + _perms(["add", "change", "delete"], REGISTER) + _perms(["view", "add", "delete"], ["apitoken"]),
    CONTRIBUTOR: VIEW_ALL
    + _perms(["add", "change", "delete"], ACTIVITY)
    + _perms(["add", "change"], ["thirdparty"])
    + _perms(["add"], ["activityreview"]),
    AUDITOR: VIEW_ALL,
}


def view_permission(model) -> str:
    """The permission to read `model`, as `user.has_perm` takes it (`ropa.view_processingactivity`)."""
    return f"{model._meta.app_label}.{get_permission_codename('view', model._meta)}"
