"""The DPO's daily work in the admin: findings worked (accepted, waived, assigned) with history and in every
report annex; reviews marked with the organisation's cadence; the start page; the redesigned activity form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ropa.checks import run_checks
from ropa.choices import FindingStatus, LawfulBasis, RecipientRole
from ropa.history import change_context
from ropa.models import ActivityReview, FindingDecision, LegalBasis, ProcessingActivity, Recipient, ReviewPolicy
from ropa.models.workflow import add_months
from ropa.register import build_register
from ropa.reports.service import export_register
from tests import factories as f
from tests.reports.helpers import json_doc, pdf_text, squash, workbook

pytestmark = pytest.mark.django_db

DPA = "RECIPIENT-DPA-MISSING"
TODAY = timezone.localdate


@pytest.fixture
def org(db):
    return f.organisation(address="Gedimino pr. 1, Vilnius")


@pytest.fixture
def act(org):
    """A complete activity whose processor has no DPA: a third-party finding that touches the activity."""
    act = f.complete_activity(org)
    f.save(
        Recipient(
            activity=act,
            third_party=f.third_party(name="NoDPA Analytics", dpa_reference=""),
            role=RecipientRole.PROCESSOR,
        )
    )
    return act


def _decide_url(act, code=DPA):
    finding = next(x for x in run_checks(build_register(act.organisation_id)) if x.code == code)
    query = f"organisation={finding.organisation_id}&code={code}"
    query += f"&activity={finding.activity_id}" if finding.activity_id else ""
    query += f"&third_party={finding.third_party_id}" if finding.third_party_id else ""
    return f"{reverse('ropa-finding-decide')}?{query}", finding


# --- findings ---------------------------------------------------------------------------------------------


def test_activity_page_shows_third_party_findings_with_a_link_to_the_field(dpo_client, act):
    page = dpo_client.get(reverse("admin:ropa_processingactivity_change", args=[act.pk])).content.decode()
    assert DPA in page and "NoDPA Analytics" in page
    party = Recipient.objects.get(activity=act, third_party__name="NoDPA Analytics").third_party_id
    assert f'href="/admin/ropa/thirdparty/{party}/change/#id_dpa_reference"' in page


def test_waiving_needs_a_justification_and_an_expiry(dpo_client, act):
    url, _finding = _decide_url(act)
    response = dpo_client.post(url, {"status": FindingStatus.WAIVED, "justification": "", "version": 0})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "justification" in errors and "expires_on" in errors
    assert not FindingDecision.objects.exists()


def test_accepting_a_finding_is_recorded_with_history_and_shown_on_the_dashboard(dpo_client, dpo, act):
    url, finding = _decide_url(act)
    until = TODAY() + dt.timedelta(days=90)
    response = dpo_client.post(
        url,
        {
            "status": FindingStatus.ACCEPTED,
            "justification": "DPA being negotiated",
            "expires_on": until.isoformat(),
            "version": 0,
        },
    )
    assert response.status_code == 302
    decision = FindingDecision.objects.get()
    assert (decision.code, decision.third_party_id, decision.status) == (DPA, finding.third_party_id, "accepted")
    row = decision.history.get()
    assert row.history_user == dpo and row.history_change_reason == "DPA being negotiated"
    dashboard = dpo_client.get(f"{reverse('ropa-findings')}?organisation={act.organisation_id}").content.decode()
    assert "DPA being negotiated" in dashboard and "Accepted" in dashboard
    # still listed: a decision never hides the finding
    assert "NoDPA Analytics" in dashboard
    only_open = dpo_client.get(f"{reverse('ropa-findings')}?organisation={act.organisation_id}&status=open")
    assert DPA not in {x.code for x, _u, _d in only_open.context["findings"]}


def test_dashboard_filters_by_severity_rule_and_owner(dpo_client, dpo, act):
    url, _finding = _decide_url(act)
    dpo_client.post(
        url,
        {
            "status": FindingStatus.OPEN,
            "assignee": dpo.pk,
            "due_on": (TODAY() + dt.timedelta(days=7)).isoformat(),
            "version": 0,
        },
    )
    base = f"{reverse('ropa-findings')}?organisation={act.organisation_id}"
    by_owner = dpo_client.get(f"{base}&owner=dpo").context["findings"]
    assert [x.code for x, _u, _d in by_owner] == [DPA]
    by_rule = dpo_client.get(f"{base}&rule={DPA}").context["findings"]
    assert {x.code for x, _u, _d in by_rule} == {DPA}
    warnings = dpo_client.get(f"{base}&severity=warning").context["findings"]
    assert all(x.severity == "warning" for x, _u, _d in warnings)


def test_only_the_dpo_decides_on_findings(client, contributor, auditor, act):
    url, _finding = _decide_url(act)
    for user in (contributor, auditor):
        client.force_login(user)
        response = client.post(url, {"status": FindingStatus.ACCEPTED, "justification": "x", "version": 0})
        assert response.status_code == 403
        assert "Your role does not allow this" in response.content.decode()
    assert not FindingDecision.objects.exists()


DECISIONS = {
    # status, justification, with an expiry, assigned with a due date; the words every annex must show
    "accepted": (FindingStatus.ACCEPTED, "DPA being negotiated", True, False, f"{FindingStatus.ACCEPTED.label} until"),
    "waived": (FindingStatus.WAIVED, "Pseudonymous ids only", True, False, f"{FindingStatus.WAIVED.label} until"),
    "assigned": (FindingStatus.OPEN, "", False, True, "assigned to dpo, due"),
}


@pytest.mark.parametrize("kind", DECISIONS)
def test_every_report_annex_shows_the_decision(dpo, act, kind):
    """Accepted, waived and assigned findings: recorded with history, and stated in the annex of the PDF, HTML,
    XLSX and JSON reports (CSV holds one table, the record itself, and has no annex: see the export form)."""
    status, justification, expires, assigned, words = DECISIONS[kind]
    with change_context(f"{kind} in test", user=dpo):
        decision = FindingDecision(
            organisation=act.organisation,
            code=DPA,
            status=status,
            third_party=Recipient.objects.get(third_party__name="NoDPA Analytics").third_party,
            justification=justification,
            expires_on=TODAY() + dt.timedelta(days=30) if expires else None,
            assignee=dpo if assigned else None,
            due_on=TODAY() + dt.timedelta(days=7) if assigned else None,
        )
        decision.full_clean()
        decision.save()
    row = decision.history.get()
    assert (row.history_user, row.history_change_reason, row.status) == (dpo, f"{kind} in test", status)

    org = act.organisation_id
    doc = json_doc(export_register(org, "json", include_findings=True)[1])
    decided = next(x for x in doc["register"]["findings"] if x["code"] == DPA)
    assert decided["decision"]["status"] == status
    assert decided["decision"]["assigned_to"] == ("dpo" if assigned else None)
    assert decided["decision"]["justification"] == justification
    html = export_register(org, "html", include_findings=True)[1].decode()
    assert words in html and justification in html
    pdf = squash(pdf_text(export_register(org, "pdf", include_findings=True)[1]))
    assert squash(words) in pdf and squash(justification) in pdf
    sheet = workbook(export_register(org, "xlsx", include_findings=True)[1])["Findings"]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any(words in c and justification in c for c in cells)


def test_an_expired_waiver_counts_as_open_again(dpo, act):
    from ropa.checks.decisions import decisions_for

    with change_context("waived", user=dpo):
        d = FindingDecision(
            organisation=act.organisation,
            code=DPA,
            status=FindingStatus.WAIVED,
            justification="Temporary",
            expires_on=TODAY() + dt.timedelta(days=1),
        )
        d.full_clean()
        d.save()
    later = timezone.now() + dt.timedelta(days=3)
    (view,) = decisions_for(act.organisation_id).values()
    assert view.in_force
    assert FindingDecision.objects.get().in_force(TODAY() + dt.timedelta(days=3)) is False
    assert decisions_for(act.organisation_id, later)  # history as of a later moment still holds the row


# --- reviews ----------------------------------------------------------------------------------------------


def test_mark_reviewed_records_the_reviewer_and_sets_the_next_due_date_from_the_cadence(dpo_client, dpo, act):
    with change_context("cadence"):
        ReviewPolicy.objects.create(organisation=act.organisation, cadence_months=6)
    response = dpo_client.post(reverse("admin:ropa_processingactivity_review", args=[act.pk]))
    assert response.status_code == 302
    act.refresh_from_db()
    review = ActivityReview.objects.get()
    assert (review.reviewer, review.reviewed_on) == (dpo, TODAY())
    assert act.last_reviewed_on == TODAY() and act.next_review_due == add_months(TODAY(), 6)
    assert act.history.first().history_user == dpo and review.history.get().history_user == dpo


def test_bulk_mark_reviewed_and_the_auditor_cannot(client, dpo, auditor, org):
    a, b = f.activity(org), f.activity(org)
    client.force_login(auditor)
    changelist = reverse("admin:ropa_processingactivity_changelist")
    client.post(changelist, {"action": "mark_reviewed", "_selected_action": [a.pk, b.pk]})
    assert not ActivityReview.objects.exists()
    assert client.post(reverse("admin:ropa_processingactivity_review", args=[a.pk])).status_code == 403
    client.force_login(dpo)
    client.post(changelist, {"action": "mark_reviewed", "_selected_action": [a.pk, b.pk]})
    assert ActivityReview.objects.count() == 2
    assert set(ProcessingActivity.objects.values_list("next_review_due", flat=True)) == {add_months(TODAY(), 12)}


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 14) == dt.date(2028, 1, 15)


def test_review_reminders_email_the_dpo_grouped_by_owner(org, dpo):
    dpo.email = "dpo-user@example.org"
    dpo.save()
    f.activity(org, reference="OLD-1", business_function="Marketing", next_review_due=TODAY() - dt.timedelta(days=3))
    f.activity(org, reference="FINE-1", next_review_due=TODAY() + dt.timedelta(days=200))
    call_command("send_review_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {"dpo-user@example.org", org.dpo_email}
    body = mail.outbox[0].body
    assert "Marketing:" in body and "OLD-1" in body and "OVERDUE" in body and "FINE-1" not in body


# --- pages ------------------------------------------------------------------------------------------------


def test_start_page_counts_link_to_filtered_lists(dpo_client, act, django_assert_max_num_queries):
    with django_assert_max_num_queries(45):
        page = dpo_client.get(reverse("admin:index")).content.decode()
    assert "ropa-overview" in page and "<svg" in page
    assert "?status__exact=active" in page and "?third_country=US" in page and "review_overdue=yes" in page
    assert "/api/docs/" in page and "Recent changes" in page


def test_third_party_page_lists_the_activities_that_use_it(dpo_client, act):
    party = Recipient.objects.get(activity=act, third_party__name="NoDPA Analytics").third_party
    page = dpo_client.get(reverse("admin:ropa_thirdparty_change", args=[party.pk])).content.decode()
    assert f'href="/admin/ropa/processingactivity/{act.pk}/change/"' in page


def test_change_page_has_sections_light_country_inputs_and_bounded_queries(
    dpo_client, act, django_assert_max_num_queries
):
    url = reverse("admin:ropa_processingactivity_change", args=[act.pk])
    with django_assert_max_num_queries(60):
        page = dpo_client.get(url).content.decode()
    for section in ("section-what", "section-data", "section-sharing", "section-safeguards"):
        assert f'id="{section}"' in page
    assert page.count("<datalist") == 1 and 'list="ropa-countries"' in page
    # the reason sits next to Save, after every section
    assert page.index('name="change_reason"') > page.index('id="section-safeguards"')
    assert page.index('name="change_reason"') < page.index('name="_save"')


def test_each_relation_is_entered_in_the_section_its_declaration_names(dpo_client, act):
    """The form's sections read the relation declarations (`Relation.section`): no second list of relations."""
    from ropa.admin.activity_form import SECTIONS
    from ropa.models import ACTIVITY_RELATIONS

    slugs = [s.slug for s in SECTIONS]
    assert {m.relation.section for m in ACTIVITY_RELATIONS} <= set(slugs)
    assert [m for s in SECTIONS for m in s.relations] == sorted(
        ACTIVITY_RELATIONS, key=lambda m: (slugs.index(m.relation.section), m.relation.position)
    )
    page = dpo_client.get(reverse("admin:ropa_processingactivity_change", args=[act.pk])).content.decode()
    starts = [page.index(f'id="section-{slug}"') for slug in slugs] + [page.index('id="ropa-save"')]
    for model in ACTIVITY_RELATIONS:
        i = slugs.index(model.relation.section)
        where = page.index(f'id="{model._meta.model_name}_set-group"')
        assert starts[i] < where < starts[i + 1], model.relation.name


