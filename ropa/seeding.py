"""Writing seed data from data migrations with its history.

Migrations work on historical model states, where simple-history's signals do not fire, so the history rows are
written here explicitly: every seeded record gets a '+' row with the migration's reason.
"""

from __future__ import annotations

from django.utils import timezone

ROPA = "ropa"


def seed(apps, model_name: str, rows: list[dict], reason: str, key: str = "key") -> dict:
    """Create (or leave as they are) the rows of one model, writing a history row for each created one.

    Returns {key: instance} for every row, so later rows can refer to earlier ones (e.g. a parent category).
    """
    model = apps.get_model(ROPA, model_name)
    historical = apps.get_model(ROPA, f"Historical{model_name}")
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields]
    out = {}
    for data in rows:
        obj = model.objects.filter(**{key: data[key]}).first()
        if obj is None:
            obj = model.objects.create(version=1, **data)
            values = {f.attname: getattr(obj, f.attname) for f in fields}
            historical.objects.create(
                **values, history_date=now, history_type="+", history_change_reason=reason, history_user=None
            )
        out[data[key]] = obj
    return out


def amend(apps, model_name: str, changes: dict, reason: str, key: str = "key") -> int:
    """Change seeded rows in place ({key value: {field: value}}), writing a '~' history row for each row that
    actually changed, with its version moved on. Rows missing (deleted by the user) are left alone.

    Returns how many rows changed.
    """
    model = apps.get_model(ROPA, model_name)
    historical = apps.get_model(ROPA, f"Historical{model_name}")
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields]
    changed = 0
    for obj in model.objects.filter(**{f"{key}__in": list(changes)}):
        values = changes[getattr(obj, key)]
        if all(getattr(obj, name) == value for name, value in values.items()):
            continue
        # An update query, not save(): the same on a migration's model state and on the real model.
        model.objects.filter(pk=obj.pk).update(**values, version=obj.version + 1, updated_at=now)
        obj.refresh_from_db()
        row = {f.attname: getattr(obj, f.attname) for f in fields}
        historical.objects.create(
            **row, history_date=now, history_type="~", history_change_reason=reason, history_user=None
        )
        changed += 1
    return changed
