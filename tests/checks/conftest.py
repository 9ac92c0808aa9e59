"""A clean register to start from: no rule fires on it; each test changes one thing and sees a rule fire."""

import pytest

from ropa.checks import run_checks
from ropa.register import build_register
from tests import factories as f


def codes(org_id: int, as_of=None) -> set[str]:
    return {x.code for x in run_checks(build_register(org_id, as_of=as_of))}


def findings(org_id: int, code: str) -> list:
    return [x for x in run_checks(build_register(org_id)) if x.code == code]


@pytest.fixture
def org(db):
    return f.organisation(address="Gedimino pr. 1, Vilnius", headcount=300)


@pytest.fixture
def vendor(db):
    return f.third_party(name="Mailer", legal_entity="Mailer Inc.", country="US", dpf_certified=True)


@pytest.fixture
def act(org, vendor):
    """A complete, lawful activity: purpose with a contract basis, customers, e-mail kept 2 years, TLS,
    a US processor with a DPA, on SCCs with a transfer impact assessment."""
    return f.complete_activity(org, vendor=vendor)
