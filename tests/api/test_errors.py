"""Bad input and outages answer a clear status, as JSON on the API, with the database unchanged — never a 500:
NUL characters anywhere, deep nesting, unknown fields, an oversized body, a database that is down; an empty PATCH
changes nothing; the reason is read on every writing method."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection
from django.urls import reverse

from ropa.models import ProcessingActivity, ThirdParty
from tests import factories

from .conftest import API, if_match

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return (ProcessingActivity.objects.count(), ProcessingActivity.history.count(), ThirdParty.history.count())


def _activity(org, **extra) -> dict:
    return {"organisation": org.id, "reference": "PA-200", "name": "Support", **extra}


@pytest.mark.parametrize(
    "nested",
    [
        {"purposes": [{"purpose": "account\u0000"}]},
        {"recipients": [{"third_party": "Acme\u0000", "role": "processor"}]},
        {"data_categories": [{"data_category": "contact.email\u0000"}]},
        {"name\u0000": "key with a NUL"},
        {"description": "text with a NUL \u0000 inside"},
    ],
)
def test_a_nul_anywhere_in_a_body_is_400_and_writes_nothing(api, org, nested):
    before = _counts()
    response = api.post(f"{API}/activities/", _activity(org, **nested), format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Null characters are not allowed."}
    assert _counts() == before


def test_a_nul_in_a_form_body_on_the_api_is_400(api, org):
    response = api.post(f"{API}/third-parties/", {"name": "Acme\x00", "country": "US"}, format="multipart")
    assert response.status_code == 400
    assert not ThirdParty.objects.filter(name__startswith="Acme").exists()


def test_a_nul_in_a_filter_is_400_naming_the_parameter(api):
    response = api.get(f"{API}/activities/", {"recipient": "Acme\x00", "status": "active"})
    assert response.status_code == 400
    assert response.json() == {"recipient": ["Null characters are not allowed."]}


def test_a_nul_in_admin_filters_and_autocomplete_is_400(dpo_client):
    assert dpo_client.get("/admin/ropa/processingactivity/", {"q": "a\x00"}).status_code == 400
    assert dpo_client.get("/admin/ropa/processingactivity/", {"organisation__id__exact": "1\x00"}).status_code == 400
    response = dpo_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "ropa", "model_name": "recipient", "field_name": "third_party", "term": "a\x00"},
    )
    assert response.status_code == 400


def test_deep_nesting_is_400_not_a_recursion_error(api, org):
    before = _counts()
    deep = "x"
    for _ in range(20):
        deep = [deep]
    for body in ("[" * 100_000 + "]" * 100_000, json.dumps(_activity(org, systems=deep))):
        response = api.post(f"{API}/activities/", body, content_type="application/json")
        assert response.status_code == 400
        assert "nested" in response.json()["detail"]
    assert _counts() == before


def test_unknown_fields_are_400_listing_each_by_name(api, org, vendor):
    before = _counts()
    response = api.post(
        f"{API}/activities/",
        _activity(org, colour="blue", purposes=[{"purpose": "customer_support", "priority": 1}]),
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["colour"] == ["Processing activity has no field “colour”."]
    assert "priority" in json.dumps(body["purposes"])
    assert _counts() == before
    read = api.get(f"{API}/third-parties/{vendor.pk}/")
    patched = api.patch(f"{API}/third-parties/{vendor.pk}/", {"nmae": "Typo"}, format="json", **if_match(read))
    assert patched.status_code == 400 and list(patched.json()) == ["nmae"]


def test_unknown_fields_are_reported_together_with_the_other_errors(api, org):
    response = api.post(f"{API}/activities/", {"organisation": org.id, "colour": "blue"}, format="json")
    assert response.status_code == 400
    assert {"colour", "reference", "name"} <= set(response.json())


def test_an_oversized_body_is_a_json_413(api, settings, org):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    before = _counts()
    response = api.post(f"{API}/activities/", _activity(org, description="x" * 20_000), format="json")
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]
    form = api.post(f"{API}/third-parties/", {"name": "x" * 20_000}, format="multipart")
    assert form.status_code == 413 and form["Content-Type"] == "application/json"
    assert _counts() == before


def _database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def test_a_database_outage_is_a_json_503_with_retry_after(api):
    with connection.execute_wrapper(_database_down):
        response = api.get(f"{API}/activities/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) > 0
    assert "unavailable" in response.json()["detail"]


def test_a_database_outage_in_the_admin_is_a_503_not_a_500(dpo_client):
    dpo_client.raise_request_exception = False
    with connection.execute_wrapper(_database_down):
        response = dpo_client.get("/admin/ropa/processingactivity/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0


def test_an_unknown_api_path_is_a_json_404(api):
    response = api.get(f"{API}/no-such-resource/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_an_empty_patch_changes_nothing(api, vendor):
    read = api.get(f"{API}/third-parties/{vendor.pk}/")
    history = ThirdParty.history.filter(id=vendor.pk).count()
    for body in ({}, {"change_reason": "nothing really"}):
        response = api.patch(f"{API}/third-parties/{vendor.pk}/", body, format="json", **if_match(read))
        assert response.status_code == 200
        assert response["ETag"] == read["ETag"]
    vendor.refresh_from_db()
    assert vendor.version == int(read["ETag"].strip('"'))
    assert ThirdParty.history.filter(id=vendor.pk).count() == history


def test_an_empty_patch_still_needs_the_current_version(api, vendor):
    assert api.patch(f"{API}/third-parties/{vendor.pk}/", {}, format="json").status_code == 428
    assert api.patch(f"{API}/third-parties/{vendor.pk}/", {}, format="json", HTTP_IF_MATCH='"99"').status_code == 412


@pytest.mark.parametrize("fmt", ["json", "multipart"])
def test_change_reason_in_the_body_is_recorded_on_patch_and_delete(api, dpo, fmt):
    party = factories.third_party(name="Old name", country="DE")
    read = api.get(f"{API}/third-parties/{party.pk}/")
    patched = api.patch(
        f"{API}/third-parties/{party.pk}/",
        {"name": "New name", "change_reason": "PRIV-7 rename"},
        format=fmt,
        **if_match(read),
    )
    assert patched.status_code == 200
    latest = ThirdParty.history.filter(id=party.pk).latest("history_id")
    assert (latest.history_change_reason, latest.history_user) == ("PRIV-7 rename", dpo)
    deleted = api.delete(
        f"{API}/third-parties/{party.pk}/", {"change_reason": "PRIV-8 vendor gone"}, format=fmt, **if_match(patched)
    )
    assert deleted.status_code == 204
    gone = ThirdParty.history.filter(id=party.pk).latest("history_id")
    assert (gone.history_type, gone.history_change_reason) == ("-", "PRIV-8 vendor gone")


def test_the_header_reason_wins_over_the_body(api, vendor):
    read = api.get(f"{API}/third-parties/{vendor.pk}/")
    api.patch(
        f"{API}/third-parties/{vendor.pk}/",
        {"notes": "x", "change_reason": "body"},
        format="json",
        HTTP_X_CHANGE_REASON="header",
        **if_match(read),
    )
    assert ThirdParty.history.filter(id=vendor.pk).latest("history_id").history_change_reason == "header"


def test_unknown_users_never_see_these_details(anonymous_api):
    assert anonymous_api.post(f"{API}/activities/", "[" * 1000, content_type="application/json").status_code == 401
    assert not User.objects.exists()
