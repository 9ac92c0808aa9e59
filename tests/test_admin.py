"""The DPO's admin: every page renders, the reason and the version travel with every form, stale saves are
refused with a message, deletes ask why and keep history, and the lists and the activity page run a constant
number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from ropa.choices import DPIACriterion, Role, TransferMechanism
from ropa.history import change_context
from ropa.models import (
    ActivityDataCategory,
    ActivityReview,
    ApiToken,
    DataCategory,
    FindingDecision,
    Membership,
    PrivacyNotice,
    ProcessingActivity,
    Recipient,
    RegisterApproval,
    RegisterExport,
    ThirdParty,
    Transfer,
)
from ropa.reports.approval import approve_register
from tests import factories

pytestmark = pytest.mark.django_db

REASON = "Quarterly register review"


# --- helpers shared by the admin test modules -----------------------------------------------------


def url(model_or_name, view: str, *args) -> str:
    name = model_or_name if isinstance(model_or_name, str) else model_or_name._meta.model_name
    return reverse(f"admin:ropa_{name}_{view}", args=args)


def _post_value(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _add_form(data: dict, form) -> None:
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        if isinstance(value, bool) or bound.widget_type == "checkbox":
            if value:
                data[bound.html_name] = "on"
            continue
        if bound.widget_type in ("checkboxselectmultiple", "selectmultiple"):
            data[bound.html_name] = _post_value(value or [])  # nothing ticked: the browser sends nothing
            continue
        data[bound.html_name] = _post_value(value)


def form_data(response, **changes) -> dict:
    """What a browser would post back for the admin form in `response`, inline formsets included."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    data.update(changes)
    return data


