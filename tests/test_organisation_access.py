"""Per-organisation access (ropa/access.py): a member of organisation A meets B's records nowhere.

The pages and endpoints are not listed by hand: they are read from the URLconf (admin, API router, the register's
own views), so a new URL is covered by these tests, or fails them until this file says which record its id names.
Every URL naming a record is asked for B's record (404, for reads and writes alike); every URL naming none is asked
with B's ids in its query, and must not show a trace of B (B's name, activity, vendor).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ropa import models as m
from ropa.access import organisation_path
from ropa.api.urls import router
from ropa.choices import FindingStatus, Role
from ropa.history import change_context
from ropa.models.exports import JobStatus
from ropa.reports.approval import approve_register
from ropa.roles import DPO
from tests import factories

pytestmark = pytest.mark.django_db

# What B's register shows wherever it leaks: its name, its activity's reference and name, its own vendor.
B_TRACES = ("Beta Secret Register", "BSECRET-1", "Beta secret processing", "Beta Secret Vendor")

# Records shared by every organisation (reference data: model permissions alone decide), and tokens (a user's).
SHARED = {"datacategory", "datasubjectcategory", "purpose", "securitymeasure", "adequacydecision", "apitoken"}
# URL kwargs that name no record, and what to fill them with.
FILLERS = {"fmt": "json", "format": "json", "app_label": "ropa"}
# Django's "view on site" redirect (content type + id): no register model has a page on a site.
NOT_REGISTER_PAGES = {"admin:view_on_site"}


@dataclasses.dataclass
class Registers:
    a: m.Organisation
    b: m.Organisation
    activity_a: m.ProcessingActivity
    activity_b: m.ProcessingActivity
    vendor_a: m.ThirdParty
    vendor_b: m.ThirdParty
    of_b: dict[str, object]  # model name -> one of B's records
    member: User  # DPO of A by membership, nothing installation-wide


@pytest.fixture
def registers(db) -> Registers:
    a = factories.organisation(name="Alpha Holding UAB")
    b = factories.organisation(name="Beta Secret Register Ltd")
    vendor_a = factories.third_party(name="Alpha Vendor", country="US", dpf_certified=True)
    vendor_b = factories.third_party(name="Beta Secret Vendor", country="US", dpf_certified=True)
    activity_a = factories.complete_activity(a, vendor=vendor_a, reference="A-1", name="Alpha payroll")
    activity_b = factories.complete_activity(b, vendor=vendor_b, reference="BSECRET-1", name="Beta secret processing")
    colleague = User.objects.create_user("dpo-of-b", is_staff=True)
    member = User.objects.create_user("member-of-a", is_staff=True)
    with change_context("access fixture"):
        export_b = m.RegisterExport.objects.create(
            organisation=b, format="pdf", created_at=timezone.now(), sha256="ab" * 32, size=1
        )
        decision_b = factories.save(
            m.FindingDecision(organisation=b, code="RETENTION-VAGUE", activity=activity_b, status=FindingStatus.OPEN)
        )
        review_b = m.ActivityReview.record(activity_b, colleague)
        policy_b = factories.save(m.ReviewPolicy(organisation=b, cadence_months=6))
        membership_b = factories.save(m.Membership(user=colleague, organisation=b, role=Role.DPO))
        notice_b = factories.save(
            m.PrivacyNotice(
                organisation=b, version_label="1.0", published_on=timezone.localdate(), text="Beta Secret Register."
            )
        )
        approval_b = approve_register(b.pk, colleague, "Data protection officer")
        factories.save(m.Membership(user=member, organisation=a, role=Role.DPO))
    # a job the member asked for while they were a member of B: their own, yet B's register
    job_b = m.ExportJob.objects.create(
        organisation=b, format="json", requested_by=member, request_key="b-json", requested_at=timezone.now()
    )
    # rendered, its file stored with its export entry (a complete job has both): the file routes have a file to refuse
    job_b.status, job_b.export = JobStatus.COMPLETE, export_b
    job_b.file.name = default_storage.save("exports/b-register.json", ContentFile(b"{}"))
    job_b.save()
    records = [
        b,
        activity_b,
        vendor_b,
        export_b,
        decision_b,
        review_b,
        policy_b,
        membership_b,
        notice_b,
        approval_b,
        job_b,
    ]
    return Registers(
        a,
        b,
        activity_a,
        activity_b,
        vendor_a,
        vendor_b,
        {r._meta.model_name: r for r in records},
        member,
    )


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the URLs, read from the URLconf ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Route:
    name: str  # namespaced, for reverse(); the route's text when the pattern has no name
    route: str  # the pattern's text
    kwargs: tuple[str, ...]
    named: bool = True

    def url(self, value) -> str:
        """The URL with every id filled with `value` (and the other kwargs from FILLERS)."""
        kwargs = {name: FILLERS.get(name, value) for name in self.kwargs if name != "fmt"}
        if "fmt" in self.kwargs:  # a report's or a notice's format: one every such endpoint knows
            kwargs["fmt"] = "html" if "notice" in self.route else "json"
        if self.named:
            return reverse(self.name, kwargs=kwargs)
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(kwargs[match.group(1)]), self.route)

    @property
    def admin_model(self) -> tuple[str, str] | None:
        """(app label, model name) of an admin page of a model."""
        parts = self.route.split("/")
        pair = (parts[1], parts[2]) if parts[0] == "admin" and len(parts) > 3 else None
        return pair if pair in ADMIN_MODELS else None


ADMIN_MODELS = {(model._meta.app_label, model._meta.model_name) for model in admin.site._registry}


def _kwargs(pattern) -> set[str]:
    return set(getattr(pattern.pattern, "converters", {})) | set(pattern.pattern.regex.groupindex)


def routes(patterns=None, namespace: str = "", prefix: str = "", inherited: frozenset = frozenset()) -> Iterator[Route]:
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from routes(p.url_patterns, ns, prefix + str(p.pattern), inherited | _kwargs(p))
        elif isinstance(p, URLPattern):
            text = prefix + str(p.pattern)
            kwargs = tuple(sorted(inherited | _kwargs(p)))
            yield Route(f"{namespace}{p.name}" if p.name else text, text, kwargs, named=bool(p.name))


ROUTES = list(routes())
ROUTER_MODELS = {prefix: viewset.queryset.model for prefix, viewset, _basename in router.registry}
ROUTER_MODELS["export-jobs"] = m.ExportJob  # the export jobs' status and file (ropa/reports/api.py)


def _model_of_kwarg(name: str):
    """`organisation_id` names an organisation, `notice_id` a privacy notice: the ropa model whose name ends so."""
    wanted = name.removesuffix("_id")
    found = [model for model in apps.get_app_config("ropa").get_models() if model._meta.model_name.endswith(wanted)]
    found = [model for model in found if not model._meta.model_name.startswith("historical")]
    return found[0] if len(found) == 1 else None


def named_model(route: Route):
    """The register model whose record a route's id names, or None when it names none."""
    for name in route.kwargs:
        if name.endswith("_id") and name not in ("object_id", "content_type_id"):
            model = _model_of_kwarg(name)
            if model is None:
                pytest.fail(f"{route.name}: say in tests/test_organisation_access.py which record {name} names")
            return model
    if not {"object_id", "pk", "id"} & set(route.kwargs):
        return None
    if route.admin_model:
        return apps.get_model(*route.admin_model)
    tail = route.route.split("api/v1/", 1)[-1].lstrip("^")
    prefix = tail.split("/", 1)[0]
    if prefix in ROUTER_MODELS:
        return ROUTER_MODELS[prefix]
    pytest.fail(f"{route.name} ({route.route}): say in tests/test_organisation_access.py which record its id names")


