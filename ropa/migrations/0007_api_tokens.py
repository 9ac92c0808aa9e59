"""Named, hashed, expiring API tokens (django-rest-knox), which the DPO role may issue and revoke."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.conf import settings
from django.db import migrations, models


TOKEN_PERMISSIONS = ["view_apitoken", "add_apitoken", "delete_apitoken"]


def grant_tokens_to_dpo(apps, schema_editor):
    app_config = apps.get_app_config("ropa")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name="DPO").first()
    if group is not None:
        permission_model = apps.get_model("auth", "Permission")
        group.permissions.add(*permission_model.objects.filter(content_type__app_label="ropa",
                                                               codename__in=TOKEN_PERMISSIONS))


class Migration(migrations.Migration):

    dependencies = [
        ('ropa', '0006_adequacy_scope_and_dpo_designation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('digest', models.CharField(max_length=128, primary_key=True, serialize=False)),
                ('token_key', models.CharField(db_index=True, max_length=25)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('expiry', models.DateTimeField(blank=True, null=True)),
                ('name', models.CharField(help_text='What uses it, e.g. “vendor-management sync”.', max_length=100, verbose_name='name')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='issued by')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='auth_token_set', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'API token',
                'verbose_name_plural': 'API tokens',
                'ordering': ['user', 'name'],
                'constraints': [models.UniqueConstraint(fields=('user', 'name'), name='apitoken_unique_name_per_user')],
            },
        ),
        migrations.RunPython(grant_tokens_to_dpo, migrations.RunPython.noop),
    ]
