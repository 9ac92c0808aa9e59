"""Joining the parts of a chunked register PDF with pypdf: the pages in order, the margins stamped from an
overlay, the links of every part pointed at the page their anchor landed on, and the outline rebuilt.

The stamp is cheap on purpose: pypdf's `merge_page` parses and rewrites both content streams of every page;
here each overlay page becomes a form XObject, and the page's contents get two shared streams around its own
(`q` before, `Q q /RopaStamp Do Q` after), so the register's pages are copied, never parsed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import cast

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
)

from .pdf_worker import PX_TO_PT, Part

__all__ = ["join"]

_STAMP = NameObject("/RopaStamp")


def join(parts: Sequence[Part], overlays: Sequence[bytes]) -> bytes:
    """One PDF of `parts` in order, each page stamped with the same page of the overlays (read in order)."""
    writer = PdfWriter()
    offsets: list[int] = []
    for number, part in enumerate(parts):
        offsets.append(len(writer.pages))
        reader = PdfReader(io.BytesIO(part.pdf))
        if number == 0:  # the document's title and language, as WeasyPrint wrote them for the first part
            writer.add_metadata(dict(reader.metadata or {}))
            if "/Lang" in reader.root_object:
                writer.root_object[NameObject("/Lang")] = reader.root_object["/Lang"].clone(writer)
        for page in reader.pages:
            if "/Annots" in page:  # the links are made again below, to pages of the joined document
                del page[NameObject("/Annots")]
            writer.add_page(page)
    _stamp(writer, overlays)
    anchors = {
        name: (offset + page, y)
        for part, offset in zip(parts, offsets, strict=True)
        for name, (page, y) in part.anchors.items()
    }
    _link(writer, parts, offsets, anchors)
    _outline(writer, parts, offsets)
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamp(writer: PdfWriter, overlays: Sequence[bytes]) -> None:
    before = _stream(writer, b"q\n")
    after = _stream(writer, b"Q q " + _STAMP.encode() + b" Do Q\n")
    pages = iter(writer.pages)
    for overlay in overlays:
        for stamp in PdfReader(io.BytesIO(overlay)).pages:
            page = next(pages)
            form = _form(writer, stamp)
            resources = DictionaryObject(cast(DictionaryObject, page["/Resources"].get_object()))
            xobjects = DictionaryObject(
                cast(DictionaryObject, resources.get("/XObject", DictionaryObject()).get_object())
            )
            xobjects[_STAMP] = form
            resources[NameObject("/XObject")] = xobjects
            page[NameObject("/Resources")] = resources
            contents = page.raw_get("/Contents")
            own = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
            page[NameObject("/Contents")] = ArrayObject([before, *own, after])
    if next(pages, None) is not None:
        raise ValueError("The overlay has fewer pages than the document.")


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _form(writer: PdfWriter, stamp: PageObject) -> IndirectObject:
    """The overlay page as a form XObject of the writer (its font is copied once for all the overlay's pages)."""
    form = stamp.raw_get("/Contents").clone(writer).get_object()
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = stamp.mediabox
    form[NameObject("/Resources")] = stamp.raw_get("/Resources").clone(writer)
    return form.indirect_reference


def _link(writer: PdfWriter, parts: Sequence[Part], offsets: list[int], anchors: dict[str, tuple[int, float]]) -> None:
    for part, offset in zip(parts, offsets, strict=True):
        for page, target, (x1, y1, x2, y2) in part.links:
            if target not in anchors:
                continue
            height = float(writer.pages[offset + page].mediabox.height)
            to, y = anchors[target]
            rect = (x1 * PX_TO_PT, height - y2 * PX_TO_PT, x2 * PX_TO_PT, height - y1 * PX_TO_PT)
            link = Link(rect=rect, target_page_index=to, fit=Fit.xyz(top=height - y * PX_TO_PT))
            writer.add_annotation(offset + page, link)


def _outline(writer: PdfWriter, parts: Sequence[Part], offsets: list[int]) -> None:
    """The outline of the headings of all parts, nested by heading level as WeasyPrint nests it."""
    stack: list[tuple[int, IndirectObject]] = []
    for part, offset in zip(parts, offsets, strict=True):
        for level, label, page, x, y in part.bookmarks:
            while stack and stack[-1][0] >= level:
                stack.pop()
            height = float(writer.pages[offset + page].mediabox.height)
            item = writer.add_outline_item(
                title=label,
                page_number=offset + page,
                parent=stack[-1][1] if stack else None,
                fit=Fit.xyz(left=x * PX_TO_PT, top=height - y * PX_TO_PT, zoom=0),
            )
            stack.append((level, item))
