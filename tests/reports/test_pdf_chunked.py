"""The chunked PDF of a large register: parts laid out in worker processes and joined. It carries the same text
as a single pass paginated alike, its contents point at the pages the activities start on, every page has
its margins, the outline and links survive the join, the time limit stops it with its workers, and no worker
fetches anything."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from ropa.models import RegisterExport
from ropa.register.cache import cached_register
from ropa.reports import pdf_pool
from ropa.reports.exporters import ExportContext, pdf
from ropa.reports.pdf_parts import processor_runs
from ropa.reports.service import export_register
from ropa.reports.timeout import RenderTimeout
from tests import factories as f

from .helpers import contents_page, pdf_pages, squash
from .test_pdf_fetcher import _document, server  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

CHUNK = 2


@pytest.fixture
def chunked(settings):
    settings.PDF_CHUNK_ACTIVITIES = CHUNK
    settings.PDF_WORKERS = 2


@pytest.fixture
def org(demo):
    """The demo register (controller, joint-controller and processor activities) and five more: 8 controller
    activities, so 4 controller parts, and a processor part."""
    f.bulk_register(demo.org, 5)
    return demo.org


def _context(org_id: int, include_findings: bool = True) -> ExportContext:
    register = cached_register(org_id)
    return ExportContext(
        export_id=4321,
        generated_at=timezone.now(),
        generated_by="dpo",
        include_retired=False,
        register=register,
        include_findings=include_findings,
    )


def _lines(page: str) -> list[str]:
    """A page's lines without the contents' dot leaders (the single pass has them, the parts do not)."""
    lines = (re.sub(r"\s*(\. ?){2,}\s*", " ", line).split() for line in page.splitlines())
    return sorted(" ".join(words) for words in lines if words)


@pytest.mark.parametrize("size", [1, CHUNK])  # 1: the overview's rows in two parts too
def test_a_chunked_and_a_single_pass_render_carry_the_same_text_page_by_page(org, chunked, size):
    context = _context(org.pk)
    chunked_pages = pdf_pages(pdf.render_chunked(context.register, context, size, 2))
    single_pages = pdf_pages(pdf.render_single_pass(context.register, context, break_every=size))
    assert len(chunked_pages) == len(single_pages) > 10
    for number, (ours, theirs) in enumerate(zip(chunked_pages, single_pages, strict=True), start=1):
        assert _lines(ours) == _lines(theirs), number
    text = "\n".join(chunked_pages)
    assert "Annex: compliance findings" in text and "End of the annex of export #4321." in text
    assert "Bulk activity 4" in text and "Third parties" in text


def test_the_contents_numbers_are_the_pages_the_activities_start_on(org, chunked):
    content = export_register(org.pk, "pdf")[1]
    pages = pdf_pages(content)
    toc = contents_page(pages)
    for i in range(5):
        ref = f"BULK-{i:05d}"
        listed = int(next(line for line in toc.splitlines() if ref in line).split()[-1])
        starts = [n for n, page in enumerate(pages, start=1) if squash(f"{ref} — Bulk activity {i}") in squash(page)]
        assert starts == [listed], (ref, listed, starts)


def test_every_page_has_the_export_id_the_digest_and_its_number(org, chunked):
    entry, content = export_register(org.pk, "pdf")
    digest = _context(org.pk, include_findings=False).content_sha256
    pages = pdf_pages(content)
    for number, page in enumerate(pages, start=1):
        text = squash(page)
        assert f"Export#{entry.pk}·registercontentSHA-256{digest}" in text, number
        assert f"Page{number}of{len(pages)}" in text, number
        assert squash(f"{org.name} — Live register at") in text, number


def test_the_outline_the_contents_links_and_the_metadata_survive_the_join(org, chunked):
    reader = PdfReader(io.BytesIO(export_register(org.pk, "pdf")[1]))
    pages = [page.extract_text() for page in reader.pages]
    starts = {
        f"BULK-{i:05d}": next(
            n for n, p in enumerate(pages) if squash(f"BULK-{i:05d} — Bulk activity {i}") in squash(p)
        )
        for i in range(5)
    }

    def flat(items: list) -> list:
        return [x for item in items for x in (flat(item) if isinstance(item, list) else [item])]

    outline = {item.title: reader.get_destination_page_number(item) for item in flat(reader.outline)}
    assert reader.outline[0].title == org.name  # one tree under the title, as the single pass has it
    assert reader.metadata.title == f"Record of processing activities — {org.name}"
    assert reader.root_object["/Lang"] == "en"
    for ref, page in starts.items():
        title = next(t for t in outline if t.startswith(ref))
        assert outline[title] == page, ref
    toc_page = next(n for n, p in enumerate(pages) if "Contents" in p.splitlines())
    targets = []
    for annotation in reader.pages[toc_page].get("/Annots", []):
        link = annotation.get_object()
        destination = link["/Dest"] if "/Dest" in link else link["/A"]["/D"]
        targets.append(reader.get_page_number(destination[0].get_object()))
    assert set(starts.values()) <= set(targets)


def test_processor_runs_split_groups_and_say_which_run_opens_a_group():
    groups = [{"activities": ["a1", "a2", "a3"]}, {"activities": ["b1"]}]
    runs = processor_runs(groups, 2)
    shape = [[(entry["index"], entry["activities"], entry["first"]) for entry in run] for run in runs]
    assert shape == [[(1, ["a1", "a2"], True)], [(1, ["a3"], False), (2, ["b1"], True)]]


def test_a_register_within_one_chunk_is_laid_out_in_one_pass(demo, settings, monkeypatch):
    settings.PDF_CHUNK_ACTIVITIES = 50

    def refuse(*args, **kwargs):
        raise AssertionError("a small register is not chunked")

    monkeypatch.setattr(pdf, "render_chunked", refuse)
    assert export_register(demo.org.pk, "pdf")[1].startswith(b"%PDF")


class _Recording(pdf_pool.ProcessPoolExecutor):
    processes: list = []

    def submit(self, *args, **kwargs):
        future = super().submit(*args, **kwargs)
        type(self).processes.extend(p for p in (self._processes or {}).values() if p not in type(self).processes)
        return future


def test_the_time_limit_stops_a_chunked_render_and_its_workers(org, chunked, monkeypatch):
    export_register(org.pk, "pdf")  # the fork server is started (and WeasyPrint imported) before the clock runs
    _Recording.processes = []
    monkeypatch.setattr(pdf_pool, "ProcessPoolExecutor", _Recording)
    before = RegisterExport.objects.filter(organisation=org).count()
    with pytest.raises(RenderTimeout):
        export_register(org.pk, "pdf", timeout=0.3)
    assert _Recording.processes, "the render had started its workers"
    assert [p.exitcode is None for p in _Recording.processes] == [False] * len(_Recording.processes)
    assert RegisterExport.objects.filter(organisation=org).count() == before  # the entry is rolled back


def test_no_worker_fetches_an_external_resource(org, chunked, server, monkeypatch):  # noqa: F811
    base, hits = server
    make_parts, join = pdf.make_parts, pdf.join
    refused: list[list[str]] = []

    def with_external_resources(*args, **kwargs):
        parts = make_parts(*args, **kwargs)
        parts.body = [html.replace("</body>", _document(base) + "</body>") for html in parts.body]
        return parts

    def recording(laid_out, overlays):
        refused.extend(part.refused for part in laid_out)
        return join(laid_out, overlays)

    monkeypatch.setattr(pdf, "make_parts", with_external_resources)
    monkeypatch.setattr(pdf, "join", recording)
    entry, content = export_register(org.pk, "pdf")
    assert content.startswith(b"%PDF") and entry.sha256
    assert hits == []
    body = refused[2:]
    assert len(body) > 4 and all(f"{base}/logo.png" in urls for urls in body)


def test_long_contents_follow_the_sign_off_on_its_page(demo, settings):
    """Contents longer than a page are not moved whole to the next page (which left the sign-off alone on a page
    three-quarters empty): they start under the sign-off."""
    settings.PDF_CHUNK_ACTIVITIES = 25
    settings.PDF_WORKERS = 2
    f.bulk_register(demo.org, 45)  # over 40 activities with the demo's: contents longer than a page
    pages = pdf_pages(export_register(demo.org.pk, "pdf")[1])
    sign_off = next(page for page in pages if "Approval of this version" in page)
    assert "Contents" in sign_off.splitlines()
