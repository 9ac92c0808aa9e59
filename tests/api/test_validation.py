"""The model's rules, enforced on every API write and answered as field-level 400s — never a 500, never a
partial write."""

from __future__ import annotations

import pytest

from ropa.models import ActivityDataCategory, ProcessingActivity, Transfer

from .conftest import API, if_match


def _activity(org, **extra) -> dict:
    return {"organisation": org.id, "reference": "PA-100", "name": "Payments", **extra}


def _post(api, body):
    return api.post(f"{API}/activities/", body, format="json")


def test_negative_retention_is_refused_on_the_category(api, org):
    response = _post(
        api,
        _activity(
            org,
            data_categories=[
                {
                    "data_category": "contact.email",
                    "retention_period": -1,
                    "retention_unit": "years",
                    "retention_event": "end_of_contract",
                }
            ],
        ),
    )
    assert response.status_code == 400
    assert "retention_period" in response.json()["data_categories"]["0"]


def test_retention_without_starting_event_is_refused(api, org):
    response = _post(
        api,
        _activity(
            org, data_categories=[{"data_category": "contact.email", "retention_period": 2, "retention_unit": "years"}]
        ),
    )
    assert response.status_code == 400
    assert response.json()["data_categories"]["0"]["retention_event"] == [
        "Say from which event the retention period runs."
    ]


def test_special_category_without_art9_condition_names_the_item(api, org):
    response = _post(
        api, _activity(org, data_categories=[{"data_category": "contact.email"}, {"data_category": "special.health"}])
    )
    assert response.status_code == 400
    errors = response.json()["data_categories"]
    assert list(errors) == ["1"]
    assert "Art. 9(2)" in errors["1"]["art9_condition"][0]
    assert not ProcessingActivity.objects.exists()
    assert not ActivityDataCategory.objects.exists()


def test_special_category_with_condition_is_accepted(api, org):
    response = _post(api, _activity(org, data_categories=[{"data_category": "special.health", "art9_condition": "h"}]))
    assert response.status_code == 201
    assert response.json()["data_categories"][0]["sensitivity"] == "special"


def test_transfer_to_an_eea_country_is_refused(api, org, vendor):
    response = _post(
        api, _activity(org, transfers=[{"third_party": vendor.id, "destination_country": "DE", "mechanism": "scc"}])
    )
    assert response.status_code == 400
    assert "EEA" in response.json()["transfers"]["0"]["destination_country"][0]


def test_adequacy_mechanism_without_a_decision_is_refused(api, org, vendor):
    response = _post(
        api,
        _activity(org, transfers=[{"third_party": vendor.id, "destination_country": "IN", "mechanism": "adequacy"}]),
    )
    assert response.status_code == 400
    assert "No adequacy decision covers India" in response.json()["transfers"]["0"]["mechanism"][0]


def test_adequacy_mechanism_with_a_decision_is_accepted(api, org, vendor):
    response = _post(
        api,
        _activity(org, transfers=[{"third_party": vendor.id, "destination_country": "JP", "mechanism": "adequacy"}]),
    )
    assert response.status_code == 201, response.json()


def test_legitimate_interests_need_the_interest(api, org):
    response = _post(
        api, _activity(org, legal_bases=[{"purpose": "fraud_prevention", "basis": "legitimate_interests"}])
    )
    assert response.status_code == 400
    assert "legitimate_interest" in response.json()["legal_bases"]["0"]


def test_duplicate_reference_in_one_organisation_is_refused(api, org):
    assert _post(api, _activity(org)).status_code == 201
    response = _post(api, _activity(org, name="Other"))
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["This organisation already has an activity with this reference."]


def test_unknown_country_code_is_refused(api, org, vendor):
    response = _post(
        api, _activity(org, transfers=[{"third_party": vendor.id, "destination_country": "XX", "mechanism": "scc"}])
    )
    assert response.status_code == 400
    assert "destination_country" in response.json()["transfers"]["0"]
    third = api.post(
        f"{API}/third-parties/",
        {"name": "N", "legal_entity": "N", "country": "ZZ", "default_role": "processor"},
        format="json",
    )
    assert third.status_code == 400
    assert "country" in third.json()


def test_unknown_catalogue_key_is_a_field_error(api, org):
    response = _post(api, _activity(org, data_categories=[{"data_category": "contact.carrier_pigeon"}]))
    assert response.status_code == 400
    assert "contact.carrier_pigeon" in response.json()["data_categories"]["0"]["data_category"][0]