def _register_routes() -> list[Route]:
    """The routes of the register: the admin's pages of ropa's models and the register's own, the API."""
    keep = []
    for route in ROUTES:
        if route.name in NOT_REGISTER_PAGES or (not route.named and not route.admin_model):
            continue
        if route.admin_model and route.admin_model[0] != "ropa":  # users, lockouts, devices: not the register's
            continue
        if route.route.startswith(("api/schema", "api/docs", "static/")) or route.name in ("health", "api-token"):
            continue  # the contract, the docs and the probe name no record and show none
        keep.append(route)
    return keep


REGISTER_ROUTES = _register_routes()
RECORD_ROUTES = [r for r in REGISTER_ROUTES if named_model(r) is not None]
OTHER_ROUTES = [r for r in REGISTER_ROUTES if named_model(r) is None]


def _b_record(registers: Registers, route: Route):
    return registers.of_b[named_model(route)._meta.model_name]


def test_the_generated_lists_cover_the_admin_the_api_and_the_register_pages():
    names = {r.name for r in RECORD_ROUTES}
    # a sample of what must be there, so an empty walk cannot pass
    assert {
        "admin:ropa_processingactivity_change",
        "admin:ropa_processingactivity_history",
        "admin:ropa_membership_delete",
        "activity-detail",
        "activity-history",
        "thirdparty-detail",
        "api-register-report",
        "organisation-changes",
        "api-register-import",
        "ropa-notice-draft",
        "ropa-notice-compare",
        "api-notice",
        "api-notice-findings",
    } <= names
    others = {r.name for r in OTHER_ROUTES}
    assert {
        "admin:index",
        "admin:ropa_processingactivity_changelist",
        "ropa-findings",
        "register_as_of",
        "register_changes",
        "register_audit_trail",
        "register-export",
        "register-import",
        "activity-list",
        "ropa-findings-api",
    } <= others


