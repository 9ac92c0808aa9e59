"""The admin surfaces: the export page, the button on the organisation page, the changelist action."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from ropa.models import ExportJob, Organisation, RegisterExport
from ropa.reports.admin_actions import export_register_action
from tests import factories as f

pytestmark = pytest.mark.django_db
EXPORT_URL = "/admin/register/export/"


def test_export_page_needs_login_and_the_view_permission(client, demo):
    response = client.get(EXPORT_URL)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    staff = User.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get(EXPORT_URL).status_code == 403
    assert client.post(EXPORT_URL, {"organisation": demo.org.pk, "format": "csv"}).status_code == 403
    assert not RegisterExport.objects.exists()


def test_export_page_preselects_the_organisation(client, auditor, demo):
    client.force_login(auditor)
    response = client.get(EXPORT_URL, {"organisation": demo.org.pk})
    assert response.status_code == 200
    assert f'<option value="{demo.org.pk}" selected>' in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "html", "xlsx", "json"])
def test_export_page_serves_the_file_with_its_recorded_digest(client, auditor, demo, fmt):
    """The small formats are served at once; the PDF is a background job (tests/reports/test_jobs.py)."""
    client.force_login(auditor)
    response = client.post(
        EXPORT_URL, {"organisation": demo.org.pk, "format": fmt, "as_of": "", "include_retired": "on"}
    )
    assert response.status_code == 200
    export = RegisterExport.objects.get()
    assert export.sha256 == hashlib.sha256(response.content).hexdigest()
    assert (export.created_by, export.include_retired) == (auditor, True)
    disposition = "inline" if fmt == "html" else "attachment"
    assert response["Content-Disposition"].startswith(disposition)


def test_html_in_the_admin_is_shown_with_a_restrictive_policy(client, dpo, demo):
    client.force_login(dpo)
    response = client.post(EXPORT_URL, {"organisation": demo.org.pk, "format": "html"})
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "PA-001 — Payments" in response.content.decode()


@pytest.mark.parametrize(("as_of", "error"), [("not a date", "is not a date"), ("2999-01-01", "in the future")])
def test_bad_as_of_is_a_field_error_on_the_form(client, dpo, demo, as_of, error):
    client.force_login(dpo)
    response = client.post(EXPORT_URL, {"organisation": demo.org.pk, "format": "pdf", "as_of": as_of})
    assert response.status_code == 200
    assert error in response.context["form"].errors["as_of"][0]
    assert not RegisterExport.objects.exists()


def test_organisation_page_has_the_export_button(client, dpo, demo):
    client.force_login(dpo)
    response = client.get(reverse("admin:ropa_organisation_change", args=[demo.org.pk]))
    assert response.status_code == 200
    assert f'href="{EXPORT_URL}?organisation={demo.org.pk}"' in response.content.decode()


def _action_request(user):
    request = RequestFactory().post("/admin/ropa/organisation/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_action_queues_one_pdf_job_per_organisation(client, auditor, demo):
    other = f.organisation(name="Second Org SIA")
    model_admin = admin.site._registry[Organisation]
    response = export_register_action(
        model_admin, _action_request(auditor), Organisation.objects.filter(pk__in=[demo.org.pk, other.pk])
    )
    assert response.status_code == 302 and response["Location"] == EXPORT_URL
    jobs = ExportJob.objects.order_by("organisation_id")
    assert [(j.organisation_id, j.format, j.status) for j in jobs] == [
        (demo.org.pk, "pdf", "complete"),
        (other.pk, "pdf", "complete"),
    ]
    client.force_login(auditor)
    for job in jobs:
        served = client.get(f"/admin/register/export/jobs/{job.pk}/file")
        assert served["Content-Type"] == "application/pdf"
        assert hashlib.sha256(served.content).hexdigest() == job.export.sha256


def test_action_refuses_users_without_view_permission(demo):
    staff = User.objects.create_user("staff", is_staff=True)
    with pytest.raises(PermissionDenied):
        export_register_action(admin.site._registry[Organisation], _action_request(staff), Organisation.objects.all())


def test_organisation_changelist_offers_the_export_action(client, auditor, demo):
    client.force_login(auditor)
    changelist = reverse("admin:ropa_organisation_changelist")
    assert "export_register_action" in client.get(changelist).content.decode()
    response = client.post(
        changelist, {"action": "export_register_action", "_selected_action": [demo.org.pk]}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == EXPORT_URL
    assert "1 register export queued" in page and "job-complete" in page
    job = ExportJob.objects.get()
    assert f"/admin/register/export/jobs/{job.pk}/file" in page
    assert RegisterExport.objects.get() == job.export
