"""The corpus of registers under `corpus/`: each file is a register in the API's JSON plus the exact findings a
DPO should get from it. Loading goes through the API, as an integration would write the register; the findings are
judged on a fixed date, so dates in the files mean the same thing whenever the tests run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter
from pathlib import Path

from rest_framework.test import APIClient

from ropa.checks import Finding, run_checks
from ropa.register import build_register
from tests.api.conftest import token_for

CORPUS_DIR = Path(__file__).parent / "corpus"
# The day every corpus register is judged on (the review dates, DPF checks and DPA dates in the files are
# written against it).
JUDGED_ON = dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.UTC)
API = "/api/v1"
CATALOGUES = (("purposes", "purposes"), ("data_subjects", "data-subjects"), ("data_categories", "data-categories"))


def corpus() -> dict[str, dict]:
    """Every register of the corpus, by file name (without .json)."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(CORPUS_DIR.glob("*.json"))}


def api_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


def _post(client: APIClient, resource: str, payload: dict, reason: str) -> dict:
    response = client.post(f"{API}/{resource}/", payload, format="json", HTTP_X_CHANGE_REASON=reason)
    assert response.status_code == 201, f"{resource}: {response.status_code} {response.content.decode()[:2000]}"
    return response.json()


def load_register(client: APIClient, name: str, data: dict) -> int:
    """Write one corpus register through the API; returns its organisation's id."""
    reason = f"Corpus register {name}"
    for kind, resource in CATALOGUES:
        for entry in data.get("catalogue", {}).get(kind, []):
            _post(client, resource, entry, reason)
    org_id = _post(client, "organisations", data["organisation"], reason)["id"]
    for party in data.get("third_parties", []):
        _post(client, "third-parties", party, reason)
    for activity in data.get("activities", []):
        _post(client, "activities", {**activity, "organisation": org_id}, reason)
    return org_id


def judged_findings(org_id: int) -> list[Finding]:
    register = dataclasses.replace(build_register(org_id), generated_at=JUDGED_ON)
    return run_checks(register)


def finding_key(f: Finding) -> tuple[str, str, str]:
    """(code, severity, record) with the record as the corpus files write it."""
    if f.record == "activity":
        record = f"activity:{f.activity_reference}"
    elif f.record == "third_party":
        record = f"third_party:{f.record_name}"
    else:
        record = "organisation"
    return f.code, f.severity, record


def expected_keys(data: dict) -> Counter:
    return Counter((e["code"], e["severity"], e["record"]) for e in data["expected"])


@dataclasses.dataclass
class Score:
    """Findings matched against the expected ones, counted with multiplicity."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, expected: Counter, found: Counter) -> None:
        self.true_positives += sum((expected & found).values())
        self.false_positives += sum((found - expected).values())
        self.false_negatives += sum((expected - found).values())

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0
