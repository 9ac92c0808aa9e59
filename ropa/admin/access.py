"""Per-organisation access in the admin (`ropa.access`), as one mixin every register admin and inline shares."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_permission_codename
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from ropa.access import restrict
from ropa.models import Organisation


class OrganisationScoped:
    """Rows of the user's organisations only: lists, change, delete and history pages, autocompletes (they ask the
    related admin's `get_queryset`), the choices of a form's foreign keys and the list filters. Another
    organisation's record is a 404 like a record that does not exist; a change or delete needs the permission in
    the record's organisation (for an inline, the parent's)."""

    model: Any
    opts: Any

    def get_queryset(self, request: HttpRequest):
        return restrict(super().get_queryset(request), request.user)  # type: ignore[misc]

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "doesn't exist. Perhaps it was deleted?": a 404 instead, the same
        # for an id of another organisation as for an id nobody has.
        raise Http404(_("No %(name)s with this id.") % {"name": opts.verbose_name})

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and hasattr(field, "queryset"):
            # An organisation is offered where the user may add this kind of record; anything else where they see it.
            perm = self._perm("add") if db_field.related_model is Organisation else None
            field.queryset = restrict(field.queryset, request.user, perm)
        return field

    def get_list_filter(self, request: HttpRequest):
        """A filter on a related record lists only the records the page's rows name (not every organisation)."""
        scoped = []
        for item in super().get_list_filter(request):  # type: ignore[misc]
            if isinstance(item, str) and get_fields_from_path(self.model, item)[-1].is_relation:
                item = (item, admin.RelatedOnlyFieldListFilter)
            scoped.append(item)
        return scoped

    def _perm(self, action: str) -> str:
        return f"{self.opts.app_label}.{get_permission_codename(action, self.opts)}"

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is None:
            return super().has_view_permission(request, obj)  # type: ignore[misc]
        return request.user.has_perm(self._perm("view"), obj) or request.user.has_perm(self._perm("change"), obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)  # type: ignore[misc]
        return allowed and (obj is None or request.user.has_perm(self._perm("change"), obj))

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)  # type: ignore[misc]
        return allowed and (obj is None or request.user.has_perm(self._perm("delete"), obj))

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        # An inline's `obj` is its parent: adding a row needs the permission in the parent's organisation.
        allowed = super().has_add_permission(request, *args)  # type: ignore[misc]
        parent = args[0] if args else None
        return allowed and (parent is None or request.user.has_perm(self._perm("add"), parent))
