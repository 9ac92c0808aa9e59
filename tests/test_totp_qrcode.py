"""The TOTP device page shows the QR code to scan, as docs/deploy.md says: `qrcode` is a dependency, so
django-otp's admin draws it (without it the image answers 503 and the page falls back to the URL)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def test_the_totp_device_page_serves_its_qr_code(client):
    admin = User.objects.create_superuser("root", "root@example.org", "pw-for-tests-only")
    dpo = User.objects.create_user("dpo-with-phone", is_staff=True)
    device = TOTPDevice.objects.create(user=dpo, name="phone", confirmed=False)
    client.force_login(admin)
    config = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/")
    assert config.status_code == 200
    image_url = f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/"
    assert image_url in config.content.decode()
    image = client.get(image_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/svg+xml"
    assert b"<svg" in image.content and len(image.content) > 1000
