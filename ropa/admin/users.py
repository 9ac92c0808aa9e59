"""Users in the admin: an account that appears in the register's history cannot be deleted, only deactivated."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from ropa.history import history_rows_by

admin.site.unregister(User)


@admin.register(User)
class RegisterUserAdmin(UserAdmin):
    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for user in objs:
            if models := history_rows_by(user):
                protected.append(f"{user}: author of changes to {', '.join(map(str, models))} — deactivate instead")
        return deleted, counts, perms_needed, protected
