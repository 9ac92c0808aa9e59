"""The fields the checks read are written through the API like any other, validated by the model, with history."""

import pytest

from ropa.models import AdequacyDecision, Organisation, Recipient, ThirdParty, Transfer

from .register_corpus import API, api_client

pytestmark = pytest.mark.django_db
REASON = {"HTTP_X_CHANGE_REASON": "DPO review 2026-11"}


@pytest.fixture
def api(dpo):
    return api_client(dpo)


def test_no_dpo_required_needs_the_reason(api):
    response = api.post(
        f"{API}/organisations/",
        {"name": "Shop MB", "country": "LT", "dpo_designation": "not_required"},
        format="json",
        **REASON,
    )
    assert response.status_code == 400
    assert "Art. 37(1)" in response.json()["dpo_not_required_reason"][0]
    assert not Organisation.objects.filter(name="Shop MB").exists()
    response = api.post(
        f"{API}/organisations/",
        {
            "name": "Shop MB",
            "country": "LT",
            "dpo_designation": "not_required",
            "dpo_not_required_reason": "Five staff, no monitoring",
        },
        format="json",
        **REASON,
    )
    assert response.status_code == 201
    assert (response.json()["dpo_designation"], response.json()["dpo_not_required_reason"]) == (
        "not_required",
        "Five staff, no monitoring",
    )


def test_the_dpo_designation_defaults_to_not_assessed(api):
    response = api.post(f"{API}/organisations/", {"name": "New UAB", "country": "LT"}, format="json", **REASON)
    assert response.json()["dpo_designation"] == "not_assessed"


def test_new_relation_fields_round_trip_with_their_history(api, dpo):
    org = api.post(f"{API}/organisations/", {"name": "Round Trip UAB", "country": "LT"}, format="json", **REASON).json()
    for party in (
        {"name": "Partner", "legal_entity": "Partner GmbH", "country": "DE", "default_role": "joint_controller"},
        {
            "name": "Host",
            "legal_entity": "Host Inc.",
            "country": "CA",
            "default_role": "sub_processor",
            "dpa_reference": "Host DPA",
            "dpa_date": "2025-01-01",
            "dpf_verified_on": "2026-05-01",
        },
    ):
        assert api.post(f"{API}/third-parties/", party, format="json", **REASON).status_code == 201
    activity = {
        "organisation": org["id"],
        "reference": "RT-1",
        "name": "Round trip",
        "status": "active",
        "automated_decision_making": True,
        "automated_decision_details": "Scores",
        "art22_exception": "contract",
        "art22_safeguards": "Human review on request",
        "data_categories": [
            {"data_category": "special.health", "art9_condition": "h", "law_reference": "Law on Health Care"}
        ],
        "legal_bases": [
            {
                "purpose": "service_provision",
                "basis": "consent",
                "consent_record": "Log",
                "parental_consent_record": "Parents confirm by e-mail",
            }
        ],
        "recipients": [
            {
                "third_party": "Partner",
                "role": "joint_controller",
                "arrangement_reference": "JCA 2026",
                "arrangement_essence_location": "Notice §5",
            },
            {"third_party": "Host", "role": "sub_processor", "authorisation_reference": "DPA §7"},
        ],
        "transfers": [
            {
                "third_party": "Host",
                "destination_country": "CA",
                "mechanism": "adequacy",
                "adequacy_scope_confirmed": True,
                "supervisory_authority_reference": "",
            }
        ],
    }
    response = api.post(f"{API}/activities/", activity, format="json", **REASON)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["art22_exception"], body["art22_safeguards"]) == ("contract", "Human review on request")
    assert body["data_categories"][0]["law_reference"] == "Law on Health Care"
    assert body["legal_bases"][0]["parental_consent_record"] == "Parents confirm by e-mail"
    recipients = {r["third_party_name"]: r for r in body["recipients"]}
    assert recipients["Partner"]["arrangement_essence_location"] == "Notice §5"
    assert recipients["Host"]["authorisation_reference"] == "DPA §7"
    assert body["transfers"][0]["adequacy_scope_confirmed"] is True
    assert str(ThirdParty.objects.get(name="Host").dpf_verified_on) == "2026-05-01"
    row = Recipient.history.get(third_party__name="Host")
    assert (row.history_user, row.history_change_reason, row.authorisation_reference) == (
        dpo,
        "DPO review 2026-11",
        "DPA §7",
    )
    assert Transfer.history.get().adequacy_scope_confirmed is True


def test_adequacy_scope_limits_are_data_seeded_with_history(api):
    scopes = {
        d["key"]: d["scope_limit"] for d in api.get(f"{API}/adequacy-decisions/", {"page_size": 100}).json()["results"]
    }
    assert {k: scopes[k] for k in ("ca", "jp", "il", "gb", "kr", "ch", "gb_2025", "us_dpf")} == {
        "ca": "pipeda",
        "jp": "appi",
        "il": "automated_processing",
        "gb": "not_uk_immigration_control",
        "kr": "pipa",
        "ch": "",
        "gb_2025": "",
        "us_dpf": "",
    }
    israel = AdequacyDecision.objects.get(key="il")
    assert "automated" in israel.scope_note
    latest = israel.history.first()
    assert (latest.history_type, latest.scope_limit) == ("~", "automated_processing")
    assert "migration 0006" in latest.history_change_reason
    assert "immigration" in AdequacyDecision.objects.get(key="gb").scope_note


def test_migration_0006_marks_organisations_that_name_a_dpo_as_having_designated_one():
    from importlib import import_module

    from django.apps import apps

    from tests import factories as f

    migration = import_module("ropa.migrations.0006_adequacy_scope_and_dpo_designation")
    named = f.organisation(dpo_designation="not_assessed", dpo_name="", dpo_email="dpo@named.example")
    silent = f.organisation(dpo_designation="not_assessed", dpo_name="", dpo_email="")
    migration.record(apps, None)
    named.refresh_from_db()
    silent.refresh_from_db()
    assert (named.dpo_designation, silent.dpo_designation) == ("designated", "not_assessed")
    assert named.history.first().history_change_reason == migration.REASON
    assert silent.history.count() == 1
