"""`check_register`: exit 0 when clean, 1 on error-level findings, 2 on bad arguments; a stable JSON shape."""

import io
import json

import pytest
from django.core.management import ManagementUtility, call_command
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db

FINDING_KEYS = {
    "code",
    "severity",
    "article",
    "title",
    "message",
    "fix",
    "organisation_id",
    "record",
    "record_name",
    "activity_id",
    "activity_reference",
    "third_party_id",
}
REGISTER_KEYS = {"organisation", "as_of", "effective_date", "generated_at", "note", "counts", "findings"}


def run(*args) -> tuple[int, str]:
    """Run the command as `manage.py` does, returning the real exit status and stdout."""
    out = io.StringIO()
    try:
        call_command("check_register", *args, stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def test_clean_register_exits_0(act, org):
    status, out = run("--organisation", str(org.pk))
    assert status == 0
    assert "0 error(s), 0 warning(s), 0 info." in out


def test_error_finding_exits_1(act, org, vendor):
    vendor.dpa_reference = ""
    f.save(vendor)
    status, out = run("--organisation", org.name)
    assert status == 1
    assert "RECIPIENT-DPA-MISSING" in out


def test_warnings_only_exit_0(act, org):
    org.dpo_designation = "not_assessed"
    f.save(org)
    status, out = run("--organisation", str(org.pk))
    assert status == 0 and "ART30-DPO-CONTACT-MISSING" in out


def test_json_shape(act, org, vendor):
    vendor.dpa_reference = ""
    f.save(vendor)
    status, out = run("--organisation", str(org.pk), "--format", "json")
    assert status == 1
    data = json.loads(out)
    assert set(data) == {"generated_at", "as_of", "counts", "registers"}
    assert data["counts"] == {"error": 1, "warning": 0, "info": 0}
    (register,) = data["registers"]
    assert set(register) == REGISTER_KEYS
    assert register["organisation"] == {"id": org.pk, "name": org.name}
    (finding,) = register["findings"]
    assert set(finding) == FINDING_KEYS
    assert finding["code"] == "RECIPIENT-DPA-MISSING" and finding["third_party_id"] == vendor.pk


def test_without_organisation_every_register_is_checked(act, org):
    other = f.organisation(address="Elsewhere 2", name="Second UAB")
    status, out = run("--format", "json")
    names = [r["organisation"]["name"] for r in json.loads(out)["registers"]]
    assert sorted(names) == sorted([org.name, other.name])
    # The second organisation has no activity and so no error; the first is clean: exit 0.
    assert status == 0


def test_as_of_checks_the_register_as_it_stood(act, org, vendor):
    before = timezone.now()
    vendor.dpa_reference = ""
    f.save(vendor)
    assert run("--organisation", str(org.pk))[0] == 1
    status, out = run("--organisation", str(org.pk), "--as-of", before.isoformat(), "--format", "json")
    assert status == 0
    assert json.loads(out)["registers"][0]["as_of"] == before.isoformat()


@pytest.mark.parametrize(
    "args", [["--organisation", "99999"], ["--organisation", "Nobody Ltd"], ["--as-of", "last tuesday"]]
)
def test_bad_arguments_exit_2_with_a_message(act, args, capsys):
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["manage.py", "check_register", *args]).execute()
    assert exc.value.code == 2
    assert args[0] in capsys.readouterr().err


def test_exit_status_through_manage_py_entry_point(act, vendor, capsys):
    vendor.dpa_reference = ""
    f.save(vendor)
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["manage.py", "check_register"]).execute()
    assert exc.value.code == 1