def test_every_record_url_names_a_register_model_of_an_organisation_or_a_shared_one(registers):
    """A new model with pages is either scoped by an organisation (and has a record of B in the fixture) or is
    knowingly shared: nothing is left unchecked by accident."""
    for route in RECORD_ROUTES:
        model = named_model(route)
        name = model._meta.model_name
        if name in SHARED:
            assert organisation_path(model) is None, f"{name} is tied to an organisation: not shared"
            continue
        assert name in registers.of_b, f"{route.name}: add one of B's {name} records to the fixture"


# --- a member of A, on B's records -------------------------------------------------------------------------


def _scoped_record_routes() -> list[Route]:
    return [r for r in RECORD_ROUTES if named_model(r)._meta.model_name not in SHARED]


MISSING = 987654321  # an id no record has


def _answers(client: Client, route: Route, pk: int) -> dict:
    """The status of every method a page or endpoint may take, asked about the record `pk`."""
    url = route.url(pk)
    answers = {"GET": client.get(url, follow=True)}
    if answers["GET"].status_code == 405 or route.admin_model or route.name.endswith("-detail"):
        answers["POST"] = client.post(url, {"change_reason": "try", "post": "yes"}, HTTP_IF_MATCH='"1"', follow=True)
    if route.name.endswith("-detail"):
        for method in ("patch", "put", "delete"):
            answers[method.upper()] = getattr(client, method)(
                url, data={"name": "x"}, content_type="application/json", HTTP_IF_MATCH='"1"'
            )
    return answers


@pytest.mark.parametrize("route", _scoped_record_routes(), ids=lambda r: r.name)
def test_a_member_of_a_gets_404_on_every_page_and_endpoint_naming_a_record_of_b(registers, route):
    """Reading B's record is a 404; so is every write, unless the action is refused for every record alike
    (a read-only page: 403 or 405 whatever the id). Either way, B's record answers exactly as an id nobody has."""
    client = client_of(registers.member)
    of_b = _answers(client, route, _b_record(registers, route).pk)
    missing = _answers(client, route, MISSING)
    for method, response in of_b.items():
        assert response.status_code == missing[method].status_code, f"{method} {route.url('B')}: not like a missing id"
        assert response.status_code in (403, 404, 405), f"{method} {route.url('B')}: {response.status_code}"
        assert not any(t in response.content.decode(errors="replace") for t in B_TRACES), method
    method = "GET" if of_b["GET"].status_code != 405 else "POST"
    refused_to_all = missing[method].status_code == 403  # e.g. deleting an export entry: nobody may
    assert of_b[method].status_code == 404 or refused_to_all, route.url("B")


def _query_variants(registers: Registers) -> list[dict]:
    """B's ids where a page takes them from its query string (organisation, a third party's id, as of now)."""
    now = timezone.now().isoformat()
    b = registers.b.pk
    return [
        {},
        {"organisation": b},
        {"organisation": b, "as_of": now},
        {"organisation": b, "preset": "30d"},
        {"id": registers.vendor_b.pk},
        {"q": "Beta"},
    ]


