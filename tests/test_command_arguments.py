"""The organisation and moment arguments every register command shares (`ropa.management.arguments`)."""

import datetime as dt

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.utils import timezone

from ropa.management.arguments import moment_argument, optional_moment_argument, organisation_argument
from ropa.models import RegisterExport
from tests import factories as f

pytestmark = pytest.mark.django_db

COMMANDS = {
    "check_register": [],
    "export_register": ["--format", "json", "--output", "-"],
    "register_diff": ["--from", "2024-01-01"],
}


@pytest.fixture
def two_acmes():
    return (
        f.organisation(name="Acme Lietuva UAB", trade_name="Acme"),
        f.organisation(name="Acme Latvija SIA", trade_name="ACME"),
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_a_name_several_organisations_answer_to_is_an_error_listing_them(two_acmes, command):
    lt, lv = two_acmes
    with pytest.raises(CommandError) as raised:
        call_command(command, "--organisation", "acme", *COMMANDS[command])
    message = str(raised.value)
    assert "'acme' names 2 organisations" in message
    assert f"id {lt.pk}: Acme Lietuva UAB (Acme)" in message and f"id {lv.pk}: Acme Latvija SIA (ACME)" in message
    assert "give the id" in message
    assert not RegisterExport.objects.exists()


def test_check_register_refuses_an_ambiguous_name_with_the_usage_exit_status(two_acmes, capsys):
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "check_register", "--organisation", "Acme"]).execute()
    assert exited.value.code == 2
    assert "--organisation: 'Acme' names 2 organisations" in capsys.readouterr().err


def test_an_organisation_is_found_by_id_legal_name_or_trade_name_in_any_case(two_acmes):
    lt, lv = two_acmes
    assert organisation_argument(str(lv.pk)) == lv
    assert organisation_argument(" acme lietuva uab ") == lt
    solo = f.organisation(name="Solo Oy", trade_name="Solo Cloud")
    assert organisation_argument("SOLO CLOUD") == solo


def test_an_id_wins_over_a_name_made_of_digits(two_acmes):
    lt, _lv = two_acmes
    f.organisation(name=str(lt.pk))
    assert organisation_argument(str(lt.pk)) == lt


@pytest.mark.parametrize("value", ["Nobody Ltd", "0", "99999", str(10**30), "¹"])
def test_an_unknown_organisation_is_an_error_naming_the_option(value):
    with pytest.raises(CommandError, match=f"--organisation: No organisation with id or name '{value}'"):
        organisation_argument(value)


def test_a_moment_is_read_by_the_shared_parser_and_named_by_its_option():
    assert optional_moment_argument("", "--as-of") is None and optional_moment_argument(None, "--as-of") is None
    assert moment_argument("2024-03-14", "--from", day_end=False) == dt.datetime(2024, 3, 14, tzinfo=dt.UTC)
    assert optional_moment_argument("2024-03-14", "--to") == dt.datetime(2024, 3, 14, 23, 59, 59, 999999, tzinfo=dt.UTC)
    with pytest.raises(CommandError, match="--from: Give a date"):
        moment_argument(" ", "--from")
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(CommandError, match=r"--to: .* is in the future") as raised:
        moment_argument(tomorrow, "--to", returncode=2)
    assert raised.value.returncode == 2
