"""The DPO compares the published notice with the register in the browser: from the organisation's page to the
side-by-side page, the differences marked on both sides and listed with the record to fix."""

import pytest

from ropa.demo import load_demo
from ropa.models import Organisation

from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_dpo_compares_the_notice_with_the_register_side_by_side(page, live_server, users):
    load_demo()
    org = Organisation.objects.get(name__icontains="MN Technologijos")
    sign_in(page, live_server, "dpo")
    page.goto(f"{live_server.url}/admin/ropa/organisation/{org.pk}/change/")
    page.get_by_role("link", name="compare with the register").click()
    page.wait_for_selector("#notice-findings")
    shot(page, "notice-compare")
    published, register_side = page.locator("#notice-published"), page.locator("#notice-register")
    assert published.locator("mark", has_text="Intercom, Inc.").count() == 1
    assert register_side.locator("mark", has_text="Intercom R&D Unlimited Company").count() == 1
    # The two sides sit next to each other.
    left, right = published.bounding_box(), register_side.bounding_box()
    assert left and right and left["x"] + left["width"] <= right["x"] and abs(left["y"] - right["y"]) < 5
    assert page.locator("#notice-findings tbody tr").count() == 10
    page.locator("#notice-findings a", has_text="Intercom").first.click()
    page.wait_for_selector("#id_legal_entity")
    assert page.input_value("#id_legal_entity") == "Intercom R&D Unlimited Company"
    page.go_back()
    page.goto(f"{live_server.url}/admin/ropa/organisation/{org.pk}/change/")
    page.get_by_role("link", name="generate draft from the register").click()
    assert page.locator("#notice-draft p[data-records]").count() > 50
