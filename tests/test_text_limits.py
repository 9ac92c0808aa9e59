"""Free text has a length suited to its use, enforced in the model and so on every surface (admin, API, importer,
commands), and a write's nested lists have a cap: no two-megabyte description, no five thousand purposes."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError

from ropa.api.serializers.activities import MAX_RELATION_ITEMS
from ropa.models import ProcessingActivity, ThirdParty
from ropa.models.text import ADDRESS, NOTE, PROSE, LimitedTextField
from tests import factories
from tests.api.conftest import API, token_client
from tests.test_admin import form_data, url

pytestmark = pytest.mark.django_db


def test_every_free_text_field_of_the_register_has_a_limit():
    from django.apps import apps
    from django.db import models

    unlimited = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("ropa").get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if type(field) is models.TextField
    ]
    # the privacy notice's text is limited in bytes by its own rule (MAX_NOTICE_BYTES, ropa/notice/text.py)
    assert unlimited == ["PrivacyNotice.text"]


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [(ProcessingActivity, "description", PROSE), (ThirdParty, "address", ADDRESS), (ThirdParty, "notes", PROSE)],
)
def test_the_model_refuses_text_beyond_its_limit(model, field, limit):
    f = model._meta.get_field(field)
    assert isinstance(f, LimitedTextField) and f.max_length == limit
    record = factories.activity() if model is ProcessingActivity else factories.third_party()
    setattr(record, field, "x" * limit)
    record.full_clean()
    setattr(record, field, "x" * (limit + 1))
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert f"at most {limit} characters" in str(error.value.message_dict[field])


def test_the_api_answers_a_field_error_and_writes_nothing(dpo):
    org = factories.organisation()
    api = token_client(dpo)
    before = ProcessingActivity.history.count()
    body = {"organisation": org.pk, "reference": "PA-9", "name": "Big", "description": "x" * 1_000_000}
    response = api.post(f"{API}/activities/", body, format="json")
    assert response.status_code == 400
    assert "no more than 10000 characters" in response.json()["description"][0]
    assert ProcessingActivity.history.count() == before


def test_a_nested_list_beyond_its_cap_is_refused_before_its_items_are_read(dpo):
    org = factories.organisation()
    api = token_client(dpo)
    rows = [{"purpose": "account", "details": "y" * 10} for _ in range(5_000)]
    started = time.monotonic()
    response = api.post(
        f"{API}/activities/",
        {"organisation": org.pk, "reference": "PA-9", "name": "Many", "purposes": rows},
        format="json",
    )
    assert response.status_code == 400
    assert f"no more than {MAX_RELATION_ITEMS}" in str(response.json()["purposes"])
    assert not ProcessingActivity.objects.filter(reference="PA-9").exists()
    assert time.monotonic() - started < 10  # 5,000 validated rows took 38 s before the cap


def test_the_admin_form_shows_the_limit_on_the_field(dpo_client):
    response = dpo_client.get(url("thirdparty", "add"))
    data = form_data(
        response,
        name="Verbose Ltd",
        legal_entity="Verbose Ltd",
        country="DE",
        default_role="processor",
        address="x" * (ADDRESS + 1),
        change_reason="New vendor",
    )
    response = dpo_client.post(url("thirdparty", "add"), data)
    assert response.status_code == 200
    assert "at most 1000 characters" in " ".join(response.context["adminform"].form.errors["address"])
    assert not ThirdParty.objects.filter(name="Verbose Ltd").exists()


def test_a_note_field_has_the_note_limit():
    from ropa.models import ActivityPurpose

    assert ActivityPurpose._meta.get_field("details").max_length == NOTE
