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
    rows = list(past.rows(id=rich.pk))
    instances = past.instances(rows)
    compiled = past.represent(rows, ActivityRepresentation(ActivitySerializer(context=context)))[0]
    assert compiled == ActivitySerializer(instances[0], context=context).data
    assert compiled["review_overdue"] is False, "overdue is judged on the as-of day"


@pytest.fixture
def database_cache(db, settings, monkeypatch):
    """The production cache (the database table), so a request is counted whole: its throttle count (one upsert)
    included. Never culled here (culling is sampled)."""
    from config.settings import CACHE_TABLE
    from ropa import dbcache

    monkeypatch.setattr(dbcache, "CULL_EVERY", 10**9)
    local = settings.CACHES
    settings.CACHES = {"default": {"BACKEND": "ropa.dbcache.DatabaseCache", "LOCATION": CACHE_TABLE}}
    yield
    settings.CACHES = local  # back before the database goes: the throttle fixture clears the cache after the test


def test_one_field_patch_reads_no_relation_it_does_not_change(api, rich, database_cache, assert_queries):
    """The whole request: the token and the user's permissions (2), the throttle count (1, an upsert), the activity
    read under its row lock, UPDATE, history (and the transaction around them), the relations for the answer in one
    query."""
    url = f"{API}/activities/{rich.pk}/"
    for text in ("Reviewed", "Reviewed again"):  # the same count on a first write and a later one
        etag = if_match(api.get(url))
        with assert_queries("api.activity_patch_one_field", text) as captured:
            response = api.patch(url, {"description": text}, format="json", **etag)
        assert response.status_code == 200, response.json()
        relation_tables = {model._meta.db_table for model in ACTIVITY_RELATIONS}
        reads = [q["sql"] for q in captured.captured_queries if any(f'"{t}"' in q["sql"] for t in relation_tables)]
        assert len(reads) == 1, "the relations are read once, for the answer"
        assert response.json() == api.get(url).json()
        assert response.json()["description"] == text
        assert ProcessingActivity.history.filter(id=rich.pk).first().description == text


@pytest.mark.parametrize("added", [0, 2])
def test_relation_patch_runs_the_same_queries_for_2_and_4_items(api, rich, added, assert_queries):
    """The nested list of data categories (2 or 4 items), one retention changed: one read of the categories the
    items name, one of the activity's rows of that relation, the changed row's check constraint, its UPDATE and
    history — whatever the length of the list."""
    named = ActivityDataCategory.objects.filter(activity=rich).values("data_category")
    for category in DataCategory.objects.filter(sensitivity="ordinary").exclude(pk__in=named)[:added]:
        factories.save(ActivityDataCategory(activity=rich, data_category=category))
    url = f"{API}/activities/{rich.pk}/"
    read = api.get(url)
    items = read.json()["data_categories"]
    assert len(items) == 2 + added
    changed = next(i for i, item in enumerate(items) if item["data_category"] == "contact.email")
    items[changed]["retention_period"] = 7
    with assert_queries("api.activity_patch_relation", f"{len(items)} items"):
        response = api.patch(url, {"data_categories": items}, format="json", **if_match(read))
    assert response.status_code == 200, response.json()
    assert response.json()["data_categories"][changed]["retention_period"] == 7
    assert response.json() == api.get(url).json()
    use = ActivityDataCategory.objects.get(pk=items[changed]["id"])
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
    with django_assert_num_queries(4):  # auth and access (2: token, permissions), the activity, its relations
        assert api.get(f"{API}/activities/{rich.pk}/").status_code == 200
    with django_assert_num_queries(5):  # auth and access (2: token, permissions), the count, the page, its relations
        assert api.get(f"{API}/activities/", {"organisation": rich.organisation_id}).status_code == 200
