"""API permissions are the Django model permissions the user's role grants: nothing is readable anonymously.

A role held in one organisation only (`ropa.access`) is checked on the record: changing or deleting it needs the
permission in the record's organisation. Which records exist for the user at all is the views' queryset
(`ropa.access.restrict`): another organisation's record is a 404 before this is asked."""

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions


class RegisterModelPermissions(DjangoModelPermissions):
    """Like DjangoModelPermissions, but reading needs the model's `view` permission too, and a write to one record
    needs the permission in that record's organisation."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return request.user.has_perms(self.get_required_permissions(request.method, type(obj)), obj)
