"""API token authentication: knox's hashed, expiring tokens, and their scheme in the OpenAPI document.

Its own module, imported by DRF's settings, so it must not import DRF's views.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication


class ApiTokenAuthentication(TokenAuthentication):
    """knox's token check, without its sweep of the user's other tokens on every request (one more query each
    time): an expired token is refused — and deleted — when it is presented."""

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


class TokenScheme(OpenApiAuthenticationExtension):
    """The token scheme in the OpenAPI document, under its established name (`tokenAuth`)."""

    target_class = "ropa.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
