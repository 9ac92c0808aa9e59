"""Activity reads and writes at the floor: the compiled representation is the serializer's, and the writes run a
fixed, small number of queries (a one-field PATCH reads no relation it does not change)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ropa.api.as_of import PastActivities
from ropa.api.representation import ActivityRepresentation
from ropa.api.serializers import ActivitySerializer
from ropa.choices import Art9Condition, DPIACriterion, LawfulBasis, TransferMechanism
from ropa.models import (
    ACTIVITY_RELATIONS,
    ActivityController,
    ActivityDataCategory,
    ActivityPurpose,
    DataCategory,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Transfer,
)
from tests import factories

from .conftest import API, if_match


@pytest.fixture
def rich(org, vendor):
    """An activity with every relation, several rows in some, nulls, blanks, booleans, dates and a JSON list."""
    activity = factories.complete_activity(
        org,
        vendor=vendor,
        reference="PA-RICH",
        dpia_screening=[DPIACriterion.values[0]],
        profiling=True,
        automated_decision_details="Scoring",
        last_reviewed_on=dt.date(2024, 1, 2),
        next_review_due=dt.date(2025, 1, 2),
    )
    marketing = Purpose.objects.get(key="direct_marketing")
    factories.save(ActivityPurpose(activity=activity, purpose=marketing, details="Newsletters"))
    factories.save(
        LegalBasis(
            activity=activity,
            purpose=marketing,
            basis=LawfulBasis.LEGITIMATE_INTERESTS,
            legitimate_interest="Direct marketing",
        )
    )
    factories.save(
        ActivityDataCategory(
            activity=activity,
            data_category=DataCategory.objects.get(key="special.health"),
            art9_condition=Art9Condition.choices[0][0],
        )
    )
    factories.save(
        Transfer(
            activity=activity,
            third_party=vendor,
            international_organisation="UNICEF",
            mechanism=TransferMechanism.SCC,
            occasional=True,
        )
    )
    factories.save(
        ActivityController(
            activity=activity, controller=factories.third_party(name="Client Co"), arrangement_reference="DPA-7"
        )
    )
    return ProcessingActivity.objects.get(pk=activity.pk)


def _drf(activity, **context) -> dict:
    """DRF's own representation, with every relation prefetched (the reference the compiled one must equal)."""
    fresh = ProcessingActivity.objects.prefetch_related(*(model.relation.accessor for model in ACTIVITY_RELATIONS)).get(
        pk=activity.pk
    )
    return ActivitySerializer(fresh, context=context).data


def test_compiled_representation_equals_the_serializer_at_every_depth(rich):
    compiled = ActivityRepresentation(ActivitySerializer(context={})).live([rich])[0]
    expected = _drf(rich)
    assert all(expected[model.relation.name] for model in ACTIVITY_RELATIONS), "every relation is filled"
    assert compiled == expected
    assert list(compiled) == list(expected), "the same keys in the same order"
    assert [r["international_organisation"] for r in compiled["transfers"]] == ["UNICEF", ""]


def test_compiled_past_representation_equals_the_serializer(rich):
    moment = timezone.now()
    context = {"today": dt.date(2024, 6, 1)}
    past = PastActivities(moment)
    instances = past.instances(past.rows(id=rich.pk))
    compiled = ActivityRepresentation(ActivitySerializer(context=context)).attached(instances)[0]
    assert compiled == ActivitySerializer(instances[0], context=context).data
    assert compiled["review_overdue"] is False, "overdue is judged on the as-of day"


def test_one_field_patch_reads_no_relation_it_does_not_change(api, rich, django_assert_num_queries):
    """Auth and access (4), the row, its version under lock, UPDATE, history, the relations for the answer in one
    query (and the test's own savepoint around the request's transaction)."""
    url = f"{API}/activities/{rich.pk}/"
    etag = if_match(api.get(url))
    with django_assert_num_queries(10):
        response = api.patch(url, {"description": "Reviewed"}, format="json", **etag)
    assert response.status_code == 200, response.json()
    assert response.json() == api.get(url).json()
    assert response.json()["description"] == "Reviewed"
    assert ProcessingActivity.history.filter(id=rich.pk).first().description == "Reviewed"


def test_retention_patch_runs_a_fixed_number_of_queries(api, rich, django_assert_num_queries):
    url = f"{API}/activities/{rich.pk}/"
    read = api.get(url)
    items = read.json()["data_categories"]
    items[0]["retention_period"] = 7
    with django_assert_num_queries(18):
        response = api.patch(url, {"data_categories": items}, format="json", **if_match(read))
    assert response.status_code == 200, response.json()
    assert response.json()["data_categories"][0]["retention_period"] == 7
    assert response.json() == api.get(url).json()
    use = ActivityDataCategory.objects.get(pk=items[0]["id"])
    assert (use.retention_period, use.history.first().retention_period) == (7, 7)


def test_one_field_patch_still_refuses_a_duplicate_reference(api, org, rich):
    """Only what changed is validated again, and what is validated together with it: a new reference meets the
    unique constraint across organisation and reference."""
    other = factories.activity(org, reference="PA-OTHER")
    url = f"{API}/activities/{other.pk}/"
    response = api.patch(url, {"reference": "PA-RICH"}, format="json", **if_match(api.get(url)))
    assert response.status_code == 400
    assert "already has an activity with this reference" in str(response.json())


def test_detail_and_list_read_the_relations_in_one_query(api, rich, django_assert_num_queries):
    with django_assert_num_queries(5):  # auth and access (3), the activity, its relations
        assert api.get(f"{API}/activities/{rich.pk}/").status_code == 200
    with django_assert_num_queries(6):  # auth and access (3), the count, the page, its relations
        assert api.get(f"{API}/activities/", {"organisation": rich.organisation_id}).status_code == 200
