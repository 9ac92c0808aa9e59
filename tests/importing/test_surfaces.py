"""The same import on every surface: the command (exit 0 / 1 / 2), the API (dry run by default, multipart or
JSON, the report as JSON, 401 / 403 / 404), the admin (upload → preview with choices → confirm)."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from ropa.models import DataCategory, ProcessingActivity

from .conftest import census, ico_row, workbook

pytestmark = pytest.mark.django_db

CSV = "Reference,Processing activity,Status,Categories of personal data\nPA-1,Payroll,Active,Name; Shoe size\n"
BAD = "Reference,Processing activity,Status,Last reviewed\nPA-1,Payroll,Active,03/04/2025\n"


@pytest.fixture
def csv_file(tmp_path):
    def write(text: str):
        path = tmp_path / "register.csv"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


# --- Command ------------------------------------------------------------------------------------------------------


def test_command_dry_run_writes_nothing_and_exits_0(org, csv_file, capsys):
    before = census()
    call_command("import_register", csv_file(CSV), "--organisation", org.name, "--dry-run")
    out = capsys.readouterr().out
    assert "CSV row 2: created PA-1 Payroll" in out
    assert "unmapped Categories of personal data: 'Shoe size'" in out
    assert "1 created, 0 updated, 0 unchanged, 0 error — dry run, nothing written." in out
    assert census() == before


def test_command_shows_a_progress_bar_on_large_files(org, csv_file, capsys):
    rows = "".join(f"PA-{n},Activity {n},Active,Name\n" for n in range(60))
    call_command(
        "import_register", csv_file(CSV.splitlines()[0] + "\n" + rows), "--organisation", org.name, "--dry-run"
    )
    err = capsys.readouterr().err
    assert "] 25/60 rows" in err and "[" + "#" * 30 + "] 60/60 rows" in err
    call_command("import_register", csv_file(CSV), "--organisation", org.name, "--dry-run")
    assert "rows" not in capsys.readouterr().err  # one row: no bar


def test_command_imports_with_the_user_it_names(org, dpo, csv_file):
    call_command("import_register", csv_file(CSV), "--organisation", str(org.pk), "--user", "dpo")
    activity = ProcessingActivity.objects.get(organisation=org)
    assert activity.history.get().history_user == dpo


def test_command_exits_1_on_errors_and_writes_nothing(org, csv_file, capsys):
    before = census()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_register", csv_file(BAD), "--organisation", org.name)
    assert exit_.value.code == 1
    assert "error: CSV, row 2, column D (Last reviewed): 03/04/2025 is ambiguous" in capsys.readouterr().err
    assert census() == before


@pytest.mark.parametrize("arguments", [["--organisation", "Nobody Ltd"], ["--user", "ghost"]])
def test_command_exits_2_on_bad_arguments(org, csv_file, arguments):
    options = {"--organisation": org.name, **dict(zip(arguments[::2], arguments[1::2], strict=True))}
    with pytest.raises(CommandError) as error:
        call_command("import_register", csv_file(CSV), *[x for kv in options.items() for x in kv])
    assert error.value.returncode == 2


def test_command_choices_file(org, dpo, csv_file, tmp_path):
    choices = tmp_path / "choices.json"
    choices.write_text(json.dumps({"data_categories:shoe size": "create"}))
    call_command(
        "import_register", csv_file(CSV), "--organisation", org.name, "--user", "dpo", "--choices", str(choices)
    )
    assert DataCategory.objects.filter(name="Shoe size").exists()


# --- API ----------------------------------------------------------------------------------------------------------


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _url(org) -> str:
    return reverse("api-register-import", kwargs={"id": org.pk})


def test_api_is_a_dry_run_by_default(org, contributor):
    before = census()
    response = _api(contributor).post(
        _url(org), {"file": SimpleUploadedFile("r.csv", CSV.encode())}, format="multipart"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["dry_run"], body["committed"], body["counts"]["created"]) == (True, False, 1)
    assert body["unmapped"][0]["id"] == "data_categories:shoe size"
    assert census() == before


def test_api_imports_json_with_base64_and_choices(org, dpo):
    payload = {
        "name": "ico.xlsx",
        "content_base64": base64.b64encode(workbook([ico_row(Purpose="Payroll")])).decode(),
        "choices": {},
    }
    response = _api(dpo).post(f"{_url(org)}?dry_run=false", payload, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["committed"] is True
    assert ProcessingActivity.objects.get(organisation=org).name == "Payroll"


def test_api_errors_are_a_400_with_the_located_report(org, dpo):
    before = census()
    response = _api(dpo).post(
        f"{_url(org)}?dry_run=false", {"file": SimpleUploadedFile("r.csv", BAD.encode())}, format="multipart"
    )
    assert response.status_code == 400
    error = response.json()["rows"][0]["located_errors"][0]
    assert (error["sheet"], error["row"], error["column"]) == ("CSV", 2, "D (Last reviewed)")
    assert census() == before


def test_api_refuses_a_file_over_the_limit_before_reading_it(org, dpo, settings):
    settings.ROPA_IMPORT_MAX_BYTES = 10
    response = _api(dpo).post(_url(org), {"file": SimpleUploadedFile("r.csv", CSV.encode())}, format="multipart")
    assert response.status_code == 400
    assert "over the import limit of 10 bytes" in response.json()["file"][0]


def test_api_needs_authentication_permission_and_a_known_organisation(org, auditor, dpo):
    upload = {"file": SimpleUploadedFile("r.csv", CSV.encode())}
    assert _api().post(_url(org), upload, format="multipart").status_code == 401
    assert _api(auditor).post(_url(org), upload, format="multipart").status_code == 403
    url = reverse("api-register-import", kwargs={"id": org.pk + 999})
    assert _api(dpo).post(url, upload, format="multipart").status_code == 404


def test_api_without_a_file_is_a_400(org, dpo):
    response = _api(dpo).post(_url(org), {"something": "else"}, format="json")
    assert response.status_code == 400 and "file" in response.json()


# --- Admin --------------------------------------------------------------------------------------------------------


def test_admin_upload_preview_choose_and_confirm(org, dpo, client):
    client.force_login(dpo)
    url = reverse("register-import")
    assert client.get(url).status_code == 200
    before = census()
    preview = client.post(url, {"organisation": org.pk, "file": SimpleUploadedFile("r.csv", CSV.encode())})
    assert preview.status_code == 200
    assert "1 to create" in preview.content.decode() and "Shoe size" in preview.content.decode()
    assert census() == before
    confirm = client.post(
        url,
        {
            "step": "import",
            "organisation": org.pk,
            "name": "r.csv",
            "sha256": preview.context["report"].sha256,
            "value:0": "data_categories:shoe size",
            "action:0": "create",
        },
    )
    assert confirm.status_code == 200 and confirm.context["report"].committed
    assert (
        ProcessingActivity.objects.get(organisation=org)
        .activitydatacategory_set.filter(data_category__name="Shoe size")
        .exists()
    )


def test_admin_import_is_refused_to_an_auditor(org, auditor, client):
    client.force_login(auditor)
    assert client.get(reverse("register-import")).status_code == 403


def test_admin_cannot_confirm_a_file_it_never_previewed(org, dpo, client):
    client.force_login(dpo)
    response = client.post(reverse("register-import"), {"step": "import", "organisation": org.pk, "sha256": "0" * 64})
    assert response.status_code == 400
    assert "no longer available" in response.content.decode()


def test_admin_preview_offers_a_new_third_party_and_creates_it_with_its_country(org, dpo, client):
    client.force_login(dpo)
    url = reverse("register-import")
    text = "Reference;Processing activity;Status;Categories of recipients\nPA-1;Payroll;Active;HMRC\n"
    preview = client.post(url, {"organisation": org.pk, "file": SimpleUploadedFile("r.csv", text.encode())})
    page = preview.content.decode()
    assert "create a new third party (its country in the box, unless the cell names it)" in page
    confirm = client.post(
        url,
        {
            "step": "import",
            "organisation": org.pk,
            "name": "r.csv",
            "sha256": preview.context["report"].sha256,
            "value:0": "third_party:hmrc",
            "action:0": "create",
            "target:0": "United Kingdom",
        },
    )
    assert confirm.status_code == 200 and confirm.context["report"].committed, confirm.context["report"].errors
    recipient = ProcessingActivity.objects.get(organisation=org).recipient_set.get()
    assert (recipient.third_party.name, recipient.third_party.country.code) == ("HMRC", "GB")
