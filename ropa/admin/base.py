"""The thin base every register admin shares: a reason on every write, the version on every form,
a history page.

Validation stays in the models; this layer only carries the reason and the version to them and shows their
messages where the DPO sees them.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ropa.access import history_visible
from ropa.history import set_reason
from ropa.models import RegisterModel, StaleVersionError
from ropa.record_history import HistoryEntry, record_history

from .access import OrganisationScoped
from .forms import REASON_FIELD, RegisterModelForm

VERSION_FIELD = "version"

admin.site.site_header = _("ropa — register of processing activities")
admin.site.site_title = _("ropa")
admin.site.index_title = _("Register of processing activities")


SAME_SAVE = dt.timedelta(seconds=2)


def group_by_save(entries: list[HistoryEntry]) -> list[dict]:
    """Consecutive history rows of one save (same user and reason, written within a moment) as one entry: the
    activity and its relation rows changed together read as one change, its when, who and why said once."""
    saves: list[dict] = []
    for entry in entries:
        last = saves[-1] if saves else None
        if (
            last
            and (last["user_id"], last["reason"]) == (entry.user_id, entry.reason)
            and abs(last["when"] - entry.when) <= SAME_SAVE
        ):
            last["entries"].append(entry)
            continue
        saves.append(
            {
                "when": entry.when,
                "user": entry.user,
                "user_id": entry.user_id,
                "reason": entry.reason,
                "entries": [entry],
            }
        )
    return saves


def deletion_reason(request: HttpRequest) -> str:
    """The reason typed on the delete confirmation, or a plain statement of who deleted in the admin."""
    reason = request.POST.get(REASON_FIELD, "").strip()
    return reason or _("Deleted in the admin by %(user)s") % {"user": request.user.get_username()}


class VersionFieldMixin:
    """Renders the optimistic-concurrency `version` as a hidden input (parent forms and inline rows alike);
    web addresses typed without a scheme are read as https."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == VERSION_FIELD:
            kwargs["widget"] = forms.HiddenInput
            return db_field.formfield(**kwargs)
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that labels a row's current choice from the related record loaded with the row, instead
    of one query per row and field (it falls back to the query for posted values it does not know)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preloaded: dict[str, str] = {}

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not selected or not selected <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for pk in sorted(selected):
            options.append(self.create_option(name, pk, self.preloaded[pk], True, len(options)))
        return [(None, options, 0)]


class RegisterInline(OrganisationScoped, VersionFieldMixin, admin.TabularInline):
    """An inline of a register relation: saved in the parent's request, so it carries the parent's reason.

    Its rows come with their autocompleted records (`select_related`), so the page's queries do not grow with
    the number of rows.
    """

    extra = 0
    show_change_link = False

    def get_fields(self, request: HttpRequest, obj=None) -> list:
        fields = [f for f in super().get_fields(request, obj) if f != VERSION_FIELD]
        if self.has_change_permission(request, obj) or self.has_add_permission(request, obj):
            fields.append(VERSION_FIELD)
        return fields

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related(*self.autocomplete_fields)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            db = kwargs.get("using")
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=db)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        names = list(self.get_autocomplete_fields(request))

        class PreloadedFormSet(formset):  # type: ignore[valid-type,misc]  # the formset class the admin built
            def _construct_form(self, i, **kw):
                form = super()._construct_form(i, **kw)
                for name in names:
                    field = form.fields.get(name)
                    widget = getattr(getattr(field, "widget", None), "widget", None)
                    related = getattr(form.instance, name, None) if form.instance.pk else None
                    if isinstance(widget, PreloadedAutocompleteSelect) and related is not None:
                        widget.preloaded = {str(related.pk): field.label_from_instance(related)}
                return form

        PreloadedFormSet.__name__ = formset.__name__
        return PreloadedFormSet


class RegisterStackedInline(RegisterInline):
    template = admin.StackedInline.template


class RegisterModelAdmin(OrganisationScoped, VersionFieldMixin, admin.ModelAdmin):
    """Base admin of every register model: reason required, stale saves refused, deletes explained,
    history shown."""

    form = RegisterModelForm
    object_history_template = "admin/ropa/object_history.html"
    delete_confirmation_template = "admin/ropa/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/ropa/delete_selected_confirmation.html"
    save_on_top = False

    # --- form layout: the reason and the hidden version come first in every editable form -------------

    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [f for f in options["fields"] if f not in (REASON_FIELD, VERSION_FIELD)]
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        editable = self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        if editable:
            fieldsets.insert(0, (_("Why"), {"fields": [REASON_FIELD, VERSION_FIELD]}))
        return fieldsets

    # --- writes ---------------------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: RegisterModel, form, change: bool) -> None:
        # The middleware opened the change context with the raw POST value; record the validated one.
        set_reason(form.cleaned_data.get(REASON_FIELD, ""))
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersionError as exc:
            # Someone saved between our form's clean() and the locked re-check in save(): nothing was written
            # (the admin's transaction rolled back), so send the DPO back to the current version.
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        if (
            request.method == "POST"
            and self.has_delete_permission(request)
            and not request.POST.get(REASON_FIELD, "").strip()
        ):
            self.message_user(
                request, _("Say why you are deleting this record; it is kept in the history."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request: HttpRequest, obj) -> None:
        set_reason(deletion_reason(request))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        set_reason(deletion_reason(request))
        super().delete_queryset(request, queryset)

    # --- history --------------------------------------------------------------------------------------

    def history_entries(self, object_id) -> list[HistoryEntry]:
        """The record's history, newest first (an activity's with its relations merged in)."""
        return record_history(self.model, object_id)

    def history_view(self, request, object_id, extra_context=None) -> HttpResponse:
        """The record's own history (who, when, why, what changed), shown also after a delete."""
        obj = self.get_object(request, unquote(object_id))
        if not (self.has_view_or_change_permission(request, obj) if obj else self.has_view_permission(request)):
            raise PermissionDenied
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError as exc:  # a malformed id is simply not found
            raise Http404 from exc
        # A deleted record's history is shown to the members of the organisation it belonged to (`ropa.access`).
        entries = self.history_entries(pk) if obj or history_visible(self.model, pk, request.user) else []
        if obj is None and not entries:
            raise Http404(_("No record and no history with this id."))
        label = str(obj) if obj else entries[0].object_label
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %s") % label,
            "subtitle": None,
            "entries": entries,
            "saves": group_by_save(entries),
            "object": obj,
            "object_label": label,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)


class ReadOnlyModelAdmin(OrganisationScoped, admin.ModelAdmin):
    """An admin that only lists and shows: records written once by the application, never by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


__all__ = [
    "ReadOnlyModelAdmin",
    "RegisterInline",
    "RegisterModelAdmin",
    "RegisterModelForm",
    "RegisterStackedInline",
]