def add_inline_row(data: dict, prefix: str, **fields) -> None:
    """Append one new row to the inline formset `prefix` of posted `data`."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data[f"{prefix}-{index}-version"] = "0"
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = _post_value(value)


def inline_errors(response, prefix: str) -> list[dict]:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return [form.errors for form in inline.formset.forms]
    raise AssertionError(f"no inline {prefix}")


def register_data():
    """One of each record the admin shows, written the way production code writes (full_clean + context)."""
    org = factories.organisation()
    act = factories.complete_activity(org)
    with change_context("export fixture"):
        RegisterExport.objects.create(
            organisation=org, format="pdf", created_at=timezone.now(), sha256="ab" * 32, size=123
        )
    with change_context("workflow fixture"):
        FindingDecision.objects.create(organisation=org, code="RETENTION-VAGUE", activity=act, status="open")
        reviewer = User.objects.create_user("reviewer")
        ActivityReview.record(act, reviewer)
        approve_register(org.pk, reviewer, "Data protection officer")
    with change_context("notice fixture"):
        PrivacyNotice(organisation=org, version_label="1.0", published_on=timezone.localdate(), text="We use a.").save()
    factories.save(Membership(user=reviewer, organisation=org, role=Role.CONTRIBUTOR))
    return org, act


# --- every page renders ---------------------------------------------------------------------------


def test_every_register_model_is_in_the_admin_and_no_historical_model_is():
    registered = {m._meta.model_name for m in admin.site._registry if m._meta.app_label == "ropa"}
    assert registered == {
        "datacategory",
        "datasubjectcategory",
        "purpose",
        "securitymeasure",
        "adequacydecision",
        "organisation",
        "thirdparty",
        "membership",
        "processingactivity",
        "registerexport",
        "apitoken",
        "findingdecision",
        "activityreview",
        "privacynotice",
        "registerapproval",
    }
    assert not [m for m in admin.site._registry if m._meta.model_name.startswith("historical")]


def test_every_admin_list_add_change_and_history_page_renders_for_a_dpo(dpo_client):
    register_data()
    for model in admin.site._registry:
        if model._meta.app_label != "ropa" or model is ApiToken:  # not a register record: tests/test_tokens.py
            continue
        name = model._meta.model_name
        assert dpo_client.get(url(name, "changelist")).status_code == 200, name
        assert dpo_client.get(url(name, "changelist"), {"q": "a"}).status_code == 200, name
        obj = model._default_manager.first()
        assert obj is not None, name
        response = dpo_client.get(url(name, "change", obj.pk))
        assert response.status_code == 200, name
        if model in (RegisterExport, FindingDecision, ActivityReview, RegisterApproval):  # written by the application
            assert dpo_client.get(url(name, "add")).status_code == 403
            continue
        assert dpo_client.get(url(name, "add")).status_code == 200, name
        assert 'name="change_reason"' in response.content.decode(), name
        assert dpo_client.get(url(name, "history", obj.pk)).status_code == 200, name


def test_activity_change_page_shows_every_inline_with_the_version_hidden(dpo_client):
    act = factories.complete_activity()
    response = dpo_client.get(url("processingactivity", "change", act.pk))
    prefixes = {inline.formset.prefix for inline in response.context["inline_admin_formsets"]}
    assert prefixes == {
        "activitypurpose_set",
        "legalbasis_set",
        "activitydatasubject_set",
        "activitydatacategory_set",
        "recipient_set",
        "transfer_set",
        "activitysecuritymeasure_set",
        "activitycontroller_set",
    }
    html = response.content.decode()
    assert f'<input type="hidden" name="version" value="{act.version}"' in html
    category = act.activitydatacategory_set.get()
    assert f'name="activitydatacategory_set-0-version" value="{category.version}"' in html
    # the autocompleted choices show their labels (loaded with the rows, not queried per row)
    assert f'<option value="{category.data_category_id}" selected>Email address</option>' in html
    assert f'<option value="{act.recipient_set.get().third_party_id}" selected>' in html
    # the retention and the Art. 9/10 fields sit on the data category row
    for field in (
        "retention_period",
        "retention_unit",
        "retention_event",
        "art9_condition",
        "art10_authority",
    ):
        assert f'name="activitydatacategory_set-0-{field}"' in html


def test_activity_filters_select_the_right_activities(dpo_client):
    org = factories.organisation()
    plain = factories.activity(org)
    us = factories.complete_activity(org)  # US transfer on SCCs, recipient established in the US
    health = factories.activity(org, next_review_due=timezone.localdate() - dt.timedelta(days=1))
    factories.save(
        ActivityDataCategory(
            activity=health, data_category=DataCategory.objects.get(key="special.health"), art9_condition="a"
        )
    )
    eu_vendor = factories.third_party(country="DE")
    factories.save(Recipient(activity=plain, third_party=eu_vendor, role="processor"))
    changelist = url("processingactivity", "changelist")

    def shown(**params) -> set[int]:
        response = dpo_client.get(changelist, params)
        assert response.status_code == 200
        return {a.pk for a in response.context["cl"].result_list}

    assert shown(special_data="any") == {health.pk}
    assert shown(special_data="none") == {plain.pk, us.pk}
    assert shown(third_country="US") == {us.pk}
    assert shown(third_country="any") == {us.pk}
    assert shown(third_country="recipient_outside_eea") == {us.pk}
    assert shown(review_overdue="yes") == {health.pk}
    assert shown(organisation__id__exact=org.pk) == {plain.pk, us.pk, health.pk}
    assert shown(q=us.reference) == {us.pk}


def _show_activity_changelist(client, count: int) -> None:
    response = client.get(url("processingactivity", "changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count


def test_activity_changelist_runs_the_same_queries_for_1_and_3_activities(dpo_client, assert_queries):
    org = factories.organisation()
    vendor = factories.third_party(country="US")
    for count in (1, 3):
        factories.grow_to(org, count, vendor)
        with assert_queries("admin.activity_changelist", f"{count} activities"):
            _show_activity_changelist(dpo_client, count)


@pytest.mark.slow
def test_activity_changelist_runs_the_same_queries_for_55_activities(dpo_client, assert_queries):
    org = factories.organisation()
    factories.complete_activity(org)
    factories.bulk_register(org, 54)
    with assert_queries("admin.activity_changelist", "55 activities"):
        _show_activity_changelist(dpo_client, 55)


def test_activity_change_page_runs_the_same_queries_for_1_and_3_rows_of_each_relation(dpo_client, assert_queries):
    org = factories.organisation()
    one = factories.complete_activity(org)
    three = factories.complete_activity(org)
    categories = DataCategory.objects.filter(sensitivity="ordinary").exclude(key="contact.email")[:2]
    for category in categories:
        factories.save(ActivityDataCategory(activity=three, data_category=category, retention_note="As needed"))
    for _ in range(2):
        vendor = factories.third_party(country="US")
        factories.save(Recipient(activity=three, third_party=vendor, role="processor"))
        factories.save(
            Transfer(activity=three, third_party=vendor, destination_country="US", mechanism=TransferMechanism.SCC)
        )
    assert (three.activitydatacategory_set.count(), three.recipient_set.count(), three.transfer_set.count()) == (
        3,
        3,
        3,
    )
    for act, rows in ((one, 1), (three, 3)):
        with assert_queries("admin.activity_change_page", f"{rows} rows of each relation"):
            assert dpo_client.get(url("processingactivity", "change", act.pk)).status_code == 200


@pytest.mark.parametrize("name", ["thirdparty", "organisation", "datacategory", "adequacydecision", "registerexport"])
def test_other_changelists_run_the_same_queries_for_1_and_3_records(dpo_client, dpo, assert_queries, name):
    from ropa.reports.service import export_register

    for count in (1, 3):  # catalogues and adequacy decisions are seeded: their lists are longer
        while ThirdParty.objects.count() < count:
            factories.third_party()
        while RegisterExport.objects.count() < count:
            export_register(factories.activity().organisation_id, "csv", user=dpo)
        with assert_queries(f"admin.changelist.{name}", f"{count} records"):
            assert dpo_client.get(url(name, "changelist")).status_code == 200


# --- reason and version ---------------------------------------------------------------------------


def test_a_change_without_a_reason_is_refused_and_nothing_is_saved(dpo_client):
    act = factories.activity(name="Before")
    response = dpo_client.get(url("processingactivity", "change", act.pk))
    response = dpo_client.post(
        url("processingactivity", "change", act.pk), form_data(response, name="After", change_reason="   ")
    )
    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
    act.refresh_from_db()
    assert act.name == "Before"


def test_admin_change_records_the_user_and_the_typed_reason(dpo_client, dpo):
    act = factories.activity(name="Before")
    response = dpo_client.get(url("processingactivity", "change", act.pk))
    response = dpo_client.post(
        url("processingactivity", "change", act.pk),
        form_data(response, name="After", change_reason=f"  {REASON}  "),
    )
    assert response.status_code == 302
    latest = act.history.latest()
    assert (latest.name, latest.history_user, latest.history_change_reason) == ("After", dpo, REASON)
    assert latest.history_type == "~"


def test_admin_add_records_user_and_reason_and_the_dpia_screening_checkboxes(dpo_client, dpo):
    org = factories.organisation()
    response = dpo_client.get(url("processingactivity", "add"))
    html = response.content.decode()
    assert f'type="checkbox" name="dpia_screening" value="{DPIACriterion.LARGE_SCALE}"' in html
    data = form_data(
        response,
        organisation=str(org.pk),
        reference="PA-NEW",
        name="Newsletter",
        change_reason="New activity for the newsletter",
    )
    data["dpia_screening"] = [DPIACriterion.LARGE_SCALE, DPIACriterion.MONITORING]
    response = dpo_client.post(url("processingactivity", "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    act = ProcessingActivity.objects.get(reference="PA-NEW")
    assert act.dpia_screening == [DPIACriterion.LARGE_SCALE, DPIACriterion.MONITORING]
    created = act.history.get()
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        dpo,
        "New activity for the newsletter",
    )


def test_a_stale_activity_save_is_refused_with_a_message_and_the_database_keeps_the_other_edit(dpo_client):
    act = factories.activity(name="Original")
    response = dpo_client.get(url("processingactivity", "change", act.pk))
    stale = form_data(response, name="Mine", change_reason="My edit")
    # another DPO saves the same activity meanwhile
    other = ProcessingActivity.objects.get(pk=act.pk)
    other.name = "Theirs"
    factories.save(other, reason="Their edit")

    response = dpo_client.post(url("processingactivity", "change", act.pk), stale)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "changed by someone else" in " ".join(errors)
    assert "changed by someone else" in response.content.decode()
    act.refresh_from_db()
    assert (act.name, act.version) == ("Theirs", other.version)
    assert act.history.latest().history_change_reason == "Their edit"


def test_a_save_that_loses_the_race_after_validation_is_refused_with_a_message(dpo_client, monkeypatch):
    """The form's check passed, but another save landed before ours took the row lock: save() refuses under
    the lock, the admin rolls back and says so instead of failing with a server error."""
    act = factories.activity(name="Original")
    response = dpo_client.get(url("processingactivity", "change", act.pk))
    stale = form_data(response, name="Mine", change_reason="My edit")
    other = ProcessingActivity.objects.get(pk=act.pk)
    other.name = "Theirs"
    factories.save(other)
    # the race: clean() ran before the other save, so it saw no change
    monkeypatch.setattr(ProcessingActivity, "validate_version", lambda self: None)

    response = dpo_client.post(url("processingactivity", "change", act.pk), stale, follow=True)
    assert response.status_code == 200
    assert "changed by someone else" in " ".join(str(m) for m in response.context["messages"])
    act.refresh_from_db()
    assert act.name == "Theirs"


def test_a_stale_inline_row_is_refused(dpo_client):
    act = factories.complete_activity()
    response = dpo_client.get(url("processingactivity", "change", act.pk))
    stale = form_data(response, change_reason="My retention change")
    stale["activitydatacategory_set-0-retention_period"] = "5"
    row = act.activitydatacategory_set.get()
    row.retention_period = 3
    factories.save(row, reason="Their retention change")

    response = dpo_client.post(url("processingactivity", "change", act.pk), stale)
    assert response.status_code == 200
    (errors,) = inline_errors(response, "activitydatacategory_set")
    assert "changed by someone else" in str(errors)
    row.refresh_from_db()
    assert row.retention_period == 3


def test_a_stale_catalogue_save_is_refused(dpo_client):
    category = DataCategory.objects.get(key="contact.email")
    response = dpo_client.get(url("datacategory", "change", category.pk))
    stale = form_data(response, name="E-mail (mine)", change_reason="Rename")
    category.name = "E-mail (theirs)"
    factories.save(category)
    response = dpo_client.post(url("datacategory", "change", category.pk), stale)
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    category.refresh_from_db()
    assert category.name == "E-mail (theirs)"


# --- delete ---------------------------------------------------------------------------------------


def test_deleting_an_activity_asks_for_a_reason_and_keeps_its_history(dpo_client, dpo):
    act = factories.complete_activity()
    pk = act.pk
    confirm = dpo_client.get(url("processingactivity", "delete", pk))
    assert 'name="change_reason"' in confirm.content.decode()

    response = dpo_client.post(url("processingactivity", "delete", pk), {"post": "yes"})
    assert response.status_code == 302
    assert ProcessingActivity.objects.filter(pk=pk).exists()

    response = dpo_client.post(
        url("processingactivity", "delete", pk), {"post": "yes", "change_reason": "Activity stopped"}
    )
    assert response.status_code == 302
    assert not ProcessingActivity.objects.filter(pk=pk).exists()
    assert not Transfer.objects.filter(activity_id=pk).exists()

    deleted = ProcessingActivity.history.filter(id=pk).latest()
    assert (deleted.history_type, deleted.history_user, deleted.history_change_reason) == (
        "-",
        dpo,
        "Activity stopped",
    )
    types = list(ProcessingActivity.history.filter(id=pk).order_by("history_id").values_list("history_type", flat=True))
    assert types[0] == "+" and types.count("-") == 1 and types[-1] == "-"
    gone_transfer = Transfer.history.filter(activity_id=pk).latest()
    assert (gone_transfer.history_type, gone_transfer.history_change_reason) == ("-", "Activity stopped")

    history = dpo_client.get(url("processingactivity", "history", pk))
    assert history.status_code == 200
    html = history.content.decode()
    assert "Activity stopped" in html and "Deleted" in html and "Transfer removed" in html


def test_bulk_delete_asks_why_and_records_who_deleted(dpo_client, dpo):
    old, older = factories.third_party(name="Old vendor"), factories.third_party(name="Older vendor")
    changelist = url("thirdparty", "changelist")
    confirm = dpo_client.post(changelist, {"action": "delete_selected", "_selected_action": [old.pk]})
    assert 'name="change_reason"' in confirm.content.decode()

    response = dpo_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [old.pk], "post": "yes", "change_reason": "Offboarded"},
    )
    assert response.status_code == 302
    deleted = ThirdParty.history.filter(id=old.pk).latest()
    assert (deleted.history_type, deleted.history_user, deleted.history_change_reason) == ("-", dpo, "Offboarded")

    # no reason typed: the history still says who deleted it, and where
    dpo_client.post(changelist, {"action": "delete_selected", "_selected_action": [older.pk], "post": "yes"})
    assert not ThirdParty.objects.filter(pk__in=[old.pk, older.pk]).exists()
    deleted = ThirdParty.history.filter(id=older.pk).latest()
    assert (deleted.history_type, deleted.history_user) == ("-", dpo)
    assert deleted.history_change_reason == "Deleted in the admin by dpo"


# --- read-only exports and autocomplete -----------------------------------------------------------


def test_register_exports_are_read_only_in_the_admin(dpo_client):
    _, _ = register_data()
    export = RegisterExport.objects.get()
    listing = dpo_client.get(url("registerexport", "changelist")).content.decode()
    assert export.sha256 in listing
    assert dpo_client.get(url("registerexport", "add")).status_code == 403
    assert dpo_client.post(url("registerexport", "change", export.pk), {"format": "csv"}).status_code == 403
    assert dpo_client.post(url("registerexport", "delete", export.pk), {"post": "yes"}).status_code == 403
    export.refresh_from_db()
    assert export.format == "pdf"


def test_activity_inlines_autocomplete_catalogues_and_third_parties(dpo_client):
    factories.third_party(name="Sentry")
    autocomplete = reverse("admin:autocomplete")
    found = dpo_client.get(
        autocomplete,
        {
            "app_label": "ropa",
            "model_name": "activitydatacategory",
            "field_name": "data_category",
            "term": "email",
        },
    ).json()
    assert "Email address" in [r["text"] for r in found["results"]]
    found = dpo_client.get(
        autocomplete,
        {"app_label": "ropa", "model_name": "recipient", "field_name": "third_party", "term": "sent"},
    ).json()
    assert [r["text"] for r in found["results"]] == ["Sentry"]


def test_transfer_mechanism_choices_are_the_chapter_v_list(dpo_client):
    act = factories.complete_activity()
    response = dpo_client.get(url("processingactivity", "change", act.pk))
    html = response.content.decode()
    for mechanism in (
        TransferMechanism.SCC,
        TransferMechanism.ADEQUACY,
        TransferMechanism.DEROGATION_CONSENT,
    ):
        assert f'value="{mechanism}"' in html
