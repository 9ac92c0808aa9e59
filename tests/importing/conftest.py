"""Fixtures of the import tests: a small ICO-style workbook built with openpyxl, and a census of the database that
shows an import that was refused wrote nothing (rows and history rows of every register model)."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from openpyxl import Workbook

from ropa.choices import RecipientRole
from ropa.models import Organisation

from .. import factories as f

# The UK ICO controller template's columns, in its order (what a DPO's filled-in sheet has).
ICO_HEADER = [
    "Business function",
    "Purpose of processing",
    "Name and contact details of joint controller (if applicable)",
    "Categories of individuals",
    "Categories of personal data",
    "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are transferred to (if applicable)",
    "Safeguards for exceptional transfers of personal data to third countries or international organisations "
    "(if applicable)",
    "Retention schedule (if possible)",
    "General description of technical and organisational security measures (if possible)",
    "Article 6 lawful basis for processing personal data",
    "Article 9 condition for processing special category data",
    "Legitimate interests for the processing (if applicable)",
    "Link to record of legitimate interests assessment",
    "Rights available to individuals",
    "Existence of automated decision-making, including profiling",
    "Source of personal data",
    "Link to record of consent",
    "Location of personal data",
    "Data Protection Impact Assessment required?",
    "Data Protection Impact Assessment progress",
    "Link to Data Protection Impact Assessment",
    "Personal data breach?",
    "Link to record of personal data breach",
]


def ico_row(**cells: str) -> list[str]:
    """A row of the template: cells by header label (the start of it is enough)."""
    row = [""] * len(ICO_HEADER)
    for start, value in cells.items():
        index = next(i for i, label in enumerate(ICO_HEADER) if label.lower().startswith(start.lower()))
        row[index] = value
    return row


def workbook(rows: list[list], header: list[str] = ICO_HEADER, title_rows: int = 3) -> bytes:
    """An XLSX like the ICO's: a few title lines above the header, then the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Controller"
    for n in range(title_rows):
        sheet.append([f"Record of processing activities — line {n + 1}"] if n == 0 else [])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def org(db) -> Organisation:
    return f.organisation(name="Shoe Shop Ltd", country="GB")


@pytest.fixture
def mailchimp(db):
    return f.third_party(
        name="Mailchimp",
        legal_entity="The Rocket Science Group LLC",
        country="US",
        default_role=RecipientRole.PROCESSOR,
    )


def census() -> dict[str, int]:
    """Rows of every register model and of its history table."""
    counts = {}
    for model in apps.get_app_config("ropa").get_models():
        counts[model._meta.label] = model._default_manager.count()
    return counts


@pytest.fixture
def unchanged_database(db):
    """Asserts at the end of the test that the database holds what it held at its start."""
    before = census()
    yield before
    assert census() == before
