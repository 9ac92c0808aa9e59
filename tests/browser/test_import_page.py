"""The import page as a DPO uses it: upload a filled ICO template, see the preview with an unmapped recipient, choose
to create it as a new third party with its country, import."""

from __future__ import annotations

import pytest

from ropa.models import ProcessingActivity, ThirdParty
from ropa.roles import DPO

from ..factories import organisation
from ..importing.conftest import ico_row, workbook
from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_dpo_imports_an_ico_template_and_creates_a_third_party(page, live_server, users, tmp_path):
    org = organisation(name="Shoe Shop Ltd", country="GB")
    upload = tmp_path / "ico.xlsx"
    upload.write_bytes(
        workbook(
            [ico_row(Purpose="Payroll", **{"Categories of individuals": "Staff", "Categories of recipients": "HMRC"})]
        )
    )
    sign_in(page, live_server, users[DPO].username)
    page.goto(f"{live_server.url}/admin/register/import/")
    page.select_option("#id_organisation", str(org.pk))
    page.set_input_files("#id_file", str(upload))
    page.click("input[type=submit]")
    page.wait_for_selector("text=Values that could not be mapped")
    page.select_option("select[name='action:0']", "create")
    page.fill("input[name='target:0']", "United Kingdom")
    shot(page, "import-preview")
    page.click("button[value=import]")
    page.wait_for_selector("p.success")
    shot(page, "import-done")
    assert ProcessingActivity.objects.get(organisation=org).recipient_set.get().third_party == ThirdParty.objects.get(
        name="HMRC"
    )
