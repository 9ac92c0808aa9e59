"""manage.py export_register: writes the file, records its digest, and refuses bad arguments clearly."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ropa.models import RegisterExport

from .helpers import csv_rows, json_doc, pdf_text

pytestmark = pytest.mark.django_db


def run(*args: str) -> None:
    call_command("export_register", *args)


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv", "html", "json"])
def test_command_writes_the_file_whose_digest_the_entry_records(demo, tmp_path, fmt):
    out = tmp_path / f"register.{fmt}"
    run("--organisation", str(demo.org.pk), "--format", fmt, "--output", str(out))
    export = RegisterExport.objects.get()
    assert export.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert export.size == out.stat().st_size
    assert export.created_by is None and export.format == fmt


def test_organisation_by_name_as_of_and_retired(demo, tmp_path):
    out = tmp_path / "r.json"
    as_of = timezone.now()
    run(
        "--organisation",
        "Mysterium VPN",
        "--format",
        "json",
        "--as-of",
        as_of.isoformat(),
        "--include-retired",
        "--output",
        str(out),
    )
    register = json_doc(out.read_bytes())["register"]
    assert register["organisation"]["name"] == "MN Technologijos UAB"
    assert register["as_of"] == as_of.isoformat()
    assert "PA-009" in {a["reference"] for a in register["controller_activities"]}
    run("--organisation", "mn technologijos uab", "--format", "CSV", "--output", str(tmp_path / "r.csv"))
    assert "PA-009" not in {r["Reference"] for r in csv_rows((tmp_path / "r.csv").read_bytes())}


def test_pdf_from_the_command_is_readable(demo, tmp_path):
    out = tmp_path / "r.pdf"
    run("--organisation", str(demo.org.pk), "--format", "pdf", "--output", str(out))
    assert "MN Technologijos UAB" in pdf_text(out.read_bytes())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "999999", "--format", "pdf"], "No organisation with id or name '999999'"),
        (["--organisation", "Nobody Ltd", "--format", "pdf"], "No organisation with id or name 'Nobody Ltd'"),
        (["--format", "docx"], "Unknown format 'docx': choose one of csv, csv-processor, html, json, pdf, xlsx"),
        (["--format", "pdf", "--as-of", "31/01/2025"], "--as-of: '31/01/2025' is not a date or datetime"),
        (["--format", "pdf", "--as-of", "2025-02-30"], "--as-of: '2025-02-30' is not a date or datetime"),
    ],
)
def test_bad_arguments_get_a_clear_error(demo, tmp_path, args, message):
    if "--organisation" not in args:
        args = ["--organisation", str(demo.org.pk), *args]
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(*args, "--output", str(tmp_path / "x"))
    assert not RegisterExport.objects.exists()
    assert not (tmp_path / "x").exists()


def test_future_date_is_refused(demo, tmp_path):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(CommandError, match="is in the future"):
        run(
            "--organisation",
            str(demo.org.pk),
            "--format",
            "pdf",
            "--as-of",
            tomorrow,
            "--output",
            str(tmp_path / "x"),
        )


def test_missing_output_folder_is_refused(demo, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("--organisation", str(demo.org.pk), "--format", "csv", "--output", str(tmp_path / "no" / "x.csv"))


def test_output_dash_writes_to_standard_output(demo):
    import io

    out = io.StringIO()
    call_command("export_register", "--organisation", str(demo.org.pk), "--format", "csv", "--output", "-", stdout=out)
    text = out.getvalue()
    assert text.startswith("\ufeffBusiness function,") and "PA-001" in text
    assert RegisterExport.objects.get().sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