@pytest.mark.parametrize("route", OTHER_ROUTES, ids=lambda r: r.name)
def test_a_member_of_a_finds_no_trace_of_b_on_any_list_page_or_endpoint(registers, route):
    client = client_of(registers.member)
    base = route.url(None)
    for query in _query_variants(registers):
        response = client.get(base, query)
        assert response.status_code < 500, f"{base} {query}: {response.status_code}"
        body = response.content.decode(errors="replace")
        assert not [t for t in B_TRACES if t in body], f"{base} {query} shows B"


def _autocompletes() -> list[tuple[str, str, str]]:
    """(model, field, remote model) of every autocomplete field of the admin and its inlines."""
    found = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "ropa":
            continue
        for owner in [model_admin, *(inline(model, admin.site) for inline in model_admin.inlines)]:
            for field in owner.autocomplete_fields:
                found.append((owner.model._meta.model_name, field))
    return found


@pytest.mark.parametrize(("model_name", "field"), _autocompletes())
def test_no_autocomplete_offers_a_record_of_b(registers, model_name, field):
    response = client_of(registers.member).get(
        reverse("admin:autocomplete"), {"app_label": "ropa", "model_name": model_name, "field_name": field}
    )
    assert response.status_code == 200
    assert not [t for t in B_TRACES if t in response.content.decode()]


def test_a_member_of_a_sees_a_and_the_vendors_of_a(registers):
    client = client_of(registers.member)
    activities = client.get("/api/v1/activities/").json()["results"]
    assert [a["reference"] for a in activities] == ["A-1"]
    parties = {p["name"] for p in client.get("/api/v1/third-parties/").json()["results"]}
    assert "Alpha Vendor" in parties and "Beta Secret Vendor" not in parties
    assert (
        client.get(reverse("admin:ropa_processingactivity_change", args=[registers.activity_a.pk])).status_code == 200
    )
    assert "Alpha payroll" in client.get(reverse("admin:ropa_processingactivity_changelist")).content.decode()


def test_a_vendor_no_activity_names_yet_is_seen_by_every_organisation(registers):
    spare = factories.third_party(name="Unassigned Vendor")
    parties = {p["name"] for p in client_of(registers.member).get("/api/v1/third-parties/").json()["results"]}
    assert spare.name in parties


# --- writes into B are refused ------------------------------------------------------------------------------


def _new_activity(organisation, **extra) -> dict:
    return {"organisation": organisation.pk, "reference": "NEW-1", "name": "New", "status": "draft", **extra}


def test_the_api_refuses_to_create_an_activity_in_b_with_a_field_error(registers):
    response = client_of(registers.member).post(
        "/api/v1/activities/", _new_activity(registers.b), content_type="application/json"
    )
    assert response.status_code == 400
    assert "organisation" in response.json()
    assert not m.ProcessingActivity.objects.filter(reference="NEW-1").exists()


def test_the_api_refuses_b_s_vendor_as_a_recipient_of_an_activity_of_a(registers):
    data = _new_activity(registers.a, recipients=[{"third_party": registers.vendor_b.pk, "role": "processor"}])
    response = client_of(registers.member).post("/api/v1/activities/", data, content_type="application/json")
    assert response.status_code == 400
    assert "recipients" in response.json()
    assert not m.ProcessingActivity.objects.filter(reference="NEW-1").exists()


def test_the_admin_refuses_to_create_an_activity_or_a_membership_in_b_with_a_form_error(registers):
    client = client_of(registers.member)
    response = client.post(
        reverse("admin:ropa_processingactivity_add"),
        {**_new_activity(registers.b), "change_reason": "try B", "role": "controller"},
    )
    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert not m.ProcessingActivity.objects.filter(reference="NEW-1").exists()
    response = client.post(
        reverse("admin:ropa_membership_add"),
        {"user": registers.member.pk, "organisation": registers.b.pk, "role": DPO, "change_reason": "let me in"},
    )
    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert not m.Membership.objects.filter(user=registers.member, organisation=registers.b).exists()


