"""The findings dashboard in the admin: pick an organisation, see its gaps by severity, rule and record."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ropa.forms import AsOfField
from ropa.models import Organisation, ProcessingActivity
from ropa.register import build_register
from ropa.roles import view_permission

from .engine import run_checks
from .links import change_url
from .registry import RULES
from .report import group_findings


def dashboard(request: HttpRequest) -> HttpResponse:
    """Findings of one organisation (the only one, or the one picked), live or `?as_of=`."""
    if not request.user.has_perm(view_permission(ProcessingActivity)):
        raise PermissionDenied
    organisations = list(Organisation.objects.order_by("name").values("id", "name"))
    context = {**admin.site.each_context(request), "title": _("Compliance findings"),
               "organisations": organisations, "rules": RULES.values(), "errors": []}
    only = str(organisations[0]["id"]) if len(organisations) == 1 else ""
    picked = request.GET.get("organisation") or only
    as_of_text = request.GET.get("as_of", "").strip()
    try:
        as_of = AsOfField(required=False).clean(as_of_text)
    except ValidationError as exc:
        as_of = None
        context["errors"].extend(exc.messages)
    org_ids = {str(o["id"]) for o in organisations}
    if picked and picked not in org_ids:
        context["errors"].append(_("Unknown organisation: pick one from the list."))
        picked = ""
    context.update(picked=picked, as_of_text=as_of_text)
    if picked and not context["errors"]:
        register = build_register(int(picked), as_of=as_of)
        findings = run_checks(register)
        url_of = {id(f): change_url(f) for f in findings}
        groups = group_findings(findings)
        context.update(
            register=register,
            findings=[(f, url_of[id(f)]) for f in findings],
            groups=groups,
            records=[(kind, name, [(f, url_of[id(f)]) for f in fs]) for kind, name, fs in groups.by_record],
        )
    return render(request, "ropa/checks/dashboard.html", context)
