"""What a person reads says things in words: no catalogue key, stored choice value or model field name, and no
time with microseconds, in the PDF, HTML, XLSX or CSV of the demo register (JSON keeps its keys, with labels)."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import models

from ropa import choices
from ropa.demo import load_demo
from ropa.models import Organisation
from ropa.reports.service import export_register

from .helpers import pdf_text, workbook

pytestmark = pytest.mark.django_db
MICROSECONDS = re.compile(r"\d{2}:\d{2}:\d{2}\.\d+")


def internal_names() -> set[str]:
    """Every catalogue key, stored choice value and model field name that could not pass for a word (it holds an
    underscore or a dot: `contact.email`, `legal_obligation`, `business_function`)."""
    names: set[str] = set()
    for model in apps.get_app_config("ropa").get_models():
        names |= {f.name for f in model._meta.get_fields() if "_" in f.name.strip("_")}
        if any(f.name == "key" for f in model._meta.get_fields()):
            names |= set(model.objects.values_list("key", flat=True))
    for value in vars(choices).values():
        if isinstance(value, type) and issubclass(value, models.TextChoices):
            names |= set(value.values)
    return {n for n in names if "_" in n or "." in n}


def readable_outputs(org: Organisation) -> dict[str, str]:
    book = workbook(export_register(org.pk, "xlsx", include_findings=True)[1])
    return {
        "pdf": pdf_text(export_register(org.pk, "pdf", include_findings=True)[1]),
        "html": export_register(org.pk, "html", include_findings=True)[1].decode(),
        "xlsx": "\n".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v),
        "csv": export_register(org.pk, "csv")[1].decode("utf-8-sig"),
        "csv-processor": export_register(org.pk, "csv-processor")[1].decode("utf-8-sig"),
    }


def test_demo_reports_show_no_internal_names_nor_microseconds(db):
    load_demo()
    names = internal_names()
    assert {"contact.email", "legal_obligation", "business_function", "joint_controller"} <= names
    for fmt, text in readable_outputs(Organisation.objects.get()).items():
        leaked = sorted(n for n in names if re.search(rf"(?<![\w.]){re.escape(n)}(?!\w)", text))
        assert leaked == [], fmt
        assert not MICROSECONDS.search(text), fmt
