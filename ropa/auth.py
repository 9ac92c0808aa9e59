"""Signing in: the lockout answer, issuing API tokens, and who must use a second factor.

One module for the rules shared by the admin and the API, so the two surfaces cannot drift.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ropa.roles import DPO

API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer once a user name or an address reached the failure limit: 429 with `Retry-After`, as
    JSON on the API and as a short page in the admin. It never says whether the password was right."""
    cooloff = timedelta(hours=settings.AXES_COOLOFF_TIME) if settings.AXES_COOLOFF_TIME else None
    detail = _("Too many failed sign-in attempts: this account or address is locked")
    detail += _(" for %(minutes)d minutes.") % {"minutes": cooloff.total_seconds() // 60} if cooloff else "."
    detail += " " + _("An administrator can unlock it earlier.")
    response: HttpResponse
    if is_api(request):
        response = JsonResponse({"detail": detail}, status=429)
    else:
        response = HttpResponse(detail, status=429, content_type="text/plain; charset=utf-8")
    if cooloff:
        response["Retry-After"] = str(int(cooloff.total_seconds()))
    return response


def default_expiry() -> datetime:
    """When a token issued now expires unless told otherwise (`API_TOKEN_DAYS`, 90 by default)."""
    from knox.settings import knox_settings

    return timezone.now() + knox_settings.TOKEN_TTL


def issue_token(token) -> str:
    """Save a new `ApiToken` (user and name set) with a fresh secret and return the plaintext — it exists only in
    this return value, so show it once. Without an expiry, the configured lifetime applies."""
    from knox.models import get_digest_token
    from knox.settings import CONSTANTS

    digest, plaintext = get_digest_token()
    token.digest, token.token_key = digest, plaintext[: CONSTANTS.TOKEN_KEY_LENGTH]
    if token.expiry is None:
        token.expiry = default_expiry()
    token.full_clean()
    token.save(force_insert=True)
    return plaintext


def otp_required(user) -> bool:
    """Whether `user` must confirm a TOTP code to use the admin: members of the DPO role when
    `OTP_REQUIRED_FOR_DPO` is on (a superuser is always asked when the setting is on, being able to do more)."""
    if not settings.OTP_REQUIRED_FOR_DPO or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=DPO).exists()
