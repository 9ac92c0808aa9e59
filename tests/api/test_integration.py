"""The API and the rest of the tool see one register: what an integration writes shows in the admin with its
history, and the demo register reads in full through the API."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.management import call_command

from ropa.models import Organisation, ProcessingActivity, ThirdParty
from ropa.register import build_register

from .conftest import API


def test_third_party_and_activity_created_through_the_api_appear_in_the_admin(api, dpo, client, org):
    vendor = api.post(
        f"{API}/third-parties/",
        {"name": "Freshdesk", "legal_entity": "Freshworks Inc.", "country": "US", "default_role": "processor"},
        format="json",
        HTTP_X_CHANGE_REASON="Vendor onboarding VEN-7",
    )
    assert vendor.status_code == 201
    activity = api.post(
        f"{API}/activities/",
        {
            "organisation": org.id,
            "reference": "PA-FD",
            "name": "Support tickets",
            "data_categories": [{"data_category": "communications.content"}],
            "recipients": [{"third_party": "Freshdesk", "role": "processor"}],
        },
        format="json",
        HTTP_X_CHANGE_REASON="Vendor onboarding VEN-7",
    )
    assert activity.status_code == 201, activity.json()

    admin = User.objects.create_superuser("root", "root@example.org", "pw-for-tests-only")
    client.force_login(admin)
    pk, tp = activity.json()["id"], vendor.json()["id"]
    page = client.get(f"/admin/ropa/processingactivity/{pk}/change/")
    assert page.status_code == 200
    assert "Support tickets" in page.content.decode()
    assert client.get(f"/admin/ropa/thirdparty/{tp}/change/").status_code == 200
    history_page = client.get(f"/admin/ropa/processingactivity/{pk}/history/")
    assert history_page.status_code == 200
    assert "Vendor onboarding VEN-7" in history_page.content.decode()

    for model, object_id in ((ProcessingActivity, pk), (ThirdParty, tp)):
        row = model.history.get(id=object_id)
        assert (row.history_user, row.history_change_reason) == (dpo, "Vendor onboarding VEN-7")


def test_the_demo_register_is_fully_readable_through_the_api(api):
    call_command("load_demo", verbosity=0)
    organisation = Organisation.objects.get()
    listed = api.get(f"{API}/activities/", {"organisation": organisation.id, "page_size": 200}).json()
    assert listed["count"] == ProcessingActivity.objects.count() > 0
    snapshot = build_register(organisation.id)
    assert sorted(r["reference"] for r in listed["results"]) == sorted(a.reference for a in snapshot.activities)
    by_reference = {a.reference: a for a in snapshot.activities}
    for row in listed["results"]:
        view = by_reference[row["reference"]]
        assert sorted(c["data_category"] for c in row["data_categories"]) == sorted(c.key for c in view.data_categories)
        assert sorted(r["third_party_name"] for r in row["recipients"]) == sorted(
            r.third_party.name for r in view.recipients
        )
        assert len(row["transfers"]) == len(view.transfers)
        detail = api.get(f"{API}/activities/{row['id']}/")
        assert detail.status_code == 200
        assert detail.json() == row
        assert api.get(f"{API}/activities/{row['id']}/history/").status_code == 200
    assert api.get(f"{API}/third-parties/", {"page_size": 200}).json()["count"] == ThirdParty.objects.count()
    assert api.get(f"{API}/organisations/{organisation.id}/").json()["name"] == organisation.name
    for resource in ("data-categories", "data-subjects", "purposes", "security-measures", "adequacy-decisions"):
        assert api.get(f"{API}/{resource}/").status_code == 200
