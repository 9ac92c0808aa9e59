"""The admin site of ropa: Django's, with an optional TOTP second factor (django-otp).

Anyone with a confirmed TOTP device is asked for its code at sign-in; with `OTP_REQUIRED_FOR_DPO` on, members of
the DPO role (and superusers) must have one and have used it, or the admin treats them as not signed in. Devices
are added under *OTP TOTP › TOTP devices* (the page shows the QR code to scan).
"""

from __future__ import annotations

from django.contrib.admin.sites import AdminSite
from django_otp import user_has_device
from django_otp.admin import OTPAdminAuthenticationForm

from ropa.auth import otp_required


class SecondFactorLoginForm(OTPAdminAuthenticationForm):
    """The admin login with a code field, checked for whoever has a device or must have one."""

    def clean_otp(self, user):
        if user is not None and (otp_required(user) or user_has_device(user, confirmed=True)):
            super().clean_otp(user)


class RegisterAdminSite(AdminSite):
    login_form = SecondFactorLoginForm
    login_template = "otp/admin111/login.html"

    def has_permission(self, request) -> bool:
        if not super().has_permission(request):
            return False
        return not otp_required(request.user) or request.user.is_verified()
