"""Admin pages of the register through time: as of a moment, changes between two, the audit trail.

Thin: each page validates its question with a form and renders what `cached_register`, `diff_register` or
`audit_trail` answer. Wrapped in `admin.site.admin_view` (login) by admin_urls; reading needs the
permission to view processing activities.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ropa.history import ACTIONS
from ropa.models import ProcessingActivity
from ropa.register.cache import cached_register
from ropa.reports.document import activity_doc
from ropa.roles import view_permission

from .audit import MODELS, audit_trail
from .diff import diff_register
from .forms import AsOfForm, AuditTrailForm, ChangesForm


def _allowed(request: HttpRequest) -> None:
    if not request.user.has_perm(view_permission(ProcessingActivity)):
        raise PermissionDenied(_("You need the permission to view processing activities."))


def _render(request: HttpRequest, template: str, title: str, **context) -> HttpResponse:
    return TemplateResponse(request, template, {**admin.site.each_context(request), "title": title, **context})


def register_as_of(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    form = AsOfForm(request.GET or None, user=request.user)
    register, activities = None, []
    if form.is_valid():
        register = cached_register(form.cleaned_data["organisation"].pk, as_of=form.cleaned_data["as_of"])
        # Each activity as the reports word it (labels, not stored keys), read from the same snapshot.
        activities = [activity_doc(a) for a in register.activities]
    return _render(
        request,
        "ropa/timeline/as_of.html",
        _("Register as of a date"),
        form=form,
        register=register,
        activities=activities,
    )


def register_changes(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    form = ChangesForm(request.GET or None, user=request.user)
    diff = None
    if form.is_valid():
        data = form.cleaned_data
        diff = diff_register(data["organisation"].pk, data["start"], data["end"])
    return _render(request, "ropa/timeline/changes.html", _("Changes between two dates"), form=form, diff=diff)


def audit_trail_view(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    form = AuditTrailForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        rows = audit_trail(
            models=[data["model"]] if data.get("model") else None,
            user_id=data["user"].pk if data.get("user") else None,
            record=data.get("object", ""),
            start=data.get("start"),
            end=data.get("end"),
            reason=data.get("reason", ""),
            user=request.user,
        )
        page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        for row in page.object_list:
            row["action"] = ACTIONS.get(row["history_type"], row["history_type"])
            row["model_name"] = MODELS[row["model_key"]]._meta.verbose_name
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "ropa/timeline/audit_trail.html",
        _("Audit trail"),
        form=form,
        page=page,
        query=query.urlencode(),
    )
