"""Every write path records who and why; relation changes and deletions stay in history."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from ropa.history import NO_REASON, change_context
from ropa.models import ActivityDataCategory, DataCategory, ProcessingActivity, Recipient

from . import factories as f

pytestmark = pytest.mark.django_db


def test_change_context_records_user_and_reason():
    user = User.objects.create_user("alice")
    act = f.activity()
    act.name = "Renamed"
    with change_context("Annual review", user=user):
        act.save()
    row = act.history.first()
    assert (row.history_user, row.history_change_reason) == (user, "Annual review")


def test_write_outside_a_context_is_still_recorded_and_says_so():
    act = f.activity()
    act.name = "Renamed"
    act.save()
    assert act.history.first().history_change_reason == NO_REASON


def test_relation_changes_appear_in_history():
    act = f.complete_activity()
    use = ActivityDataCategory(activity=act, data_category=DataCategory.objects.get(key="online.ip_address"))
    f.save(use, reason="Logs contain IPs")
    recipient = Recipient.objects.get(activity=act)
    with change_context("Vendor dropped"):
        act.transfer_set.all().delete()
        recipient.delete()
    added = ActivityDataCategory.history.filter(activity_id=act.pk, history_type="+").order_by("history_id").last()
    removed = Recipient.history.filter(activity_id=act.pk, history_type="-").get()
    assert added.history_change_reason == "Logs contain IPs"
    assert removed.history_change_reason == "Vendor dropped"


def test_deleted_activity_keeps_its_history():
    act = f.complete_activity()
    pk = act.pk
    with change_context("Activity stopped"):
        act.delete()
    assert not ProcessingActivity.objects.filter(pk=pk).exists()
    rows = ProcessingActivity.history.filter(id=pk).order_by("history_id")
    assert next(r.history_type for r in rows) == "+" and rows.last().history_type == "-"
    assert rows.last().history_change_reason == "Activity stopped"
    assert ActivityDataCategory.history.filter(activity_id=pk, history_type="-").exists()


def test_seeded_catalogue_has_history_from_its_migration():
    row = DataCategory.history.filter(key="contact.email").get()
    assert row.history_type == "+" and "migration 0002" in row.history_change_reason


def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_register_shell_attributes_changes_to_user_and_reason():
    user = User.objects.create_user("bob")
    act = f.activity()
    call_command(
        "register_shell",
        user="bob",
        reason="Bulk fix of names",
        command=f"from ropa.models import ProcessingActivity as P; a = P.objects.get(pk={act.pk}); "
        "a.name = 'Fixed'; a.save()",
    )
    row = ProcessingActivity.history.filter(id=act.pk).first()
    assert (row.name, row.history_user, row.history_change_reason) == ("Fixed", user, "Bulk fix of names")


def test_register_shell_refuses_unknown_user():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user named 'ghost'"):
        call_command("register_shell", user="ghost", reason="x", command="pass")


def test_a_user_who_made_changes_cannot_be_deleted_so_history_keeps_its_author():
    from django.db.models import ProtectedError

    user = User.objects.create_user("carol")
    act = f.activity()
    act.name = "Renamed"
    with change_context("Review", user=user):
        act.save()
    from django.db import transaction

    with pytest.raises(ProtectedError, match="deactivate the account"), transaction.atomic():
        user.delete()
    assert act.history.first().history_user == user
    User.objects.create_user("dave").delete()  # no history: deleting is fine


def test_admin_refuses_to_delete_an_author_of_history(client, dpo):
    from django.urls import reverse

    client.force_login(User.objects.create_superuser("root", password="pw"))
    act = f.activity()
    act.name = "Renamed"
    with change_context("Review", user=dpo):
        act.save()
    url = reverse("admin:auth_user_delete", args=[dpo.pk])
    page = client.get(url).content.decode()
    assert "deactivate instead" in page
    client.post(url, {"post": "yes"})
    assert User.objects.filter(pk=dpo.pk).exists()
