"""The demo register (the Mysterium VPN notice) is the first customer: its real gaps found, nothing more."""

import pytest

from ropa.checks import run_checks
from ropa.demo import load_demo
from ropa.models import Organisation
from ropa.register import build_register

pytestmark = pytest.mark.django_db

# What the notice leaves out or gets wrong, as the checks must report it (see docs/checks.md and the README).
EXPECTED = {
    ("DPIA-REQUIRED", "error"),  # advertising: profiling and systematic monitoring, no DPIA
    ("JOINT-CONTROLLER-ARRANGEMENT-MISSING", "error"),  # Reddit: joint control, no Art. 26 arrangement
    ("LAWFUL-ONE-BASIS-PER-PURPOSE", "warning"),  # support on contract and legitimate interests, not saying for whom
    ("ART30-DPO-CONTACT-MISSING", "warning"),  # the notice names no DPO and no Art. 37(1) assessment
    ("ART30-SECURITY-MEASURES-MISSING", "warning"),  # the notice describes no security measure
    ("RETENTION-VAGUE", "warning"),  # "as long as necessary", no period nor criteria
    ("TRANSFER-TIA-MISSING", "warning"),  # US transfers on "Model Contract Clauses", no transfer impact assessment
    ("LAWFUL-CONSENT-RECORD-MISSING", "warning"),  # cookie consent, no record of how it is kept
    ("LAWFUL-LI-ASSESSMENT-MISSING", "warning"),  # legitimate interests claimed, no assessment referenced
    ("JOINT-CONTROLLER-ESSENCE-NOT-AVAILABLE", "warning"),  # Meta's Controller Addendum, its essence not published
    ("RECIPIENT-DPA-UNDATED", "warning"),  # the processors' terms are named, not when they were accepted
}


@pytest.fixture
def demo(db):
    load_demo()
    return build_register(Organisation.objects.get(name__icontains="MN Technologijos").pk)


def test_demo_findings_are_exactly_the_known_gaps(demo):
    assert {(f.code, f.severity) for f in run_checks(demo)} == EXPECTED


def test_demo_errors_name_the_records_to_fix(demo):
    errors = sorted((f.code, f.activity_reference, f.third_party_id) for f in run_checks(demo) if f.severity == "error")
    names = {tp.id: tp.name for tp in demo.third_parties}
    assert [(code, ref, names.get(tp)) for code, ref, tp in errors] == [
        ("DPIA-REQUIRED", "MVPN-07", None),
        ("JOINT-CONTROLLER-ARRANGEMENT-MISSING", "MVPN-07", "Reddit"),
    ]


def test_demo_adequacy_for_israel_is_within_the_decisions_scope(demo):
    """AppsFlyer's SDK sends attribution events automatically: within 2011/61/EU, which covers automated
    transfers only."""
    codes = {f.code for f in run_checks(demo)}
    assert {"TRANSFER-ADEQUACY-NOT-COVERED", "TRANSFER-ADEQUACY-SCOPE-UNCONFIRMED"}.isdisjoint(codes)


def test_demo_advertising_is_the_activity_needing_a_dpia(demo):
    dpia = [f for f in run_checks(demo) if f.code == "DPIA-REQUIRED"]
    assert [f.activity_reference for f in dpia] == ["MVPN-07"]
