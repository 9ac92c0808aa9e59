import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOOLS = ["ropa-findings", "register-export", "register_as_of", "register_changes", "register_audit_trail"]


def test_admin_index_links_every_register_tool(client, auditor):
    client.force_login(auditor)
    html = client.get(reverse("admin:index")).content.decode()
    for name in TOOLS:
        assert f'href="{reverse(name)}"' in html


def test_each_register_tool_opens_for_an_auditor(client, auditor):
    client.force_login(auditor)
    for name in TOOLS:
        assert client.get(reverse(name)).status_code == 200, name


def test_register_tools_require_login(client):
    for name in TOOLS:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"], name
