"""The admin page that produces a register report, and the HTTP response every surface serves it with."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ropa.models import Organisation, RegisterExport
from ropa.roles import view_permission

from .exporters import get_exporter
from .forms import ExportForm
from .in_flight import ExportInFlight, one_export_at_a_time
from .service import NothingToReport, export_register, filename

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


def export_view(request: HttpRequest) -> HttpResponse:
    """Choose organisation, format, as-of and options (GET); produce and serve the report (POST)."""
    if not request.user.has_perm(view_permission(Organisation)):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = ExportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with one_export_at_a_time(request.user.pk):
                    export, content = export_register(
                        data["organisation"].pk,
                        data["format"],
                        as_of=data["as_of"],
                        include_retired=data["include_retired"],
                        user=request.user,
                        include_findings=data["include_findings"],
                    )
            except NothingToReport as exc:
                form.add_error("as_of", str(exc))
            except ExportInFlight as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                return file_response(export, content)
    else:
        form = ExportForm(
            initial={
                "organisation": request.GET.get("organisation") or None,
                "format": "pdf",
                "as_of": request.GET.get("as_of", ""),
            }
        )
    context = {
        **admin.site.each_context(request),
        "title": _("Export the register"),
        "form": form,
        "recent": RegisterExport.objects.select_related("organisation", "created_by")[:10],
    }
    return TemplateResponse(request, "ropa/reports/export_form.html", context, status=status)
