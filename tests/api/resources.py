"""Each API resource described once (endpoint, a valid record to create, a change to make), so every resource
gets the same CRUD, permission and history tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Resource:
    endpoint: str
    create: dict[str, Any]
    change: dict[str, Any]
    contributor_can_write: bool = False
    contributor_can_delete: bool = False
    needs_org: bool = False

    def body(self, **context) -> dict:
        return {k: (v(**context) if callable(v) else v) for k, v in self.create.items()}


RESOURCES = {
    "organisations": Resource(
        "organisations",
        {"name": "Rytas UAB", "country": "LT", "dpo_email": "dpo@rytas.example"},
        {"trade_name": "Rytas"},
    ),
    "third-parties": Resource(
        "third-parties",
        {
            "name": "Mailbird",
            "legal_entity": "Mailbird Inc.",
            "country": "US",
            "default_role": "processor",
            "processing_locations": ["DE", "US"],
        },
        {"dpa_reference": "DPA 2025-04"},
        contributor_can_write=True,
    ),
    "data-categories": Resource(
        "data-categories",
        {"key": "contact.fax", "name": "Fax number", "parent": "contact"},
        {"name": "Fax"},
    ),
    "data-subjects": Resource("data-subjects", {"key": "volunteers", "name": "Volunteers"}, {"vulnerable": True}),
    "purposes": Resource(
        "purposes", {"key": "fraud_screening", "name": "Fraud screening"}, {"description": "Screening orders"}
    ),
    "security-measures": Resource(
        "security-measures",
        {"key": "hsm", "name": "Hardware security modules", "kind": "technical"},
        {"name": "HSMs"},
    ),
    "adequacy-decisions": Resource(
        "adequacy-decisions",
        {
            "key": "xk_test",
            "name": "Testland",
            "country": "MX",
            "reference": "(EU) 2099/1",
            "in_force_from": "2024-01-01",
        },
        {"scope_note": "Private sector only."},
    ),
    "activities": Resource(
        "activities",
        {"organisation": lambda org: org.id, "reference": "PA-900", "name": "Newsletter", "status": "draft"},
        {"status": "active"},
        contributor_can_write=True,
        contributor_can_delete=True,
        needs_org=True,
    ),
}
