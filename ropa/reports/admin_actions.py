"""The "Export register" action of the organisation changelist (wired in OrganisationAdmin.actions)."""

from __future__ import annotations

import io
import zipfile

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from ropa.models import Organisation
from ropa.roles import view_permission

from .service import export_register, filename
from .views import file_response

ACTION_FORMAT = "pdf"


@admin.action(description=_("Export register (PDF)"), permissions=["view"])
def export_register_action(modeladmin, request, queryset) -> HttpResponse:
    """One organisation: its register as PDF. Several: a ZIP of their PDFs, each with its own export entry."""
    if not request.user.has_perm(view_permission(Organisation)):
        raise PermissionDenied
    organisations = list(queryset.order_by("pk"))
    if len(organisations) == 1:
        export, content = export_register(organisations[0].pk, ACTION_FORMAT, user=request.user)
        return file_response(export, content)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for organisation in organisations:
            export, content = export_register(organisation.pk, ACTION_FORMAT, user=request.user)
            archive.writestr(filename(export), content)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="registers.zip"'
    return response
