"""What a person reads says things in words: no catalogue key, stored choice value or model field name, and no
time with microseconds, in the PDF, HTML, XLSX or CSV of the demo register (JSON keeps its keys, with labels)."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from html import unescape

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from ropa import choices
from ropa.demo import load_demo
from ropa.history import change_context
from ropa.models import ActivityDataCategory, Organisation
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


def _visible_text(html: str) -> str:
    """What a person reads on an admin page: the text, without scripts, styles and tag attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_admin_as_of_changes_and_audit_trail_pages_show_no_internal_names(dpo_client, dpo):
    load_demo()
    org = Organisation.objects.get()
    # The changes form takes whole seconds: start at the next one, so the demo's load (within the current second)
    # falls before the window whatever the clock reads.
    start = timezone.now().replace(microsecond=0) + timedelta(seconds=1)
    time.sleep((start - timezone.now()).total_seconds())
    with change_context("Retention decided", user=dpo):
        use = ActivityDataCategory.objects.get(activity__reference="MVPN-02", data_category__key="contact.email")
        use.retention_period, use.retention_unit, use.retention_event = 10, "years", "end_of_financial_year"
        use.full_clean()
        use.save()
    today = timezone.localdate()  # a date: the end of that day, or now when it is today
    pages = {
        "as-of": dpo_client.get("/admin/register/as-of/", {"organisation": org.pk, "as_of": f"{today}"}),
        "changes": dpo_client.get(
            "/admin/register/changes/",
            {"organisation": org.pk, "start": f"{timezone.localtime(start):%Y-%m-%dT%H:%M:%S}", "end": f"{today}"},
        ),
        "audit trail": dpo_client.get("/admin/register/audit-trail/", {"organisation": org.pk}),
    }
    names = internal_names()
    for page, response in pages.items():
        assert response.status_code == 200, page
        text = _visible_text(response.content.decode())
        leaked = sorted(n for n in names if re.search(rf"(?<![\w.]){re.escape(n)}(?!\w)", text))
        assert leaked == [], (page, leaked)
        assert not MICROSECONDS.search(text), page
    assert pages["changes"].context["diff"] is not None, pages["changes"].context["form"].errors
    changes = _visible_text(pages["changes"].content.decode())
    for label in ("Email address: Retention period", "10 years", "end of the financial year"):  # said in words
        assert label in " ".join(changes.split()), label
