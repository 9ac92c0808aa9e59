"""`/api/v1/auth/token/`: exchange a user name and password for a named, expiring API token; revoke the token
in use with DELETE.

The password goes through Django's `authenticate()`, so django-axes counts the failure and locks the user name and
the address after `AXES_FAILURE_LIMIT` of them (429), exactly as on the admin login; the endpoint also has its
own rate (`API_THROTTLE_LOGIN`).
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ropa.auth import issue_token
from ropa.models import ApiToken

from .throttling import ScopedThrottle


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    name = serializers.CharField(max_length=100, help_text="What will use the token, e.g. “ci-pipeline”.")


class IssuedTokenSerializer(serializers.ModelSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown once; only its digest is stored.")

    class Meta:
        model = ApiToken
        fields = ["token", "name", "expiry"]


class TokenView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "login"

    def get_authenticators(self):
        # DELETE revokes the token it is called with: it needs the usual authentication.
        if getattr(self, "request", None) is not None and self.request.method == "DELETE":
            from rest_framework.settings import api_settings

            return [auth() for auth in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
        return super().get_authenticators()

    def get_authenticate_header(self, request) -> str:
        return "Token"  # a wrong password is a 401 (DRF makes it a 403 for a view without authenticators)

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(
        summary="Issue an API token",
        request=TokenRequestSerializer,
        responses={201: IssuedTokenSerializer, 400: None, 401: None, 429: None},
    )
    def post(self, request):
        given = TokenRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        # The Django request, not DRF's: django-axes reads the address and flags a lockout on it.
        user = authenticate(
            request._request, username=given.validated_data["username"], password=given.validated_data["password"]
        )
        if getattr(request._request, "axes_locked_out", False):
            return Response(status=429)  # replaced by the lockout answer (`ropa.auth.lockout_response`)
        if user is None:
            raise exceptions.AuthenticationFailed("Wrong user name or password.")
        token = ApiToken(user=user, name=given.validated_data["name"], created_by=user)
        plaintext = issue_token(token)
        data = IssuedTokenSerializer(token).data
        data["token"] = plaintext
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Revoke the API token of this request", request=None, responses={204: None, 401: None})
    def delete(self, request):
        if not isinstance(request.auth, ApiToken):
            raise exceptions.ValidationError({"non_field_errors": ["Only a token can revoke itself."]})
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