def test_duplicate_category_in_one_payload_is_refused_on_the_second_item(api, org):
    response = _post(
        api, _activity(org, data_categories=[{"data_category": "contact.email"}, {"data_category": "contact.email"}])
    )
    assert response.status_code == 400
    errors = response.json()["data_categories"]
    assert list(errors) == ["1"]
    assert errors["1"]["non_field_errors"] == ["This data category is already recorded."]
    assert not ProcessingActivity.objects.exists()


def test_activity_rule_automated_decisions_need_details(api, org):
    response = _post(api, _activity(org, profiling=True))
    assert response.status_code == 400
    assert "automated_decision_details" in response.json()


def test_catalogue_rules_child_key_must_extend_parent(api):
    response = api.post(f"{API}/data-categories/", {"key": "fax", "name": "Fax", "parent": "contact"}, format="json")
    assert response.status_code == 400
    assert "key" in response.json()


def test_adequacy_decision_must_end_after_it_starts(api):
    response = api.post(
        f"{API}/adequacy-decisions/",
        {
            "key": "zz_test",
            "name": "Z",
            "country": "MX",
            "reference": "R",
            "in_force_from": "2024-01-01",
            "ended_on": "2023-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["A decision must end after it came into force."]


def test_stale_version_is_refused_with_the_models_message(api, org):
    created = _post(api, _activity(org))
    pk = created.json()["id"]
    api.patch(f"{API}/activities/{pk}/", {"name": "First"}, format="json", **if_match(created))
    response = api.patch(f"{API}/activities/{pk}/", {"name": "Second"}, format="json", **if_match(created))
    assert response.status_code == 412
    assert "changed by someone else" in response.json()["detail"]
    assert ProcessingActivity.objects.get(pk=pk).name == "First"


def test_failed_nested_update_leaves_the_activity_as_it_was(api, org, vendor):
    created = _post(
        api,
        _activity(
            org,
            data_categories=[{"data_category": "contact.email"}],
            transfers=[{"third_party": vendor.id, "destination_country": "US", "mechanism": "scc"}],
        ),
    )
    pk = created.json()["id"]
    response = api.put(
        f"{API}/activities/{pk}/",
        _activity(
            org,
            name="Renamed",
            data_categories=[{"data_category": "contact.phone"}, {"data_category": "special.health"}],
            transfers=[],
        ),
        format="json",
        **if_match(created),
    )
    assert response.status_code == 400
    assert response.json() == {
        "data_categories": {
            "1": {
                "art9_condition": [
                    "Health data is special-category data (Art. 9(1)): record the Art. 9(2) condition that allows it."
                ]
            }
        }
    }
    activity = ProcessingActivity.objects.get(pk=pk)
    assert (activity.name, activity.version) == ("Payments", 1)
    assert [c.data_category.key for c in ActivityDataCategory.objects.filter(activity=activity)] == ["contact.email"]
    assert Transfer.objects.filter(activity=activity).count() == 1
    assert not ProcessingActivity.history.filter(id=pk, name="Renamed").exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"dpia_screening": 5},
        {"dpia_screening": ["not-a-criterion"]},
        {"organisation": 10**30},
        {"organisation": "abc"},
        {"data_categories": [{"data_category": 10**30}]},
        {"data_categories": [{"data_category": True}]},
        {"recipients": [{"third_party": None, "role": "processor"}]},
        {"data_categories": "contact.email"},
    ],
)
def test_malformed_values_are_400_not_500(api, org, payload):
    response = _post(api, {**_activity(org), **payload})
    assert response.status_code == 400


def test_country_code_that_is_a_unicode_digit_is_400(api):
    """ "¹" passes str.isdigit() but not int(): it must be refused, not crash the country lookup."""
    response = api.post(
        f"{API}/third-parties/",
        {"name": "N", "legal_entity": "N", "country": "¹", "processing_locations": ["²"], "default_role": "processor"},
        format="json",
    )
    assert response.status_code == 400
    assert {"country", "processing_locations"} <= set(response.json())


def test_lone_surrogate_in_a_body_is_400(api):
    body = '{"name": "a\\udb12b", "legal_entity": "x", "country": "US", "default_role": "processor"}'
    response = api.post(f"{API}/third-parties/", body, content_type="application/json")
    assert response.status_code == 400
    assert "Unicode" in response.json()["detail"]


def test_null_character_in_search_is_an_error_object(api):
    response = api.get(f"{API}/activities/", {"search": "a\x00"})
    assert response.status_code == 400
    assert response.json() == {"search": ["Null characters are not allowed."]}