def test_the_role_counts_in_each_organisation(registers):
    """DPO in A, Auditor in C: C's activity is read, not changed (403: the user may see it); A's is changed."""
    c = factories.organisation(name="Gamma UAB")
    activity_c = factories.activity(c, reference="C-1")
    factories.save(m.Membership(user=registers.member, organisation=c, role=Role.AUDITOR))
    client = client_of(registers.member)
    assert client.get(f"/api/v1/activities/{activity_c.pk}/").status_code == 200
    patch = {"content_type": "application/json", "HTTP_X_CHANGE_REASON": "rename"}
    denied = client.patch(f"/api/v1/activities/{activity_c.pk}/", {"name": "x"}, HTTP_IF_MATCH='"1"', **patch)
    assert denied.status_code == 403
    version = registers.activity_a.version
    allowed = client.patch(
        f"/api/v1/activities/{registers.activity_a.pk}/", {"name": "Renamed"}, HTTP_IF_MATCH=f'"{version}"', **patch
    )
    assert allowed.status_code == 200, allowed.content
    assert (
        client.post(  # and no activity may be created in C
            "/api/v1/activities/", _new_activity(c), content_type="application/json"
        ).status_code
        == 400
    )


def test_an_installation_wide_role_sees_every_organisation(registers):
    """The groups keep their meaning: a Contributor by group reads and edits every organisation's register."""
    user = User.objects.create_user("group-contributor", is_staff=True)
    user.groups.add(Group.objects.get(name=Role.CONTRIBUTOR))
    client = client_of(user)
    references = {a["reference"] for a in client.get("/api/v1/activities/").json()["results"]}
    assert {"A-1", "BSECRET-1"} <= references


# --- a superuser sees all ------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", _scoped_record_routes(), ids=lambda r: r.name)
def test_a_superuser_reaches_every_record_of_b(registers, route):
    superuser = User.objects.create_superuser("root", password="pw-for-tests-only")
    client = client_of(superuser)
    url = route.url(_b_record(registers, route).pk)
    response = client.get(url, follow=True)
    if response.status_code == 405:
        response = client.post(url, {})
    assert response.status_code != 404, url


# --- the filter is a subquery: constant queries, whatever the number of rows --------------------------------


def test_a_member_s_pages_run_the_same_queries_for_1_and_3_activities_of_each_organisation(registers, assert_queries):
    """The membership filter is part of each query (a subquery), read with the user's memberships once per request:
    a member's list pages run a fixed number of queries, B's rows growing as well as A's."""
    client = client_of(registers.member)
    vendor = factories.third_party(country="US")
    for warm_up in ("/api/v1/activities/", reverse("admin:index")):  # process-wide caches (content types) filled
        client.get(warm_up)
    for count in (1, 3):
        factories.grow_to(registers.a, count, vendor)
        factories.grow_to(registers.b, count, vendor)
        with assert_queries("api.activity_list.member", f"{count} activities"):
            response = client.get("/api/v1/activities/", {"page_size": 200})
            assert response.json()["count"] == count
        with assert_queries("admin.activity_changelist.member", f"{count} activities"):
            response = client.get(reverse("admin:ropa_processingactivity_changelist"))
            assert len(response.context["cl"].result_list) == count
        with assert_queries("admin.index.member", f"{count} activities"):
            assert client.get(reverse("admin:index")).status_code == 200


# --- the demo ------------------------------------------------------------------------------------------------


def test_the_quickstart_logins_are_members_of_the_demo_organisation_and_see_only_its_register(db):
    from ropa.demo import load_demo
    from ropa.demo.data import ORGANISATION
    from ropa.management.commands.quickstart import DEMO_USERS, join_demo

    load_demo()
    factories.activity(factories.organisation(name="Another Client UAB"), reference="OTHER-1")
    demo = m.Organisation.objects.get(name=ORGANISATION["name"])
    for username, role in DEMO_USERS:
        user = User.objects.create_user(username, is_staff=True)
        user.groups.add(Group.objects.get(name=role))  # a previous quickstart's installation-wide role
        join_demo(user, role)
        join_demo(user, role)  # a second quickstart changes nothing
        assert not user.groups.exists()
        assert [(ms.organisation, ms.role) for ms in m.Membership.objects.filter(user=user)] == [(demo, role)]
        organisations = client_of(user).get("/api/v1/organisations/").json()["results"]
        assert [o["name"] for o in organisations] == [demo.name]
    assert m.Membership.history.filter(history_change_reason="Demo login").count() == len(DEMO_USERS)


