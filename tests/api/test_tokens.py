"""Signing in: hashed, named, expiring API tokens the DPO issues in the admin; lockout after repeated failures on
the admin and the token endpoint; failed credentials counted by the anonymous throttle; the optional TOTP factor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from ropa.models import ApiToken

from .conftest import API, token_client, token_for

pytestmark = pytest.mark.django_db
TOKEN_URL = f"{API}/auth/token/"
PASSWORD = "pw-for-tests-only"  # tests/conftest.py


def _sign_in(client: APIClient, username: str, password: str, name: str = "ci"):
    return client.post(TOKEN_URL, {"username": username, "password": password, "name": name}, format="json")


def test_a_token_is_stored_only_as_its_digest_and_authenticates(contributor):
    response = _sign_in(APIClient(), "contributor", PASSWORD, name="ci-pipeline")
    assert response.status_code == 201
    body = response.json()
    plaintext = body["token"]
    assert body["name"] == "ci-pipeline" and body["expiry"]
    token = ApiToken.objects.get(user=contributor, name="ci-pipeline")
    assert token.digest != plaintext and len(token.digest) == 128
    with connection.cursor() as cursor:  # no column of the table holds the secret
        cursor.execute("SELECT * FROM ropa_apitoken")
        assert not any(plaintext in str(value) for row in cursor.fetchall() for value in row)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plaintext}")
    assert client.get(f"{API}/organisations/").status_code == 200


def test_a_user_holds_several_named_tokens_and_revoking_one_keeps_the_other(dpo):
    first, second = token_client(dpo), token_client(dpo)
    assert ApiToken.objects.filter(user=dpo).count() == 2
    assert first.delete(TOKEN_URL).status_code == 204
    assert first.get(f"{API}/organisations/").status_code == 401
    assert second.get(f"{API}/organisations/").status_code == 200


def test_an_expired_token_is_refused(dpo):
    client = token_client(dpo)
    ApiToken.objects.filter(user=dpo).update(expiry=timezone.now() - timezone.timedelta(seconds=1))
    assert client.get(f"{API}/organisations/").status_code == 401
    assert not ApiToken.objects.filter(user=dpo).exists()  # deleted once presented expired


def test_a_wrong_password_is_401_and_issues_nothing(dpo):
    response = _sign_in(APIClient(), "dpo", "wrong")
    assert response.status_code == 401
    assert not ApiToken.objects.exists()


def test_the_token_endpoint_locks_out_after_the_failure_limit(settings, dpo):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "dpo", "wrong").status_code == 401
    assert _sign_in(client, "dpo", "wrong").status_code == 429  # the failure that reaches the limit
    locked = _sign_in(client, "dpo", PASSWORD)  # the right password no longer helps
    assert locked.status_code == 429
    assert "locked" in locked.json()["detail"] and int(locked["Retry-After"]) > 0
    assert not ApiToken.objects.exists()
    call_command("axes_reset_username", "dpo")  # the documented unlock
    call_command("axes_reset_ip", "127.0.0.1")
    assert _sign_in(client, "dpo", PASSWORD).status_code == 201


def test_the_admin_login_locks_out_after_the_failure_limit(settings, client, dpo):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": "dpo", "password": "wrong"})
        assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    assert client.post("/admin/login/", {"username": "dpo", "password": "wrong"}).status_code == 429
    locked = client.post("/admin/login/", {"username": "dpo", "password": PASSWORD})
    assert locked.status_code == 429
    assert client.get("/admin/").status_code == 302  # still signed out


def test_failed_credentials_count_against_the_anonymous_throttle(monkeypatch, db):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "1000/minute", "login": "1000/minute"}
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token ropa_guessed-token-value")
    statuses = [client.get(f"{API}/organisations/").status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 429, 429]


def _issue_in_admin(client, user, name="vendor sync"):
    return client.post("/admin/ropa/apitoken/add/", {"user": user.pk, "name": name, "expiry": ""})


def test_the_dpo_issues_a_token_in_the_admin_for_an_integration_user_and_sees_it_once(dpo_client, dpo):
    integration = User.objects.create_user("integration", password=None)
    response = _issue_in_admin(dpo_client, integration)
    assert response.status_code == 200
    token = ApiToken.objects.get(user=integration)
    assert token.created_by == dpo and token.expiry > timezone.now()
    plaintext = response.context["plaintext"]
    assert plaintext.startswith("ropa_") and plaintext in response.content.decode()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plaintext}")
    assert client.get(f"{API}/organisations/").wsgi_request.user == integration
    listing = dpo_client.get("/admin/ropa/apitoken/").content.decode()
    assert token.name in listing and plaintext not in listing


def test_the_dpo_revokes_a_token_in_the_admin(dpo_client, contributor):
    client = token_client(contributor)
    token = ApiToken.objects.get(user=contributor)
    response = dpo_client.post(f"/admin/ropa/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert client.get(f"{API}/organisations/").status_code == 401


def test_the_dpo_cannot_issue_a_token_acting_as_a_superuser(dpo_client):
    root = User.objects.create_superuser("root", password=PASSWORD)
    response = _issue_in_admin(dpo_client, root)
    assert response.status_code == 200 and "user" in response.context["adminform"].form.errors
    assert not ApiToken.objects.exists()


def test_a_contributor_cannot_issue_tokens_in_the_admin(client, contributor, dpo):
    client.force_login(contributor)
    assert _issue_in_admin(client, dpo).status_code == 403


def test_a_token_name_is_unique_per_user(dpo):
    token_for(dpo)
    response = _sign_in(APIClient(), "dpo", PASSWORD, name="tests 1")
    assert response.status_code == 400
    assert ApiToken.objects.filter(user=dpo).count() == 1


def test_with_the_setting_on_the_dpo_needs_a_totp_code_for_the_admin(settings, client, dpo):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.OTP_REQUIRED_FOR_DPO = True
    client.post("/admin/login/", {"username": "dpo", "password": PASSWORD})
    assert client.get("/admin/").status_code == 302  # no device, no admin
    device = TOTPDevice.objects.create(user=dpo, name="phone", confirmed=True)
    wrong = client.post("/admin/login/", {"username": "dpo", "password": PASSWORD, "otp_token": "000000"})
    assert client.get("/admin/").status_code == 302, wrong.content
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    client.post(
        "/admin/login/",
        {"username": "dpo", "password": PASSWORD, "otp_device": device.persistent_id, "otp_token": f"{code:06d}"},
    )
    assert client.get("/admin/").status_code == 200


def test_without_the_setting_a_user_without_a_device_signs_in_with_a_password(client, dpo):
    client.post("/admin/login/", {"username": "dpo", "password": PASSWORD})
    assert client.get("/admin/").status_code == 200