def test_a_bad_save_lists_each_error_at_the_top_with_a_link_and_keeps_what_was_typed(dpo_client, org):
    data = {
        "organisation": org.pk,
        "reference": "",
        "name": "Typed name kept",
        "role": "controller",
        "status": "draft",
        "change_reason": "",
        "version": 0,
    }
    for prefix in (
        "activitypurpose_set",
        "legalbasis_set",
        "activitydatasubject_set",
        "activitydatacategory_set",
        "recipient_set",
        "transfer_set",
        "activitysecuritymeasure_set",
        "activitycontroller_set",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    page = dpo_client.post(reverse("admin:ropa_processingactivity_add"), data).content.decode()
    assert 'id="ropa-error-summary"' in page
    assert 'href="#id_reference"' in page and 'href="#id_change_reason"' in page
    assert 'value="Typed name kept"' in page


def test_basis_picked_on_the_purpose_row_becomes_a_legal_basis(dpo_client, org):
    from ropa.models import Purpose

    purpose = Purpose.objects.get(key="service_provision")
    data = {
        "organisation": org.pk,
        "reference": "NEW-1",
        "name": "Newsletter",
        "role": "controller",
        "status": "draft",
        "dpia_status": "not_screened",
        "change_reason": "New activity",
        "version": 0,
        "activitypurpose_set-TOTAL_FORMS": 1,
        "activitypurpose_set-INITIAL_FORMS": 0,
        "activitypurpose_set-0-purpose": purpose.pk,
        "activitypurpose_set-0-basis": LawfulBasis.CONTRACT,
        "activitypurpose_set-0-version": 0,
    }
    for prefix in (
        "legalbasis_set",
        "activitydatasubject_set",
        "activitydatacategory_set",
        "recipient_set",
        "transfer_set",
        "activitysecuritymeasure_set",
        "activitycontroller_set",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = dpo_client.post(reverse("admin:ropa_processingactivity_add"), data)
    assert response.status_code == 302, response.context["error_summary"]
    basis = LegalBasis.objects.get(activity__reference="NEW-1")
    assert (basis.purpose, basis.basis) == (purpose, LawfulBasis.CONTRACT)
    assert basis.history.get().history_change_reason == "New activity"


def test_activity_list_shows_findings_count_and_next_review(dpo_client, act):
    page = dpo_client.get(reverse("admin:ropa_processingactivity_changelist")).content.decode()
    assert "column-finding_count" in page and "column-next_review" in page
    assert "column-organisation" not in page


def test_history_shows_one_entry_per_save_with_its_relation_changes_inside(dpo_client, org):
    test_basis_picked_on_the_purpose_row_becomes_a_legal_basis(dpo_client, org)
    act = ProcessingActivity.objects.get(reference="NEW-1")
    response = dpo_client.get(reverse("admin:ropa_processingactivity_history", args=[act.pk]))
    (save,) = response.context["saves"]  # the activity, its purpose and its basis: one save
    assert save["reason"] == "New activity" and len(save["entries"]) >= 3
    assert response.content.decode().count('class="history-save"') == 1


def test_as_of_and_changes_views_link_to_the_records_and_export_the_view(dpo_client, act):
    org = act.organisation_id
    moment = timezone.localtime().replace(tzinfo=None).isoformat()
    as_of = dpo_client.get(reverse("register_as_of"), {"organisation": org, "as_of": moment}).content.decode()
    assert f'href="/admin/ropa/processingactivity/{act.pk}/history/"' in as_of
    assert f'href="/admin/ropa/processingactivity/{act.pk}/change/"' in as_of
    assert 'id="export-this-view"' in as_of and f"/admin/register/export/?organisation={org}&amp;as_of=" in as_of
    changes = dpo_client.get(
        reverse("register_changes"), {"organisation": org, "start": "2000-01-01", "end": moment}
    ).content.decode()
    assert f'href="/admin/ropa/processingactivity/{act.pk}/history/"' in changes
    assert f'href="/admin/ropa/processingactivity/{act.pk}/change/"' in changes
    assert f"/api/v1/organisations/{org}/changes/?from=" in changes


def test_save_and_add_another_like_this_opens_a_copy_with_its_relations(dpo_client, act):
    url = reverse("admin:ropa_processingactivity_change", args=[act.pk])
    response = dpo_client.get(url)
    assert 'name="_clone"' in response.content.decode()
    add = dpo_client.get(f"{reverse('admin:ropa_processingactivity_add')}?clone={act.pk}")
    form = add.context["adminform"].form
    assert form.initial["name"] == f"Copy of {act.name}" and "reference" not in form.initial
    recipients = next(i for i in add.context["inline_admin_formsets"] if i.formset.prefix == "recipient_set")
    copied = {f.initial.get("third_party") for f in recipients.formset.forms}
    assert copied == set(act.recipient_set.values_list("third_party_id", flat=True))


def test_the_auditor_is_told_a_page_is_read_only(client, auditor, act):
    client.force_login(auditor)
    for name, pk in (("processingactivity", act.pk), ("organisation", act.organisation_id)):
        page = client.get(reverse(f"admin:ropa_{name}_change", args=[pk])).content.decode()
        assert "your role is read-only here" in page, name


def test_new_pages_run_a_bounded_number_of_queries(dpo_client, act, django_assert_max_num_queries):
    url, _finding = _decide_url(act)
    party = Recipient.objects.get(activity=act, third_party__name="NoDPA Analytics").third_party
    dashboard = f"{reverse('ropa-findings')}?organisation={act.organisation_id}&severity=error"
    for page, bound in (
        (url, 30),
        (dashboard, 30),
        (reverse("admin:ropa_thirdparty_change", args=[party.pk]), 20),
        (reverse("admin:ropa_activityreview_changelist"), 12),
    ):
        with django_assert_max_num_queries(bound):
            assert dpo_client.get(page).status_code == 200, page


def test_a_contributor_is_told_how_to_get_a_missing_catalogue_entry(client, contributor, act):
    client.force_login(contributor)
    page = client.get(reverse("admin:ropa_processingactivity_change", args=[act.pk])).content.decode()
    assert "Not in the list? Ask your DPO to add it to the purposes." in page
