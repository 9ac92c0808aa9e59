"""A duplicate submit of the admin's export form is refused by the server while the first export renders."""

from __future__ import annotations

import pytest

from ropa.models import RegisterExport
from ropa.reports.in_flight import one_export_at_a_time

pytestmark = pytest.mark.django_db
EXPORT_URL = "/admin/register/export/"


def _post(client, demo, **extra):
    return client.post(EXPORT_URL, {"organisation": demo.org.pk, "format": "csv", "as_of": "", **extra})


def test_a_second_submit_while_the_first_renders_is_refused_and_nothing_is_exported(client, auditor, dpo, demo):
    client.force_login(auditor)
    with one_export_at_a_time(auditor.pk):  # the first submit, still rendering
        response = _post(client, demo)
        assert response.status_code == 409
        assert "still being produced" in response.content.decode()
        assert not RegisterExport.objects.exists()
        # another user is not held up by it
        client.force_login(dpo)
        assert _post(client, demo).status_code == 200
        client.force_login(auditor)
    # once the first is done, the next export goes through
    assert _post(client, demo).status_code == 200
    assert list(RegisterExport.objects.values_list("created_by__username", flat=True).order_by("pk")) == [
        "dpo",
        "auditor",
    ]


def test_the_slot_is_released_when_the_render_fails(client, auditor, demo, monkeypatch):
    client.force_login(auditor)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr("ropa.reports.views.export_register", broken)
    with pytest.raises(RuntimeError):
        _post(client, demo)
    monkeypatch.undo()
    assert _post(client, demo).status_code == 200
