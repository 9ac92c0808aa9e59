"""The admin's import page: upload → preview (the dry run's report, a choice per unmapped value) → confirm."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ropa.models import Organisation

from .drafts import CREATABLE
from .forms import UploadForm, choices_from
from .permissions import can_import
from .service import import_register
from .staging import discard, stash, unstash

TEMPLATE = "ropa/importing/import.html"


def import_view(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST with a file: preview. POST with `step`: preview again with choices, or import."""
    if not can_import(request.user):
        raise PermissionDenied
    context = {**admin.site.each_context(request), "title": _("Import a register")}
    if request.method != "POST":
        return TemplateResponse(request, TEMPLATE, {**context, "form": UploadForm(user=request.user)})
    if "step" not in request.POST:
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return TemplateResponse(request, TEMPLATE, {**context, "form": form})
        upload = form.cleaned_data["file"]
        data = upload.read()
        return _preview(request, context, form.cleaned_data["organisation"], upload.name, data, {})
    return _staged(request, context)


def _staged(request: HttpRequest, context: dict) -> HttpResponse:
    post = request.POST
    organisation_id = post.get("organisation", "")
    mine = Organisation.objects.for_user(request.user, UploadForm.perm)
    organisation = mine.filter(pk=organisation_id).first() if organisation_id.isdigit() else None
    data = unstash(request.user.pk or 0, post.get("sha256", ""))
    name = post.get("name", "upload")[:200]
    if organisation is None or data is None:
        form = UploadForm(user=request.user)
        form.errors["file"] = form.error_class([_("The previewed file is no longer available: upload it again.")])
        return TemplateResponse(request, TEMPLATE, {**context, "form": form}, status=400)
    choices = choices_from(post)
    if post["step"] != "import":
        return _preview(request, context, organisation, name, data, choices)
    report = import_register(organisation, name, data, user=request.user, dry_run=False, choices=choices)
    if report.committed:
        discard(request.user.pk or 0, report.sha256)
    return TemplateResponse(
        request,
        TEMPLATE,
        {**context, **_report_context(report, organisation, name, choices)},
        status=200 if report.committed else 400,
    )


def _preview(request, context, organisation, name, data, choices) -> HttpResponse:
    report = import_register(organisation, name, data, user=request.user, dry_run=True, choices=choices)
    if not report.file_errors:
        stash(request.user.pk or 0, data)
    return TemplateResponse(
        request,
        TEMPLATE,
        {**context, **_report_context(report, organisation, name, choices)},
        status=400 if report.file_errors else 200,
    )


def _report_context(report, organisation, name, choices) -> dict:
    unmapped = []
    for n, value in enumerate(report.unmapped):
        chosen = choices.get(value["id"], "text")
        action, _sep, target = chosen.partition(":")
        unmapped.append({**value, "n": n, "action": action, "target": target, "creatable": value["kind"] in CREATABLE})
    return {"report": report, "organisation": organisation, "name": name, "unmapped": unmapped, "counts": report.counts}
