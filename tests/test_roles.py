"""Roles in the admin: the Auditor reads everything (history included) and changes nothing; the Contributor
edits activities but not catalogues; nobody reads anything without logging in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from ropa.models import DataCategory, ThirdParty
from ropa.roles import AUDITOR, CONTRIBUTOR, DPO, ROLE_PERMISSIONS
from tests import factories
from tests.test_admin import form_data, register_data, url

pytestmark = pytest.mark.django_db

MODELS = [
    "processingactivity",
    "organisation",
    "thirdparty",
    "datacategory",
    "datasubjectcategory",
    "purpose",
    "securitymeasure",
    "adequacydecision",
    "registerexport",
]


def test_the_three_roles_exist_with_their_permissions():
    for role in (DPO, CONTRIBUTOR, AUDITOR):
        group = Group.objects.get(name=role)
        assert set(group.permissions.values_list("codename", flat=True)) == set(ROLE_PERMISSIONS[role])


def test_anonymous_users_are_sent_to_the_login_page(client):
    _, act = register_data()
    for path in (
        url("processingactivity", "changelist"),
        url("processingactivity", "change", act.pk),
        url("processingactivity", "history", act.pk),
        url("processingactivity", "add"),
        url("datacategory", "changelist"),
        url("registerexport", "changelist"),
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/"), path
    response = client.post(url("processingactivity", "change", act.pk), {"name": "x", "change_reason": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    act.refresh_from_db()
    assert act.name != "x"


def test_auditor_reads_every_list_and_record_and_history_read_only(client, auditor):
    register_data()
    client.force_login(auditor)
    for name in MODELS:
        listing = client.get(url(name, "changelist"))
        assert listing.status_code == 200, name
        obj = listing.context["cl"].result_list[0]
        change = client.get(url(name, "change", obj.pk))
        assert change.status_code == 200, name
        html = change.content.decode()
        assert 'name="_save"' not in html, name
        assert 'name="change_reason"' not in html, name
        if name != "registerexport":
            assert client.get(url(name, "history", obj.pk)).status_code == 200, name
        assert client.get(url(name, "add")).status_code == 403, name
        assert client.get(url(name, "delete", obj.pk)).status_code == 403, name


def test_auditor_cannot_change_or_delete_an_activity(client, auditor):
    act = factories.complete_activity(name="Kept")
    client.force_login(auditor)
    response = client.post(
        url("processingactivity", "change", act.pk),
        {"name": "Changed", "change_reason": "try", "version": act.version},
    )
    assert response.status_code == 403
    assert (
        client.post(url("processingactivity", "delete", act.pk), {"post": "yes", "change_reason": "try"}).status_code
        == 403
    )
    act.refresh_from_db()
    assert act.name == "Kept"
    history = client.get(url("processingactivity", "history", act.pk))
    assert "Recipient added" in history.content.decode()


def test_contributor_changes_an_activity_and_the_history_names_them(client, contributor):
    act = factories.complete_activity(name="Support")
    client.force_login(contributor)
    response = client.get(url("processingactivity", "change", act.pk))
    assert 'name="_save"' in response.content.decode()
    response = client.post(
        url("processingactivity", "change", act.pk),
        form_data(response, name="Customer support", change_reason="Renamed by the team"),
    )
    assert response.status_code == 302
    act.refresh_from_db()
    assert act.name == "Customer support"
    latest = act.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (contributor, "Renamed by the team")


def test_contributor_cannot_change_catalogues(client, contributor, dpo_client):
    category = DataCategory.objects.get(key="contact.email")
    dpo_form = form_data(dpo_client.get(url("datacategory", "change", category.pk)), name="Hacked", change_reason="try")
    client.force_login(contributor)
    assert client.get(url("datacategory", "change", category.pk)).status_code == 200  # read-only view
    assert client.post(url("datacategory", "change", category.pk), dpo_form).status_code == 403
    assert client.get(url("datacategory", "add")).status_code == 403
    assert (
        client.post(url("datacategory", "delete", category.pk), {"post": "yes", "change_reason": "try"}).status_code
        == 403
    )
    category.refresh_from_db()
    assert category.name != "Hacked"


def test_contributor_adds_a_third_party_but_cannot_delete_one(client, contributor):
    client.force_login(contributor)
    response = client.get(url("thirdparty", "add"))
    assert response.status_code == 200
    response = client.post(
        url("thirdparty", "add"),
        form_data(
            response,
            name="Zendesk",
            legal_entity="Zendesk, Inc.",
            country="US",
            default_role="processor",
            change_reason="New support tool",
        ),
    )
    assert response.status_code == 302
    vendor = ThirdParty.objects.get(name="Zendesk")
    assert vendor.history.get().history_user == contributor
    assert (
        client.post(url("thirdparty", "delete", vendor.pk), {"post": "yes", "change_reason": "try"}).status_code == 403
    )
