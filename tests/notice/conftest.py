import pytest

from ropa.demo import load_demo
from ropa.models import Organisation, PrivacyNotice


@pytest.fixture
def demo_org(db) -> Organisation:
    load_demo()
    return Organisation.objects.get(name__icontains="MN Technologijos")


@pytest.fixture
def demo_notice(demo_org) -> PrivacyNotice:
    return PrivacyNotice.objects.get(organisation=demo_org)
