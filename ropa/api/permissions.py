"""API permissions are the Django model permissions the user's role grants: nothing is readable anonymously."""

from rest_framework.permissions import DjangoModelPermissions


class RegisterModelPermissions(DjangoModelPermissions):
    """Like DjangoModelPermissions, but reading needs the model's `view` permission too."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }
