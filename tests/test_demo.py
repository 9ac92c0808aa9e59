"""The demo register loads, matches the Mysterium VPN notice and the vendor research, and is idempotent."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction

from ropa.demo import load_demo
from ropa.demo.data import REASON
from ropa.models import (
    ActivityDataCategory,
    DataCategory,
    Organisation,
    ProcessingActivity,
    ThirdParty,
    Transfer,
)
from ropa.register import build_register

from . import factories as f

pytestmark = pytest.mark.django_db

TWELVE = {
    "Google Analytics",
    "Google Tag Manager",
    "Microsoft Clarity",
    "Facebook",
    "LinkedIn",
    "Reddit",
    "X",
    "Typeform",
    "Intercom",
    "Mailchimp",
    "AppsFlyer",
    "Sentry",
}


@pytest.fixture(scope="module")
def first_load(django_db_setup, django_db_blocker):
    """Load the demo once per module in a transaction rolled back at the end; tests run in savepoints."""
    with django_db_blocker.unblock(), transaction.atomic():
        summary = load_demo()
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def org(first_load) -> Organisation:
    return Organisation.objects.get(name='UAB "MN Technologijos"')


def register_models():
    models = apps.get_app_config("ropa").get_models()
    return [m for m in models if hasattr(m, "history") and hasattr(m, "version")]


def state():
    """Every register record's version and the number of history rows of every register model."""
    versions = {m.__name__: sorted(m.objects.values_list("pk", "version")) for m in register_models()}
    history = {m.__name__: m.history.count() for m in register_models()}
    return versions, history


def act(org, reference) -> ProcessingActivity:
    return org.activities.get(reference=reference)


def test_first_load_creates_the_register(first_load, org):
    assert first_load.total("created") == 134  # 133 register records and the published privacy notice
    assert first_load.counts["third parties"]["created"] == 12
    assert first_load.counts["processing activities"]["created"] == 11
    assert org.activities.count() == 11


def test_controller_identifiers(org):
    assert org.trade_name == "Mysterium VPN"
    assert org.registration_number == "304869871"
    assert org.address == "Konstitucijos pr. 21A, LT-08130 Vilnius, Lithuania"
    assert org.country.code == "LT"
    assert org.email == "help@mysteriumvpn.com"
    assert "Valstybinė duomenų apsaugos inspekcija" in org.lead_supervisory_authority
    # The notice names no DPO and the company is established in the EU: both left empty on purpose.
    assert (org.dpo_name, org.dpo_email, org.representative_name, org.headcount) == ("", "", "", None)


def test_twelve_distinct_third_parties_once_each(org):
    names = list(ThirdParty.objects.values_list("name", flat=True))
    assert sorted(names) == sorted(TWELVE)
    # Every one of them receives data in at least one activity.
    assert {r.third_party.name for a in org.activities.all() for r in a.recipient_set.all()} == TWELVE


@pytest.mark.parametrize(
    ("name", "entity", "country", "role", "dpf"),
    [
        ("Mailchimp", "The Rocket Science Group LLC", "US", "processor", True),
        ("Sentry", "Functional Software, Inc.", "US", "processor", True),
        ("AppsFlyer", "AppsFlyer Ltd.", "IL", "processor", False),
        ("Typeform", "TYPEFORM S.L.", "ES", "processor", False),
        ("Intercom", "Intercom R&D Unlimited Company", "IE", "processor", False),
        ("Google Analytics", "Google Ireland Limited", "IE", "processor", True),
        ("Facebook", "Meta Platforms Ireland Limited", "IE", "joint_controller", True),
        ("LinkedIn", "LinkedIn Ireland Unlimited Company", "IE", "independent_controller", False),
        ("X", "Twitter International Unlimited Company", "IE", "independent_controller", False),
        ("Microsoft Clarity", "Microsoft Corporation", "US", "independent_controller", False),
        ("Reddit", "Reddit, Inc.", "US", "joint_controller", False),
    ],
)
def test_third_party_researched_facts(org, name, entity, country, role, dpf):
    tp = ThirdParty.objects.get(name=name)
    facts = (tp.legal_entity, tp.country.code, tp.default_role, tp.dpf_certified)
    assert facts == (entity, country, role, dpf)


def test_notes_say_when_the_notice_names_another_entity(org):
    assert "Intercom, Inc." in ThirdParty.objects.get(name="Intercom").notes
    assert "X Corp." in ThirdParty.objects.get(name="X").notes
    assert ThirdParty.objects.get(name="Mailchimp").dpa_reference == "Mailchimp Data Processing Addendum"
    assert ThirdParty.objects.get(name="Sentry").privacy_policy_url == "https://sentry.io/privacy/"


def test_transfers_and_their_mechanisms(org):
    rows = {
        (t.third_party.name, t.destination_country.code, t.mechanism)
        for t in Transfer.objects.filter(activity__organisation=org).select_related("third_party")
    }
    assert rows == {
        ("Sentry", "US", "scc"),
        ("Mailchimp", "US", "scc"),
        ("Microsoft Clarity", "US", "scc"),
        ("Reddit", "US", "scc"),
        ("Google Analytics", "US", "scc"),
        ("Google Tag Manager", "US", "scc"),
        ("Intercom", "US", "scc"),
        ("AppsFlyer", "IL", "adequacy"),
    }
    # Recipients in the EEA acting as controllers get no transfer from Mysterium; Typeform (Spain) needs none.
    no_transfer = ["Facebook", "LinkedIn", "X", "Typeform"]
    assert not Transfer.objects.filter(third_party__name__in=no_transfer).exists()
    # The notice mentions no transfer impact assessment: the gap stays visible.
    assert set(Transfer.objects.values_list("tia_reference", flat=True)) == {""}
    appsflyer = Transfer.objects.get(third_party__name="AppsFlyer")
    assert "2011/61/EU" in appsflyer.safeguard_reference


def categories(activity):
    return set(activity.activitydatacategory_set.values_list("data_category__key", flat=True))


def bases(activity):
    return set(activity.legalbasis_set.values_list("purpose__key", "basis"))


def recipients(activity):
    return {(r.third_party.name, r.role) for r in activity.recipient_set.select_related("third_party")}


def test_every_activity_of_the_notice(org):
    assert list(org.activities.values_list("reference", flat=True)) == [f"MVPN-{n:02d}" for n in range(1, 12)]
    assert set(org.activities.values_list("role", flat=True)) == {"controller"}
    assert act(org, "MVPN-10").status == "draft"
    assert set(org.activities.exclude(reference="MVPN-10").values_list("status", flat=True)) == {"active"}

    service = act(org, "MVPN-01")
    assert categories(service) == {"identity.name", "contact.email", "online.request_log"}
    assert bases(service) == {("service_provision", "contract"), ("account_management", "contract")}

    payments = act(org, "MVPN-02")
    assert categories(payments) == {
        "financial.payment_card",
        "identity.name",
        "financial.billing_address",
        "contact.email",
        "financial.chargeback",
        "financial.transaction",
    }
    assert bases(payments) == {("payment_processing", "contract"), ("legal_compliance", "legal_obligation")}
    # Notice §4: "debt collection companies or companies providing archiving services".
    assert "debt collection companies" in payments.recipients_statement
    assert "archiving service providers" in payments.recipients_statement

    logs = act(org, "MVPN-03")
    assert categories(logs) == {"online.ip_address", "online.browser", "online.request_log"}
    assert {b for _, b in bases(logs)} == {"legitimate_interests"}
    assert all(lb.legitimate_interest and not lb.assessment_reference for lb in logs.legalbasis_set.all())
    assert recipients(logs) == {("Sentry", "processor")}

    support = act(org, "MVPN-04")
    assert recipients(support) == {("Intercom", "processor")}
    # Notice §4: Intercom is used "for communication and analytics purposes".
    assert ("web_analytics", "consent") in bases(support)
    assert bases(act(org, "MVPN-05")) == {("direct_marketing", "consent")}
    assert recipients(act(org, "MVPN-06")) == {
        ("Google Analytics", "processor"),
        ("Google Tag Manager", "processor"),
        ("Microsoft Clarity", "independent_controller"),
        ("AppsFlyer", "processor"),
    }
    surveys = act(org, "MVPN-08")
    assert recipients(surveys) == {("Typeform", "processor")}
    assert bases(surveys) == {("user_research", "consent"), ("customer_support", "legitimate_interests")}
    assert bases(act(org, "MVPN-09")) == {
        ("legal_compliance", "legal_obligation"),
        ("legal_claims", "legitimate_interests"),
    }


def test_advertising_is_profiling_with_dpia_screening(org):
    ads = act(org, "MVPN-07")
    assert ads.profiling and "Interest-based" in ads.automated_decision_details
    assert (ads.dpia_screening, ads.dpia_status) == (["wp248_1", "wp248_3"], "required")
    assert categories(ads) == {"online.cookie_identifier", "marketing.ad_interaction"}
    assert recipients(ads) == {
        ("Facebook", "joint_controller"),
        ("LinkedIn", "independent_controller"),
        ("Reddit", "joint_controller"),
        ("X", "independent_controller"),
    }


def test_retention_says_what_the_notice_says(org):
    uses = ActivityDataCategory.objects.filter(activity__organisation=org)
    email = uses.get(activity__reference="MVPN-05", data_category__key="contact.email")
    assert (email.retention_period, email.retention_unit, email.retention_event) == (0, "days", "consent_withdrawn")
    vague = uses.exclude(activity__reference="MVPN-05")
    assert set(vague.values_list("retention_period", flat=True)) == {None}
    assert all("No period stated" in c.retention_note for c in vague)
    tax = uses.get(activity__reference="MVPN-02", data_category__key="financial.transaction")
    assert "tax calculation" in tax.retention_note


def test_the_notice_names_no_security_measures(org):
    assert not any(a.activitysecuritymeasure_set.exists() for a in org.activities.all())


def test_the_read_model_holds_the_demo(org):
    register = build_register(org.pk)
    assert [t.destination_country for t in register.activity("MVPN-06").transfers].count("US") == 3


DEMO_MODELS = {
    "Organisation",
    "PrivacyNotice",
    "ThirdParty",
    "ProcessingActivity",
    "ActivityPurpose",
    "ActivityDataSubject",
    "ActivityDataCategory",
    "LegalBasis",
    "Recipient",
    "Transfer",
}


def test_every_demo_write_has_history_with_the_demo_reason(org):
    for model in register_models():
        rows = model.history.filter(history_change_reason=REASON)
        if model.__name__ in DEMO_MODELS:
            assert rows.filter(history_type="+", history_user=None).count() == model.objects.count() > 0
            assert rows.count() == model.objects.count(), model.__name__
        else:
            assert not rows.exists(), model.__name__


def test_loading_twice_changes_nothing(org):
    before = state()
    summary = load_demo()
    assert not summary.changed
    assert summary.total("unchanged") == 134
    assert state() == before


def test_command_output_on_a_second_run(org):
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "third parties: 0 created, 0 updated, 12 unchanged, 0 removed" in text
    assert "Total: 0 created, 0 updated, 134 unchanged, 0 removed" in text
    assert "nothing changed" in text


def test_command_restores_drift_and_attributes_it_to_the_user(org, dpo):
    mailchimp = ThirdParty.objects.get(name="Mailchimp")
    mailchimp.country = "IE"
    f.save(mailchimp, "someone got it wrong")
    name = DataCategory.objects.get(key="identity.name")
    extra = f.save(ActivityDataCategory(activity=act(org, "MVPN-05"), data_category=name))
    out = StringIO()
    call_command("load_demo", "--user", "dpo", stdout=out)
    assert "third parties: 0 created, 1 updated, 11 unchanged, 0 removed" in out.getvalue()
    assert "data categories of the activity: 0 created, 0 updated, 31 unchanged, 1 removed" in out.getvalue()
    mailchimp.refresh_from_db()
    assert mailchimp.country.code == "US"
    last = mailchimp.history.latest("history_date")
    assert (last.history_user, last.history_change_reason, last.country) == (dpo, REASON, "US")
    removed = ActivityDataCategory.history.get(id=extra.pk, history_type="-")
    assert (removed.history_user, removed.history_change_reason) == (dpo, REASON)


def test_command_refuses_an_unknown_user(org):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("load_demo", "--user", "nobody", stdout=StringIO())


def test_each_purpose_rests_on_one_basis_except_support_split_by_who_writes(org):
    """One Art. 6 basis per purpose; MVPN-04's support has two because customers (contract) and people who are
    not customers (legitimate interests) write in."""
    for activity in org.activities.all():
        per_purpose: dict[str, set[str]] = {}
        for purpose, basis in bases(activity):
            per_purpose.setdefault(purpose, set()).add(basis)
        split = {p for p, found in per_purpose.items() if len(found) > 1}
        assert split == ({"customer_support"} if activity.reference == "MVPN-04" else set()), activity.reference


def test_strictly_necessary_cookies_are_their_own_activity_not_on_consent(org):
    """Notice §1 names session, preference and security cookies; strictly necessary ones need no consent
    (ePrivacy Directive Art. 5(3)), so they are not in the consent-based analytics activity."""
    necessary = act(org, "MVPN-11")
    assert categories(necessary) == {"online.cookie_identifier"}
    assert {b for _, b in bases(necessary)} == {"contract", "legitimate_interests"}
    assert "Session cookies" in necessary.description and "security cookies" in necessary.description
    assert not recipients(necessary)
    assert "MVPN-11" in act(org, "MVPN-06").description


def test_every_inference_is_marked_as_one_in_the_records(org):
    """What the notice does not say but the register records is marked "inference" where a reader sees it: that
    some data subjects are app users, which vendor serves which activity where the notice lists a vendor without
    saying what for, the basis of Intercom's analytics, survey invitations, and Reddit's joint control."""
    for activity in org.activities.filter(activitydatasubject__data_subject__key="app_users"):
        assert "App users: an inference" in activity.description, activity.reference
    assert "inference" in act(org, "MVPN-06").description  # the four analytics vendors
    for ref, vendor in (("MVPN-03", "Sentry"), ("MVPN-05", "Mailchimp"), ("MVPN-07", "Reddit")):
        assert "inference" in act(org, ref).recipient_set.get(third_party__name=vendor).purpose, vendor
    assert "inference" in act(org, "MVPN-04").activitypurpose_set.get(purpose__key="web_analytics").details
    assert "inference" in act(org, "MVPN-08").activitypurpose_set.get(purpose__key="customer_support").details
