"""A DPO's day in a real browser: add an activity, fix a bad save, work a finding, review, export, look back;
and what the Contributor and the Auditor see."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from ropa.models import ActivityReview, FindingDecision, ProcessingActivity, RegisterExport, ThirdParty
from ropa.roles import AUDITOR, CONTRIBUTOR, DPO

from .conftest import PHONE, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MAX_CLICKS, MAX_PAGE_LOADS = 20, 3


class Journey:
    """Drives a page the way a person does and counts it: a click per button, link or list opened (native or
    autocomplete); text fields are typed after Tab, so they count as fields, not clicks. Page loads count every
    document loaded, popups included."""

    def __init__(self, page):
        self.page, self.clicks, self.fields, self.loads = page, 0, 0, 0
        page.on("load", self._loaded)
        page.context.on("page", lambda popup: popup.on("load", self._loaded))

    def _loaded(self, _page) -> None:
        self.loads += 1

    def click(self, selector: str, page=None) -> None:
        self.clicks += 1
        (page or self.page).click(selector)

    def type(self, selector: str, text: str, page=None) -> None:
        self.fields += 1
        (page or self.page).fill(selector, text)

    def choose(self, selector: str, label: str, page=None) -> None:
        self.clicks += 1
        self.fields += 1
        (page or self.page).select_option(selector, label=label)

    def pick(self, name: str, search: str, label: str) -> None:
        """An autocomplete: open it, type, take the matching result."""
        self.clicks += 1
        self.fields += 1
        self.page.click(f"select[name='{name}'] + .select2 .select2-selection")
        # Type into the search box itself: keys pressed before select2 has focused it would be lost.
        self.page.locator(".select2-container--open .select2-search__field").fill(search)
        self.page.locator(".select2-results__option--highlighted", has_text=label).wait_for()
        self.page.keyboard.press("Enter")


def add_the_scenario_activity(page, live_server) -> Journey:
    """The issue's scenario: a new analytics vendor with two purposes and their bases, app users, a device id
    kept 14 months, the new vendor and an existing one as recipients, the transfer to the US, a measure."""
    page.goto(f"{live_server.url}/admin/ropa/processingactivity/")  # where the DPO starts: the list
    j = Journey(page)
    j.click(".object-tools a.addlink")
    page.wait_for_selector("#section-what")
    j.type("#id_reference", "PA-900")
    j.type("#id_name", "Product analytics with Amplitude")
    j.pick("activitypurpose_set-0-purpose", "Analytics", "Analytics and service improvement")
    j.choose("#id_activitypurpose_set-0-basis", "Art. 6(1)(a) consent")
    j.pick("activitypurpose_set-1-purpose", "research", "Surveys and user research")
    j.choose("#id_activitypurpose_set-1-basis", "Art. 6(1)(a) consent")
    j.pick("activitydatasubject_set-0-data_subject", "App users", "App users")
    j.pick("activitydatacategory_set-0-data_category", "Device or adv", "Device or advertising identifier")
    j.type("#id_activitydatacategory_set-0-retention_period", "14")
    j.choose("#id_activitydatacategory_set-0-retention_unit", "months")
    j.choose("#id_activitydatacategory_set-0-retention_event", "collection of the data")
    # the new vendor, recorded from the recipient row's "+" without leaving the form
    with page.expect_popup() as opened:
        j.click("#add_id_recipient_set-0-third_party")
    popup = opened.value
    popup.wait_for_selector("#id_name")
    j.type("#id_name", "Amplitude", page=popup)
    j.type("#id_legal_entity", "Amplitude, Inc.", page=popup)
    j.choose("#id_country", "United States of America", page=popup)
    j.choose("#id_default_role", "Processor", page=popup)
    j.type("#id_dpa_reference", "Amplitude DPA 2026", page=popup)
    j.type("#id_change_reason", "New analytics vendor", page=popup)
    with popup.expect_event("close"):
        j.click("input[name=_save]", page=popup)
    j.pick("recipient_set-1-third_party", "Sentry", "Sentry")
    new_vendor = ThirdParty.objects.get(name="Amplitude")
    j.choose("#id_transfer_set-0-third_party", "Amplitude")
    # filled from where the recipient is established (the new vendor: asked from the server, no page load)
    expect(page.locator("#id_transfer_set-0-destination_country")).to_have_value("US")
    j.choose("#id_transfer_set-0-mechanism", "Art. 46(2)(c) Commission standard contractual clauses")
    j.pick("activitysecuritymeasure_set-0-measure", "Pseudonym", "Pseudonymisation or aggregation")
    j.type("#id_change_reason", "Amplitude onboarded for product analytics")
    shot(page, "01-add-form-filled")
    j.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert new_vendor.pk
    return j


def test_a_dpo_adds_the_scenario_activity_within_the_budget_and_finds_it_in_the_register(page, live_server, users):
    call_command("load_demo", verbosity=0)
    sign_in(page, live_server, "dpo")
    shot(page, "00-start-page")
    journey = add_the_scenario_activity(page, live_server)
    activity = ProcessingActivity.objects.get(reference="PA-900")
    assert {p.key for p in activity.purposes.all()} == {"web_analytics", "user_research"}
    assert set(activity.legalbasis_set.values_list("basis", flat=True)) == {"consent"}
    assert {r.third_party.name: r.role for r in activity.recipient_set.all()} == {
        "Amplitude": "processor",
        "Sentry": "processor",
    }
    transfer = activity.transfer_set.get()
    assert (transfer.third_party.name, str(transfer.destination_country)) == ("Amplitude", "US")
    assert activity.history.first().history_change_reason == "Amplitude onboarded for product analytics"
    print(f"\nscenario: {journey.clicks} clicks, {journey.fields} fields, {journey.loads} page loads")
    assert journey.clicks <= MAX_CLICKS
    assert journey.loads <= MAX_PAGE_LOADS  # the form, the new vendor's popup, the list after saving
    # in the register: the list, and the live register as of now
    page.goto(f"{live_server.url}/admin/ropa/processingactivity/?q=PA-900")
    assert page.locator("#result_list").get_by_text("Product analytics with Amplitude").is_visible()
    shot(page, "02-activity-list")
    page.goto(f"{live_server.url}/admin/ropa/processingactivity/{activity.pk}/change/")
    shot(page, "02b-activity-change")
    page.set_viewport_size(PHONE)
    shot(page, "02c-activity-change-phone")


def test_a_bad_save_shows_the_summary_and_keeps_what_was_typed(page, live_server, users):
    sign_in(page, live_server, "dpo")
    page.goto(f"{live_server.url}/admin/ropa/processingactivity/add/")
    page.fill("#id_name", "Half-typed activity")
    page.click("input[name=_save]")
    summary = page.locator("#ropa-error-summary")
    summary.wait_for()
    assert summary.get_by_role("link", name=re.compile("reference", re.I)).count() == 1
    assert page.input_value("#id_name") == "Half-typed activity"
    summary.get_by_role("link", name=re.compile("Reason", re.I)).click()
    assert page.evaluate("location.hash") == "#id_change_reason"
    shot(page, "03-bad-save")


def test_a_dpo_accepts_a_finding_marks_reviewed_exports_and_looks_back(page, live_server, users):
    call_command("load_demo", verbosity=0)
    sign_in(page, live_server, "dpo")
    page.goto(f"{live_server.url}/admin/register/findings/")
    page.locator("a.ropa-decide").first.click()
    page.select_option("#id_status", "accepted")
    page.fill("#id_justification", "Assessment scheduled with the vendor")
    page.fill("#id_expires_on", (dt.date.today() + dt.timedelta(days=60)).isoformat())
    page.click("input[type=submit]")
    page.wait_for_selector(".messagelist .success")
    assert page.get_by_text("Assessment scheduled with the vendor").first.is_visible()
    assert FindingDecision.objects.get().status == "accepted"
    shot(page, "04-finding-accepted")

    activity = ProcessingActivity.objects.order_by("pk").first()
    page.goto(f"{live_server.url}/admin/ropa/processingactivity/{activity.pk}/change/")
    page.click("#ropa-mark-reviewed")
    page.wait_for_selector(".messagelist .success")
    assert ActivityReview.objects.get().reviewer.username == "dpo"

    page.goto(f"{live_server.url}/admin/register/export/")
    page.select_option("#id_organisation", index=1)
    page.select_option("#id_format", "pdf")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.dblclick("input[type=submit]", no_wait_after=True)  # the double click that used to make two exports
    # the PDF is a background job: the page lists it, and offers its download once complete
    link = page.locator("#export-jobs tr.job-complete a")
    link.wait_for(timeout=120_000)
    shot(page, "05-export-job")
    with page.expect_download(timeout=120_000) as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert len(posts) == 1
    assert RegisterExport.objects.count() == 1

    page.goto(f"{live_server.url}/admin/register/as-of/")
    page.select_option("#id_organisation", index=1)
    page.fill("#id_as_of", dt.date.today().isoformat())
    page.locator("form.timeline-form input[type=submit]").click()
    page.wait_for_url("**as_of=**")
    assert page.get_by_text(activity.name).first.is_visible()
    shot(page, "05-as-of")


def test_each_role_sees_what_it_may_do(page, live_server, users):
    call_command("load_demo", verbosity=0)
    activity = ProcessingActivity.objects.order_by("pk").first()
    sign_in(page, live_server, "auditor")
    page.goto(f"{live_server.url}/admin/ropa/processingactivity/{activity.pk}/change/")
    assert page.get_by_text("your role is read-only here").is_visible()
    assert page.locator("input[name=_save]").count() == 0
    shot(page, "06-auditor-activity")
    page.context.clear_cookies()
    sign_in(page, live_server, "contributor")
    response = page.goto(f"{live_server.url}/admin/ropa/purpose/add/")
    assert response.status == 403
    assert page.get_by_text("Ask your DPO to add it to the catalogue").is_visible()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/admin/")
    shot(page, "07-contributor-start-phone")
    # no link text broken one letter per line: every start-page link is wider than a few characters
    widths = page.eval_on_selector_all("#content-main a", "els => els.map(e => e.getBoundingClientRect().width)")
    assert min(w for w in widths if w) > 20
    assert users[CONTRIBUTOR] and users[DPO] and users[AUDITOR]


def _overflow(page) -> int:
    """How many pixels the page is wider than the window (a horizontal scroll bar when above zero)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_pages_fit_the_screen_without_scrolling_sideways(page, live_server, users):
    """The activity list's columns at 1366 px; the start page, the export form, the findings and the activity form at
    375 px."""
    call_command("load_demo", verbosity=0)
    sign_in(page, live_server, "dpo")
    # the start page's tools: each description a line of text beside its link, not one letter per line
    page.goto(f"{live_server.url}/admin/")
    described = page.eval_on_selector_all(".app-ropa-tools td", "els => els.map(e => e.getBoundingClientRect().width)")
    assert described and min(described) >= 200, described
    page.goto(f"{live_server.url}/admin/ropa/processingactivity/")
    results = page.locator("#changelist .results")
    assert _overflow(page) == 0
    assert results.evaluate("e => e.scrollWidth - e.clientWidth") == 0  # every column in view
    for column in ("reference", "name", "status", "role", "finding_count", "next_review"):
        assert page.locator(f"#result_list th.column-{column}").is_visible(), column
    shot(page, "08-activity-list-desktop")
    # the form's text areas grow with their text but an empty one is still a box to type in, not a sliver
    page.goto(f"{live_server.url}/admin/ropa/processingactivity/add/")
    widths = page.eval_on_selector_all(
        "textarea.ropa-compact", "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().width)"
    )
    assert widths and min(widths) >= 150
    page.set_viewport_size(PHONE)
    for name, path in (
        ("start-page", "/admin/"),
        ("export-form", "/admin/register/export/"),
        ("findings", "/admin/register/findings/"),
        ("activity-form", "/admin/ropa/processingactivity/add/"),
    ):
        page.goto(f"{live_server.url}{path}")
        shot(page, f"09-{name}-phone")
        assert _overflow(page) == 0, name
