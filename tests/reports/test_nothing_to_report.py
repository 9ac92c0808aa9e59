"""A register as of a moment before the organisation existed is not reported: every surface refuses with a
message, and no export entry is written (a numbered "report of nothing" would misstate the register)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from ropa.models import RegisterExport
from ropa.reports.exporters import exporters
from ropa.reports.service import NothingToReport, export_register

pytestmark = pytest.mark.django_db


def _before(demo) -> dt.datetime:
    return demo.org.created_at - dt.timedelta(days=1)


@pytest.mark.parametrize("fmt", sorted(exporters()))
def test_export_before_the_organisation_existed_is_refused_in_every_format(demo, fmt):
    with pytest.raises(NothingToReport, match="not yet in the register"):
        export_register(demo.org.pk, fmt, as_of=_before(demo))
    assert not RegisterExport.objects.exists()


def test_api_answers_400_on_as_of_and_logs_nothing(demo, auditor):
    client = APIClient()
    client.force_authenticate(auditor)
    day = _before(demo).date().isoformat()
    response = client.get(f"/api/v1/organisations/{demo.org.pk}/register.pdf?as_of={day}")
    assert response.status_code == 400
    assert "not yet in the register" in response.json()["as_of"][0]
    assert not RegisterExport.objects.exists()


def test_admin_form_shows_the_refusal_on_the_as_of_field(client, auditor, demo):
    client.force_login(auditor)
    day = _before(demo).date().isoformat()
    response = client.post("/admin/register/export/", {"organisation": demo.org.pk, "format": "pdf", "as_of": day})
    assert response.status_code == 200
    assert "not yet in the register" in str(response.context["form"].errors["as_of"])
    assert not RegisterExport.objects.exists()


def test_command_refuses_with_a_message(demo, tmp_path):
    day = _before(demo).date().isoformat()
    out = tmp_path / "r.pdf"
    with pytest.raises(CommandError, match="not yet in the register"):
        call_command("export_register", organisation=str(demo.org.pk), format="pdf", as_of=day, output=str(out))
    assert not out.exists() and not RegisterExport.objects.exists()


def test_the_day_the_organisation_was_created_is_reported(demo):
    export, content = export_register(demo.org.pk, "json", as_of=demo.org.created_at + dt.timedelta(seconds=1))
    assert content and RegisterExport.objects.filter(pk=export.pk).exists()
