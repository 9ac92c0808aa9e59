"""The PDF's block layout: contents entries point at the page each activity starts on, and the renderer's
pause of the cyclic garbage collector does not leak out of it."""

from __future__ import annotations

import gc

import pytest

from ropa.reports.service import export_register
from tests import factories as f

from .helpers import contents_page, pdf_pages, squash

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_org():
    org = f.organisation(name="Layout Org UAB")
    f.bulk_register(org, 3)
    return org


def test_contents_page_numbers_are_the_pages_the_activities_start_on(small_org):
    pages = pdf_pages(export_register(small_org.pk, "pdf")[1])
    toc = contents_page(pages)
    for i in range(3):
        ref = f"BULK-{i:05d}"
        listed = int(next(line for line in toc.splitlines() if ref in line).split()[-1])
        starts = [n for n, page in enumerate(pages, start=1) if squash(f"{ref} — Bulk activity {i}") in squash(page)]
        assert starts == [listed], (ref, listed, starts)  # one section per activity, on the page listed


@pytest.mark.parametrize("enabled", [True, False])
def test_pdf_rendering_leaves_the_garbage_collector_as_it_found_it(small_org, enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        export_register(small_org.pk, "pdf")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
