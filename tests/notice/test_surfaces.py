"""The notice over the API and the command: permissions, formats, exit status."""

import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_api_serves_the_generated_notice_and_the_findings(client, dpo, demo_org, django_assert_max_num_queries):
    client.force_login(dpo)
    md = client.get(f"/api/v1/organisations/{demo_org.pk}/notice.md")
    assert md.status_code == 200 and md["Content-Type"].startswith("text/markdown")
    assert b"Twitter International Unlimited Company" in md.content and b"[^1]: Records:" in md.content
    html = client.get(f"/api/v1/organisations/{demo_org.pk}/notice.html", {"as_of": "2023-11-10"})
    assert html.status_code == 400 and "as_of" in html.json()
    with django_assert_max_num_queries(40):
        found = client.get(f"/api/v1/organisations/{demo_org.pk}/notice-findings/")
    assert found.status_code == 200
    body = found.json()
    assert body["notice"]["version"] == "2.0" and len(body["today"]) == 10
    assert {f["code"] for f in body["today"]} >= {"NOTICE-ENTITY-MISMATCH", "NOTICE-VENDOR-DUPLICATE"}
    assert all(f["quote"] and f["position"] for f in body["today"])
    assert client.get(f"/api/v1/organisations/{demo_org.pk}/notice.pdf").status_code == 404
    assert client.get("/api/v1/organisations/999999/notice-findings/").status_code == 404


def test_the_api_refuses_anonymous_and_roleless_users(client, demo_org):
    for url in (
        f"/api/v1/organisations/{demo_org.pk}/notice.md",
        f"/api/v1/organisations/{demo_org.pk}/notice-findings/",
    ):
        assert client.get(url).status_code in (401, 403)
    client.force_login(User.objects.create_user("nobody", password="x" * 20))
    assert client.get(f"/api/v1/organisations/{demo_org.pk}/notice-findings/").status_code == 403


def test_the_command_exits_1_on_an_error_level_difference(demo_org, capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        call_command("compare_notice", organisation="Mysterium VPN", format="json")
    assert exit_.value.code == 1
    data = json.loads(capsys.readouterr().out)
    assert len(data["today"]) == 10 and "did not exist" in data["at_publication_note"]


def test_the_command_compares_a_file_and_exits_0_when_nothing_differs(demo_org, capsys, tmp_path):
    from ropa.notice.generate import notice_html
    from ropa.register import build_register

    path = tmp_path / "draft.html"
    path.write_text(notice_html(build_register(demo_org.pk)), encoding="utf-8")
    call_command("compare_notice", organisation=str(demo_org.pk), notice=str(path))
    assert "no difference" in capsys.readouterr().out
    (tmp_path / "bad.md").write_bytes(b"%PDF\x00\x01")
    with pytest.raises(Exception, match="binary") as e:
        call_command("compare_notice", organisation=str(demo_org.pk), notice=str(tmp_path / "bad.md"))
    assert getattr(e.value, "returncode", None) == 2
