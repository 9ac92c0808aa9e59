"""The demo register (the Mysterium VPN notice) is the first customer: its real gaps found, nothing more."""

import pytest

from ropa.checks import run_checks
from ropa.demo import load_demo
from ropa.models import Organisation
from ropa.register import build_register

pytestmark = pytest.mark.django_db

# What the notice leaves out or gets wrong, as the checks must report it (see docs/checks.md).
EXPECTED = {
    "ART30-DPO-CONTACT-MISSING",  # the notice names no DPO
    "ART30-SECURITY-MEASURES-MISSING",  # the notice describes no security measure
    "RETENTION-VAGUE",  # "as long as necessary", no period
    "TRANSFER-TIA-MISSING",  # US transfers on "Model Contract Clauses", no transfer impact assessment
    "LAWFUL-CONSENT-RECORD-MISSING",  # cookie consent, no record of how it is kept
    "LAWFUL-LI-ASSESSMENT-MISSING",  # legitimate interests claimed, no assessment referenced
    "DPIA-REQUIRED",  # advertising: profiling and systematic monitoring, no DPIA
}


@pytest.fixture
def demo(db):
    load_demo()
    return build_register(Organisation.objects.get(name__icontains="MN Technologijos").pk)


def test_demo_findings_are_exactly_the_known_gaps(demo):
    assert {f.code for f in run_checks(demo)} == EXPECTED


def test_demo_advertising_is_the_activity_needing_a_dpia(demo):
    dpia = [f for f in run_checks(demo) if f.code == "DPIA-REQUIRED"]
    assert [f.activity_reference for f in dpia] == ["MVPN-07"]
