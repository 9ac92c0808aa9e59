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
    assert client.get(f"/api/v1/organisations/{demo_org.pk}/notice.docx").status_code == 404
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


def test_the_generated_notice_as_pdf_names_the_recipients(client, dpo, demo_org):
    from tests.reports.helpers import pdf_text, squash

    client.force_login(dpo)
    response = client.get(f"/api/v1/organisations/{demo_org.pk}/notice.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = squash(pdf_text(response.content))
    assert (
        squash("Twitter International Unlimited Company") in text and squash("Israel on an adequacy decision") in text
    )


def test_admin_compare_page_shows_both_sides_and_marks_the_differences(
    client, dpo, demo_notice, django_assert_max_num_queries
):
    client.force_login(dpo)
    with django_assert_max_num_queries(40):
        page = client.get(f"/admin/register/notices/{demo_notice.pk}/compare/")
    assert page.status_code == 200
    html = page.content.decode()
    published, register_side = html.split('id="notice-published"')[1].split('id="notice-register"')
    assert "NOTICE-ENTITY-MISMATCH" in published and "Intercom service is provided by Intercom, Inc." in published
    assert (
        'title="NOTICE-ENTITY-MISMATCH ">Intercom (Intercom R&amp;D Unlimited Company, Ireland).</mark>'
        in register_side
    )
    table = html.split('id="notice-findings"')[1].split("</table>")[0]
    assert table.count("<tr>") - 1 == 10  # the ten differences, each a row (plus the header)
    assert "/admin/ropa/thirdparty/" in html  # each links the record to fix


def test_admin_notice_pages_need_the_permission(client, demo_org, demo_notice):
    user = User.objects.create_user("staff", password="x" * 20, is_staff=True)
    client.force_login(user)
    assert client.get(f"/admin/register/notices/{demo_notice.pk}/compare/").status_code == 403
    assert client.get(f"/admin/register/organisations/{demo_org.pk}/notice-draft/").status_code == 403


def test_admin_draft_and_the_organisation_page(client, dpo, demo_org):
    client.force_login(dpo)
    draft = client.get(f"/admin/register/organisations/{demo_org.pk}/notice-draft/")
    assert draft.status_code == 200 and 'data-records="third_party:' in draft.content.decode()
    md = client.get(f"/admin/register/organisations/{demo_org.pk}/notice-draft/", {"download": "md"})
    assert md["Content-Disposition"].startswith("attachment") and b"[^1]: Records:" in md.content
    page = client.get(f"/admin/ropa/organisation/{demo_org.pk}/change/").content.decode()
    assert "generate draft from the register" in page and "compare with the register" in page


def test_a_notice_with_a_script_is_refused_in_the_admin_with_its_message(client, dpo, demo_org):
    from ropa.models import PrivacyNotice

    client.force_login(dpo)
    response = client.post(
        "/admin/ropa/privacynotice/add/",
        {
            "organisation": demo_org.pk,
            "version_label": "3.0",
            "language": "en",
            "published_on": "2025-01-01",
            "format": "html",
            "text": "<p>Hi</p><script>alert(1)</script>",
            "change_reason": "new notice",
            "version": 0,
        },
    )
    assert response.status_code == 200 and "active content" in response.content.decode()
    assert PrivacyNotice.objects.count() == 1


def test_the_report_annex_includes_the_notice_differences(demo_org):
    import jsonschema

    from ropa.reports.schema import load_schema
    from ropa.reports.service import export_register
    from tests.reports.helpers import json_doc

    payload = json_doc(export_register(demo_org.pk, "json", include_findings=True)[1])
    jsonschema.validate(payload, load_schema())
    codes = [x["code"] for x in payload["register"]["findings"]]
    assert codes.count("NOTICE-ENTITY-MISMATCH") == 2 and codes.count("NOTICE-TRANSFER-COUNTRY") == 2
    plain = json_doc(export_register(demo_org.pk, "json")[1])
    assert "findings" not in plain["register"]


def test_notice_pages_run_a_constant_number_of_queries(client, dpo, demo_org, demo_notice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories as f

    client.force_login(dpo)
    urls = [
        f"/api/v1/organisations/{demo_org.pk}/notice-findings/",
        f"/api/v1/organisations/{demo_org.pk}/notice.md",
        f"/admin/register/notices/{demo_notice.pk}/compare/",
        f"/admin/register/organisations/{demo_org.pk}/notice-draft/",
    ]

    def counts() -> list[int]:
        out = []
        for url in urls:
            client.get(url)  # warm the session and caches
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    small = counts()
    f.bulk_register(demo_org, 30)
    assert counts() == small
