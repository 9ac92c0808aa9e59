"""Create the roles as Django groups: DPO (everything), Contributor (activities, not catalogues), Auditor (read)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from ropa.roles import ROLE_PERMISSIONS


def create_roles(apps, schema_editor):
    app_config = apps.get_app_config("ropa")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.set(permission_model.objects.filter(content_type__app_label="ropa", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("ropa", "0002_seed_catalogues"), ("auth", "0012_alter_user_first_name_max_length"),
                    ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
