"""Each GDPR validation rule of the model layer rejects bad input through the admin form, with its message on
the field it concerns, and nothing is saved."""

from __future__ import annotations

import pytest

from ropa.choices import LawfulBasis, TransferMechanism
from ropa.models import (
    ActivityDataCategory,
    DataCategory,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    ThirdParty,
    Transfer,
)
from tests import factories
from tests.test_admin import add_inline_row, form_data, inline_errors, url

pytestmark = pytest.mark.django_db


def _post_activity_with_row(client, act, prefix: str, **row):
    response = client.get(url("processingactivity", "change", act.pk))
    data = form_data(response, change_reason="Trying a bad row")
    add_inline_row(data, prefix, **row)
    response = client.post(url("processingactivity", "change", act.pk), data)
    assert response.status_code == 200, "the bad row was accepted"
    return inline_errors(response, prefix)[-1]


def _category(key: str) -> int:
    return DataCategory.objects.get(key=key).pk


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        pytest.param(
            {
                "data_category": "online.ip_address",
                "retention_period": -1,
                "retention_unit": "days",
                "retention_event": "collection",
            },
            "retention_period",
            "A retention period cannot be negative.",
            id="negative-retention",
        ),
        pytest.param(
            {"data_category": "online.ip_address", "retention_period": 2, "retention_unit": "years"},
            "retention_event",
            "Say from which event the retention period runs.",
            id="retention-no-event",
        ),
        pytest.param(
            {
                "data_category": "online.ip_address",
                "retention_unit": "years",
                "retention_event": "collection",
            },
            "retention_period",
            "Give the retention period",
            id="unit-without-period",
        ),
        pytest.param(
            {"data_category": "special.health"},
            "art9_condition",
            "Health data is special-category data (Art. 9(1)): record the Art. 9(2) condition that allows it.",
            id="art9-without-condition",
        ),
    ],
)
def test_data_category_rules_reject_bad_rows(dpo_client, row, field, message):
    act = factories.activity()
    row = {**row, "data_category": _category(row["data_category"])}
    errors = _post_activity_with_row(dpo_client, act, "activitydatacategory_set", **row)
    assert any(message in e for e in errors.get(field, [])), errors
    assert not ActivityDataCategory.objects.filter(activity=act).exists()


def test_art10_category_without_authority_is_rejected(dpo_client):
    criminal = DataCategory.objects.filter(sensitivity="criminal").first()
    act = factories.activity()
    errors = _post_activity_with_row(dpo_client, act, "activitydatacategory_set", data_category=criminal.pk)
    assert "(Art. 10)" in " ".join(errors["art10_authority"])


@pytest.mark.parametrize(
    ("country", "mechanism", "field", "message"),
    [
        pytest.param(
            "DE",
            TransferMechanism.SCC,
            "destination_country",
            "Germany is in the EEA: sending data there is not a transfer under Chapter V.",
            id="eea",
        ),
        pytest.param(
            "IN",
            TransferMechanism.ADEQUACY,
            "mechanism",
            "No adequacy decision covers India today",
            id="adequacy-without-decision",
        ),
        pytest.param(
            "ZZ", TransferMechanism.SCC, "destination_country", "Select a valid choice.", id="unknown-country"
        ),
    ],
)
def test_transfer_rules_reject_bad_rows(dpo_client, country, mechanism, field, message):
    act = factories.activity()
    vendor = factories.third_party(country="US")
    errors = _post_activity_with_row(
        dpo_client,
        act,
        "transfer_set",
        third_party=vendor.pk,
        destination_country=country,
        mechanism=mechanism,
    )
    assert any(message in e for e in errors.get(field, [])), errors
    assert not Transfer.objects.filter(activity=act).exists()


def test_adequacy_to_a_country_with_a_decision_in_force_is_accepted(dpo_client):
    act = factories.activity()
    vendor = factories.third_party(country="JP")
    response = dpo_client.get(url("processingactivity", "change", act.pk))
    data = form_data(response, change_reason="Japanese support centre")
    add_inline_row(
        data,
        "transfer_set",
        third_party=vendor.pk,
        destination_country="JP",
        mechanism=TransferMechanism.ADEQUACY,
    )
    assert dpo_client.post(url("processingactivity", "change", act.pk), data).status_code == 302
    assert Transfer.objects.get(activity=act).destination_country == "JP"


def test_legitimate_interests_without_an_interest_is_rejected(dpo_client):
    act = factories.activity()
    errors = _post_activity_with_row(
        dpo_client,
        act,
        "legalbasis_set",
        purpose=Purpose.objects.get(key="service_provision").pk,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
    )
    assert errors["legitimate_interest"] == ["State the legitimate interest pursued (Art. 6(1)(f))."]
    assert not LegalBasis.objects.filter(activity=act).exists()


def test_duplicate_reference_within_an_organisation_is_rejected(dpo_client):
    org = factories.organisation()
    factories.activity(org, reference="PA-001")
    response = dpo_client.get(url("processingactivity", "add"))
    data = form_data(response, organisation=org.pk, reference="PA-001", name="Copy", change_reason="New")
    response = dpo_client.post(url("processingactivity", "add"), data)
    assert response.status_code == 200
    assert "This organisation already has an activity with this reference." in str(
        response.context["adminform"].form.errors
    )
    assert ProcessingActivity.objects.filter(organisation=org).count() == 1
    # the same reference in another organisation is fine
    data["organisation"] = str(factories.organisation().pk)
    response = dpo_client.post(url("processingactivity", "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_unknown_country_code_is_rejected_for_a_third_party(dpo_client):
    response = dpo_client.get(url("thirdparty", "add"))
    data = form_data(
        response,
        name="Nowhere Ltd",
        legal_entity="Nowhere Ltd",
        country="XX",
        default_role="processor",
        change_reason="New vendor",
    )
    response = dpo_client.post(url("thirdparty", "add"), data)
    assert response.status_code == 200
    assert "Select a valid choice. XX is not one of the available choices." in " ".join(
        response.context["adminform"].form.errors["country"]
    )
    assert not ThirdParty.objects.filter(name="Nowhere Ltd").exists()


def test_activity_rules_show_on_their_fields(dpo_client):
    act = factories.activity()
    response = dpo_client.get(url("processingactivity", "change", act.pk))
    data = form_data(response, profiling="on", change_reason="Profiling added")
    response = dpo_client.post(url("processingactivity", "change", act.pk), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["automated_decision_details"] == [
        "Describe the logic and the effects of the automated processing."
    ]
    act.refresh_from_db()
    assert act.profiling is False
