"""The "Export register" action of the organisation changelist (wired in OrganisationAdmin.actions)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ropa.models import Organisation
from ropa.roles import view_permission

from .jobs import queue_export

ACTION_FORMAT = "pdf"


@admin.action(description=_("Export register (PDF)"), permissions=["view"])
def export_register_action(modeladmin, request, queryset) -> HttpResponseRedirect:
    """Queue one PDF export job per selected organisation, each with its own export entry once rendered, and show
    them on the export page, which offers each download when it is ready."""
    if not request.user.has_perm(view_permission(Organisation)):
        raise PermissionDenied
    queued = 0
    for organisation in queryset.order_by("pk"):
        try:
            queue_export(organisation.pk, ACTION_FORMAT, request.user)
        except ValidationError as exc:  # the same export is already queued
            modeladmin.message_user(request, f"{organisation}: {' '.join(exc.messages)}", messages.WARNING)
        else:
            queued += 1
    if queued:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d register export queued: its PDF appears below when ready.",
                "%(count)d register exports queued: their PDFs appear below when ready.",
                queued,
            )
            % {"count": queued},
            messages.SUCCESS,
        )
    return HttpResponseRedirect(reverse("register-export"))
