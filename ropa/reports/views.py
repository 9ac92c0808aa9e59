"""The admin page that produces a register report (a PDF as a background job, the other formats at once), and the
HTTP response every surface serves it with."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ropa.access import restrict
from ropa.history import change_context
from ropa.ids import as_id
from ropa.models import ExportJob, Organisation, RegisterApproval, RegisterExport
from ropa.register.cache import cached_register
from ropa.roles import view_permission

from .approval import approvals_for, approve_register, sign_off, version_sha256
from .exporters import get_exporter
from .forms import ApprovalForm, ExportForm
from .in_flight import ExportInFlight, one_export_at_a_time
from .jobs import fail_abandoned_jobs, queue_export
from .service import NothingToReport, export_register, filename
from .timeout import RenderTimeout

# Formats rendered by the job worker from the admin; the others are small and fast enough to serve at once.
BACKGROUND_FORMATS = {"pdf"}

# A report is a document, not an application: in the browser it may style itself and nothing else.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def file_response(export: RegisterExport, content: bytes, attachment: bool | None = None) -> HttpResponse:
    """The report bytes exactly as hashed, with the export entry's id and digest in headers."""
    exporter = get_exporter(export.format)
    response = HttpResponse(content, content_type=exporter.content_type)
    disposition = "attachment" if (attachment if attachment is not None else not exporter.inline) else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename(export)}"'
    response["Content-Length"] = str(len(content))
    response["X-Register-Export-Id"] = str(export.pk)
    response["X-Register-Export-SHA256"] = export.sha256
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = REPORT_CSP
    return response


def visible_job(user, job_id: int) -> ExportJob:
    """The job if `user` asked for it (a superuser sees every job) and may still read the register; else 404."""
    number = as_id(job_id)
    if not number or number < 0 or not user.has_perm(view_permission(Organisation)):
        raise Http404("No such export job.")
    jobs = restrict(ExportJob.objects.select_related("export", "organisation"), user, view_permission(Organisation))
    if not user.is_superuser:
        jobs = jobs.filter(requested_by_id=user.pk)
    job = jobs.filter(pk=number).first()
    if job is None:
        raise Http404("No such export job.")
    return job


def job_file_view(request: HttpRequest, job_id: int) -> HttpResponse:
    """The stored file of one of the user's complete export jobs (admin)."""
    job = visible_job(request.user, job_id)
    if job.export is None or not job.file:
        raise Http404("The export is not ready.")
    with default_storage.open(str(job.file.name), "rb") as stored:
        return file_response(job.export, stored.read())


def _produce(request: HttpRequest, form: ExportForm) -> tuple[HttpResponse | None, int]:
    """Queue the job (PDF) or render at once: the response, or None and the page's status when the form got an
    error. A duplicate submit is refused either way: a queued job by its constraint, a render in the request by
    the user's in-flight marker (`in_flight.py`)."""
    data = form.cleaned_data
    options = {
        "as_of": data["as_of"],
        "include_retired": data["include_retired"],
        "include_findings": data["include_findings"],
    }
    try:
        if data["format"] in BACKGROUND_FORMATS:
            job = queue_export(data["organisation"].pk, data["format"], request.user, **options)
            return HttpResponseRedirect(f"{reverse('register-export')}?job={job.pk}"), 302
        with one_export_at_a_time(request.user.pk):
            export, content = export_register(
                data["organisation"].pk,
                data["format"],
                user=request.user,
                timeout=settings.EXPORT_REQUEST_TIMEOUT,
                **options,
            )
    except NothingToReport as exc:
        form.add_error("as_of", str(exc))
    except (ValidationError, ExportInFlight) as exc:  # the same export already queued, or still rendering
        form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        return None, 409
    except RenderTimeout as exc:
        form.add_error(None, str(exc))
        return None, 503
    else:
        return file_response(export, content), 200
    return None, 200


def export_view(request: HttpRequest) -> HttpResponse:
    """Choose organisation, format, as-of and options (GET); produce the report (POST): a PDF is queued as a job
    and the page lists the user's jobs with their download once ready, the other formats are served at once."""
    if not request.user.has_perm(view_permission(Organisation)):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = ExportForm(request.POST, user=request.user)
        if form.is_valid():
            response, status = _produce(request, form)
            if response is not None:
                return response
    else:
        form = ExportForm(
            user=request.user,
            initial={
                "organisation": request.GET.get("organisation") or None,
                "format": "pdf",
                "as_of": request.GET.get("as_of", ""),
            },
        )
    fail_abandoned_jobs()
    mine = restrict(
        ExportJob.objects.filter(requested_by_id=request.user.pk), request.user, view_permission(Organisation)
    )
    jobs = list(mine.select_related("organisation", "export")[:10])
    context = {
        **admin.site.each_context(request),
        "title": _("Export the register"),
        "form": form,
        "jobs": jobs,
        "jobs_active": any(job.active for job in jobs),
        "recent": restrict(RegisterExport.objects.select_related("organisation", "created_by"), request.user)[:10],
    }
    return TemplateResponse(request, "ropa/reports/export_form.html", context, status=status)


def approve_view(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Approve the live register of one organisation as it stands (POST), after seeing its version (GET)."""
    if not request.user.has_perm("ropa.add_registerapproval"):
        raise PermissionDenied
    # Only an organisation where the user may approve; another one's, like a missing one, is not found.
    organisation = get_object_or_404(
        restrict(Organisation.objects.all(), request.user, "ropa.add_registerapproval"), pk=organisation_id
    )
    if request.method == "POST":
        form = ApprovalForm(request.POST)
        if form.is_valid():
            with change_context(_("Register approved"), user=request.user, request=request):
                approve_register(organisation.pk, request.user, form.cleaned_data["approver_role"])
            messages.success(request, _("The register as it stands now is recorded as approved."))
            return HttpResponseRedirect(reverse("admin:ropa_organisation_change", args=[organisation.pk]))
    else:
        form = ApprovalForm()
    version = version_sha256(cached_register(organisation.pk))
    context = {
        **admin.site.each_context(request),
        "title": _("Approve the register of %(organisation)s") % {"organisation": organisation},
        "organisation": organisation,
        "form": form,
        "version": version,
        "state": sign_off(approvals_for(organisation.pk), version, timezone.now()),
        "opts": RegisterApproval._meta,
    }
    return TemplateResponse(request, "ropa/reports/approve_form.html", context)
