"""Check constraints validated in Python (`ropa.models.constraints.RowCheck`) agree with the database's own answer,
run no query, and still fall back to the database for a condition they cannot decide."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length

from ropa import models as m
from ropa.models.constraints import RowCheck, Undecided, decide

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 1, 10)
# Every value each constrained field takes in the cases below, NULL and the boundaries included.
VALUES = {
    m.ActivityDataCategory: {"retention_period": [None, -1, 0, 7]},
    m.Transfer: {"destination_country": ["", "US"], "international_organisation": ["", "UNHCR"]},
    m.AdequacyDecision: {
        "in_force_from": [DAY],
        "ended_on": [None, DAY - dt.timedelta(days=1), DAY, DAY + dt.timedelta(days=1)],
        "country": ["", "JP"],
        "international_organisation": ["", "UNHCR"],
    },
    m.ExportJob: {"status": ["pending", "complete"], "export_id": [None, 1]},
}


def _cases() -> list:
    return [
        pytest.param(model, dict(zip(fields, combination, strict=True)), id=f"{model.__name__}-{combination}")
        for model, fields in VALUES.items()
        for combination in itertools.product(*fields.values())
    ]


def test_every_check_constraint_of_the_register_is_decided_in_python():
    checks = [
        (model, c)
        for model in apps.get_app_config("ropa").get_models()
        for c in model._meta.constraints
        if isinstance(c, models.CheckConstraint)
    ]
    assert checks and all(isinstance(c, RowCheck) for _, c in checks)
    assert {model for model, _ in checks} == set(VALUES)  # each is exercised below


@pytest.mark.parametrize(("model", "values"), _cases())
def test_python_and_the_database_agree(model, values, django_assert_num_queries):
    instance = model(**values)
    for constraint in model._meta.constraints:
        if not isinstance(constraint, RowCheck):
            continue
        against = instance._get_field_expression_map(meta=model._meta)
        in_database = Q(constraint.condition).check(against)
        with django_assert_num_queries(0):
            try:
                constraint.validate(model, instance)
                in_python = True
            except ValidationError as exc:
                assert exc.messages == [str(constraint.get_violation_error_message())]
                in_python = False
        assert in_python is in_database, (constraint.name, values)


def test_a_violation_is_refused_by_full_clean_with_the_constraint_message():
    with pytest.raises(ValidationError) as caught:
        m.ActivityDataCategory(retention_period=-1).validate_constraints()
    assert caught.value.messages == ["A retention period cannot be negative."]


def test_an_excluded_field_is_not_checked():
    m.ActivityDataCategory(retention_period=-1).validate_constraints(exclude={"retention_period"})


def test_three_valued_logic():
    row = m.ActivityDataCategory(retention_period=None)
    assert decide(Q(retention_period__gte=0), row) is None  # unknown, which passes, as in a CHECK
    assert decide(~Q(retention_period__gte=0), row) is None
    assert decide(Q(retention_period__gte=0) | Q(retention_period__isnull=True), row) is True
    assert decide(Q(retention_period__gte=0) & Q(retention_period=None), row) is None
    assert decide(Q(retention_period=None), row) is True


def test_an_expression_is_left_to_the_database(django_assert_max_num_queries):
    condition = Q(retention_note__startswith="x") | Q(retention_period__gt=Length("retention_note"))
    with pytest.raises(Undecided):
        decide(condition, m.ActivityDataCategory(retention_period=1))
    check = RowCheck(condition=Q(retention_period__gt=Length("retention_note")), name="longer_than_note")
    with django_assert_max_num_queries(3) as captured, pytest.raises(ValidationError):
        check.validate(m.ActivityDataCategory, m.ActivityDataCategory(retention_period=1, retention_note="abc"))
    assert any("_check" in q["sql"] for q in captured.captured_queries)  # Django's database check ran