def test_a_dpo_by_membership_issues_api_tokens_only_to_members_of_their_organisations(registers):
    """A token acts with its user's rights: a DPO of A cannot mint one that reads B (a member of B, or anyone with
    an installation-wide role), nor list such users' tokens."""
    integration = User.objects.create_user("integration-of-a")
    factories.save(m.Membership(user=integration, organisation=registers.a, role=Role.CONTRIBUTOR))
    group_user = User.objects.create_user("group-auditor")
    group_user.groups.add(Group.objects.get(name=Role.AUDITOR))
    client = client_of(registers.member)
    offered = client.get(reverse("admin:ropa_apitoken_add")).context["adminform"].form.fields["user"].queryset
    assert set(offered) == {integration, registers.member}  # themselves too; not B's DPO, not the group's auditor
    refused = client.post(reverse("admin:ropa_apitoken_add"), {"user": group_user.pk, "name": "steal"})
    assert refused.status_code == 200 and "user" in refused.context["adminform"].form.errors
    issued = client.post(reverse("admin:ropa_apitoken_add"), {"user": integration.pk, "name": "ci"})
    assert issued.status_code == 200 and "plaintext" in issued.context
    from tests.api.conftest import token_for

    token_for(group_user)
    listed = client.get(reverse("admin:ropa_apitoken_changelist")).context["cl"].result_list
    assert {t.user for t in listed} == {integration}


def test_the_activity_list_s_filters_offer_only_what_a_s_rows_hold(registers):
    """The filters list values read from the rows: B's owner and B's destination countries are not among them."""
    with change_context("B's own values"):
        registers.activity_b.business_function = "Beta Secret Owner"
        registers.activity_b.full_clean()
        registers.activity_b.save()
        transfer = m.Transfer(
            activity=registers.activity_b,
            third_party=registers.vendor_b,
            destination_country="BR",
            mechanism="scc",
            safeguard_reference="SCC",
            tia_reference="TIA",
        )
        transfer.full_clean()
        transfer.save()
    response = client_of(registers.member).get(reverse("admin:ropa_processingactivity_changelist"))
    choices = [
        str(choice.get("display"))
        for spec in response.context["cl"].filter_specs
        for choice in spec.choices(response.context["cl"])
    ]
    assert "United States of America" in choices  # A's own transfer
    assert "Brazil" not in choices and "Beta Secret Owner" not in choices
    assert not [t for t in B_TRACES if t in " ".join(choices)]


def test_review_reminders_reach_a_dpo_by_membership_for_their_organisation_only(registers):
    import datetime as dt

    from django.core import mail
    from django.core.management import call_command

    registers.member.email = "dpo-of-a@example.org"
    registers.member.save()
    today = timezone.localdate()
    factories.activity(registers.a, reference="A-OLD", next_review_due=today - dt.timedelta(days=3))
    factories.activity(registers.b, reference="B-OLD", next_review_due=today - dt.timedelta(days=3))
    call_command("send_review_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    to_member = [message.body for message in mail.outbox if message.to == ["dpo-of-a@example.org"]]
    assert len(to_member) == 1
    assert "A-OLD" in to_member[0] and "B-OLD" not in to_member[0]


def test_a_finding_of_b_is_assigned_only_to_someone_who_sees_b(registers):
    """The assignee is emailed the finding: a member of A only is not offered for B's."""
    from ropa.checks import run_checks
    from ropa.register import build_register

    superuser = User.objects.create_superuser("root", password="pw-for-tests-only")
    colleague = User.objects.get(username="dpo-of-b")
    finding = run_checks(build_register(registers.b.pk))[0]
    query = {"organisation": registers.b.pk, "code": finding.code}
    query |= {"activity": finding.activity_id} if finding.activity_id else {}
    query |= {"third_party": finding.third_party_id} if finding.third_party_id else {}
    response = client_of(superuser).get(reverse("ropa-finding-decide"), query)
    offered = set(response.context["form"].fields["assignee"].queryset)
    assert colleague in offered and superuser in offered
    assert registers.member not in offered
