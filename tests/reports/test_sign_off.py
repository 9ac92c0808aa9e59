"""The sign-off block states who approved this version of the register and when, from a recorded approval; a
version nobody approved says so plainly (never blanks for a signature the tool knows nothing about)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ropa.history import change_context
from ropa.models import ProcessingActivity, RegisterApproval
from ropa.models.base import history_of
from ropa.reports.service import export_register

from .helpers import json_doc, pdf_pages, squash, workbook

pytestmark = pytest.mark.django_db
NOT_APPROVED = "Not approved: no approval of this version of the register is recorded."


def _approve(client, org_id: int, role: str = "Data protection officer"):
    return client.post(f"/admin/register/approve/{org_id}/", {"approver_role": role})


def _sign_off_page(org_id: int, **options) -> str:
    """The PDF's sign-off block (on page 1 when the overview leaves room for it, else page 2) and what follows."""
    text = squash("".join(pdf_pages(export_register(org_id, "pdf", **options)[1])))
    return text[text.index("Sign-off") : text.index("Contents")]


def _heading(org_id: int) -> dict:
    ws = workbook(export_register(org_id, "xlsx")[1])["Controller record"]
    return {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}


def test_an_unapproved_register_says_so_in_every_format(demo):
    org = demo.org.pk
    assert squash(NOT_APPROVED) in _sign_off_page(org)
    assert "Approvedby" not in _sign_off_page(org)
    assert _heading(org)["Sign-off"] == NOT_APPROVED
    sign_off = json_doc(export_register(org, "json")[1])["export"]["sign_off"]
    assert sign_off == {
        "approved": False,
        "approved_by": "",
        "role": "",
        "approved_at": None,
        "statement": NOT_APPROVED,
    }
    assert NOT_APPROVED in export_register(org, "html")[1].decode()


def test_the_dpo_approves_and_reports_of_that_version_print_name_role_and_date(dpo_client, dpo, demo):
    dpo.first_name, dpo.last_name = "Ona", "Duomenė"
    dpo.save()
    response = _approve(dpo_client, demo.org.pk)
    assert response.status_code == 302, response.content
    approval = RegisterApproval.objects.get()
    row = history_of(RegisterApproval).get()
    assert (row.history_user, row.history_change_reason) == (dpo, "Register approved")
    day = timezone.localtime(approval.approved_at).strftime("%Y-%m-%d")
    expected = f"Approved by Ona Duomenė (Data protection officer) on {day}"
    page = _sign_off_page(demo.org.pk)
    assert squash(expected) in page and squash(f"Date of approval {day}") in page
    # The same version read with other options or as of a later moment is still the approved one.
    assert squash(expected) in _sign_off_page(demo.org.pk, include_retired=True, include_findings=True)
    with_annex = json_doc(export_register(demo.org.pk, "json", include_findings=True)[1])["export"]["sign_off"]
    assert with_annex["approved"] is True
    later = json_doc(export_register(demo.org.pk, "json", as_of=timezone.now())[1])["export"]["sign_off"]
    assert later["approved"] and later["approved_by"] == "Ona Duomenė" and later["role"] == "Data protection officer"
    assert _heading(demo.org.pk)["Sign-off"].startswith(expected)
    # The approval names the version by the digest a default live report prints.
    printed = json_doc(export_register(demo.org.pk, "json")[1])["export"]["content_sha256"]
    assert approval.register_sha256 == printed


def test_a_change_after_the_approval_makes_the_report_say_its_version_is_not_approved(dpo_client, dpo, demo):
    _approve(dpo_client, demo.org.pk)
    between = timezone.now()  # after the approval, before the change
    with change_context("renamed", user=dpo):
        activity = ProcessingActivity.objects.get(pk=demo.payments.pk)
        activity.name = "Payments and refunds"
        activity.full_clean()
        activity.save()
    page = _sign_off_page(demo.org.pk)
    assert squash(NOT_APPROVED) in page
    assert squash("The last approval, by dpo (Data protection officer) on") in page
    assert squash("was of another version.") in page
    # As of a moment between the approval and the change, the register was the approved version.
    then = json_doc(export_register(demo.org.pk, "json", as_of=between)[1])["export"]["sign_off"]
    assert then["approved"] is True


def test_a_report_as_of_before_any_approval_names_none(dpo_client, demo):
    before = timezone.now()
    with change_context("renamed"):
        activity = ProcessingActivity.objects.get(pk=demo.payments.pk)
        activity.name = "Payments and refunds"
        activity.save()
    _approve(dpo_client, demo.org.pk)
    sign_off = json_doc(export_register(demo.org.pk, "json", as_of=before + dt.timedelta(microseconds=1))[1])
    assert sign_off["export"]["sign_off"]["statement"] == NOT_APPROVED


def test_only_the_dpo_may_approve(client, contributor, auditor, demo):
    for user in (contributor, auditor):
        client.force_login(user)
        assert client.get(f"/admin/register/approve/{demo.org.pk}/").status_code == 403
        assert _approve(client, demo.org.pk).status_code == 403
    assert not RegisterApproval.objects.exists()


def test_an_approval_needs_the_approvers_role(dpo_client, demo):
    response = _approve(dpo_client, demo.org.pk, role="   ")
    assert response.status_code == 200
    assert response.context["form"].errors["approver_role"]
    assert not RegisterApproval.objects.exists()


def test_the_approval_page_shows_the_version_and_the_organisation_page_links_to_it(dpo_client, demo):
    page = dpo_client.get(f"/admin/register/approve/{demo.org.pk}/")
    assert page.status_code == 200
    version = json_doc(export_register(demo.org.pk, "json")[1])["export"]["content_sha256"]
    assert version in page.content.decode() and NOT_APPROVED in page.content.decode()
    change = dpo_client.get(f"/admin/ropa/organisation/{demo.org.pk}/change/").content.decode()
    assert f"/admin/register/approve/{demo.org.pk}/" in change
