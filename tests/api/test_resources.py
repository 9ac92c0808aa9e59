"""Every resource: a CRUD round trip with ETags and history, and the role rules (anonymous 401, Auditor 403 on
writes, the Contributor's limits)."""

from __future__ import annotations

import pytest

from ropa.models import ProcessingActivity

from .conftest import API, if_match
from .resources import RESOURCES

ALL = sorted(RESOURCES)


def _url(name: str, pk: int | None = None, suffix: str = "") -> str:
    return f"{API}/{RESOURCES[name].endpoint}/" + (f"{pk}/" if pk else "") + suffix


@pytest.mark.parametrize("name", ALL)
def test_crud_round_trip(api, org, name):
    resource = RESOURCES[name]
    created = api.post(_url(name), resource.body(org=org), format="json", HTTP_X_CHANGE_REASON="round trip")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created["ETag"] == '"1"'

    read = api.get(_url(name, pk))
    assert read.status_code == 200
    assert read["ETag"] == '"1"'
    for key, value in resource.body(org=org).items():
        assert read.json()[key] == value

    patched = api.patch(_url(name, pk), resource.change, format="json", **if_match(read))
    assert patched.status_code == 200, patched.json()
    assert patched["ETag"] == '"2"'
    for key, value in resource.change.items():
        assert patched.json()[key] == value

    full = {**resource.body(org=org), **resource.change}
    put = api.put(_url(name, pk), full, format="json", **if_match(patched))
    assert put.status_code == 200, put.json()
    assert put.json()["version"] == 3

    listed = api.get(_url(name), {"page_size": 200})
    assert pk in [row["id"] for row in listed.json()["results"]]

    deleted = api.delete(_url(name, pk), **if_match(put))
    assert deleted.status_code == 204
    assert api.get(_url(name, pk)).status_code == 404

    history = api.get(_url(name, pk, "history/")).json()
    own = [e for e in history if e["object_id"] == pk and e["model"] != "transfer"]
    assert [e["type"] for e in own][:4] == ["deleted", "changed", "changed", "created"]
    assert {e["who"] for e in own} == {"dpo"}
    assert own[-1]["why"] == "round trip"
    changed_fields = {c["field"] for c in own[2]["changes"]}
    assert set(resource.change) <= changed_fields


@pytest.mark.parametrize("name", ALL)
def test_anonymous_gets_401_everywhere(anonymous_api, org, name):
    assert anonymous_api.get(_url(name)).status_code == 401
    response = anonymous_api.post(_url(name), RESOURCES[name].body(org=org), format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_anonymous_cannot_read_a_record_or_its_history(anonymous_api, org):
    assert anonymous_api.get(f"{API}/organisations/{org.id}/").status_code == 401
    assert anonymous_api.get(f"{API}/organisations/{org.id}/history/").status_code == 401


def test_invalid_token_is_401(org):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(f"{API}/organisations/").status_code == 401


def test_session_auth_works_for_a_logged_in_user(client, dpo, org):
    client.force_login(dpo)
    response = client.get(f"{API}/organisations/{org.id}/")
    assert response.status_code == 200
    assert response.json()["name"] == org.name


@pytest.mark.parametrize("name", ALL)
def test_auditor_reads_but_cannot_write(auditor_api, api, org, name):
    body = RESOURCES[name].body(org=org)
    assert auditor_api.get(_url(name)).status_code == 200
    assert auditor_api.post(_url(name), body, format="json").status_code == 403
    created = api.post(_url(name), body, format="json")
    pk = created.json()["id"]
    assert auditor_api.get(_url(name, pk)).status_code == 200
    assert auditor_api.get(_url(name, pk, "history/")).status_code == 200
    assert (
        auditor_api.patch(_url(name, pk), RESOURCES[name].change, format="json", **if_match(created)).status_code == 403
    )
    assert auditor_api.delete(_url(name, pk), **if_match(created)).status_code == 403
    assert api.get(_url(name, pk)).json()["version"] == 1


@pytest.mark.parametrize("name", ALL)
def test_contributor_writes_activities_and_third_parties_only(contributor_api, api, org, name):
    resource = RESOURCES[name]
    body = resource.body(org=org)
    created = contributor_api.post(_url(name), body, format="json")
    if not resource.contributor_can_write:
        assert created.status_code == 403
        created = api.post(_url(name), body, format="json")
        pk = created.json()["id"]
        assert (
            contributor_api.patch(_url(name, pk), resource.change, format="json", **if_match(created)).status_code
            == 403
        )
        assert contributor_api.delete(_url(name, pk), **if_match(created)).status_code == 403
        return
    assert created.status_code == 201
    pk = created.json()["id"]
    changed = contributor_api.patch(_url(name, pk), resource.change, format="json", **if_match(created))
    assert changed.status_code == 200
    deleted = contributor_api.delete(_url(name, pk), **if_match(changed))
    assert deleted.status_code == (204 if resource.contributor_can_delete else 403)


def test_token_carries_its_users_permissions(contributor, contributor_api, org):
    """The same Contributor token may add an activity but not an organisation."""
    assert (
        contributor_api.post(f"{API}/organisations/", {"name": "X", "country": "LT"}, format="json").status_code == 403
    )
    response = contributor_api.post(
        f"{API}/activities/", {"organisation": org.id, "reference": "C-1", "name": "Contributed"}, format="json"
    )
    assert response.status_code == 201
    assert ProcessingActivity.history.get(id=response.json()["id"]).history_user == contributor


def test_third_party_written_by_name_in_an_activity(api, org):
    created = api.post(
        f"{API}/third-parties/",
        {"name": "Postmark", "legal_entity": "ActiveCampaign LLC", "country": "US", "default_role": "processor"},
        format="json",
    )
    response = api.post(
        f"{API}/activities/",
        {
            "organisation": org.id,
            "reference": "PA-77",
            "name": "Receipts",
            "recipients": [{"third_party": "Postmark", "role": "processor"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["recipients"][0]["third_party"] == created.json()["id"]
    assert response.json()["recipients"][0]["country"] == "US"


def test_deleting_a_catalogue_entry_in_use_is_a_409_not_a_500(api, org):
    api.post(
        f"{API}/activities/",
        {"organisation": org.id, "reference": "PA-8", "name": "Uses fax", "purposes": [{"purpose": "legal_claims"}]},
        format="json",
    )
    purpose = api.get(f"{API}/purposes/", {"search": "legal_claims"}).json()["results"][0]
    read = api.get(f"{API}/purposes/{purpose['id']}/")
    response = api.delete(f"{API}/purposes/{purpose['id']}/", **if_match(read))
    assert response.status_code == 409
    assert "refer" in response.json()["detail"]
    assert api.get(f"{API}/purposes/{purpose['id']}/").status_code == 200
